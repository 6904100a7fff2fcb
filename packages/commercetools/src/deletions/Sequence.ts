import { KeysetRead, SourceError, type Table } from "@sluice/source-sdk"
import { Effect, Either, ParseResult, Stream } from "effect"
import { Api } from "../Api.js"
import * as Query from "../Query.js"

/**
 * A key-set read as one sequence, one page of the API's largest size at a time: deletion reads are rare and
 * mostly small, so slicing them would only add requests.
 */
export const readSequence = (
  fetch: (
    api: Api["Type"]
  ) => (page: KeysetRead.KeysetQuery) => Effect.Effect<KeysetRead.FetchedPage, SourceError>,
  request: Table.ReadRequest,
  keys: { readonly cursorField: string; readonly primaryKey: string }
): Stream.Stream<Table.Page, SourceError, Api> =>
  Stream.unwrap(
    Effect.map(Api, (api) =>
      KeysetRead.read({
        fetch: fetch(api),
        limit: Query.pageLimit,
        slices: [KeysetRead.whole],
        concurrency: 1
      })(request, keys)
    )
  )

/** A decoded answer, or a Decode error: `what` commercetools sent, and where it differs from what was expected. */
export const decodedOr = <A>(
  result: Either.Either<A, ParseResult.ParseError>,
  table: string,
  what: string
): Effect.Effect<A, SourceError> =>
  Either.match(result, {
    onLeft: (error) =>
      Effect.fail(
        new SourceError({
          reason: "Decode",
          table,
          message: `${what} from commercetools (${ParseResult.TreeFormatter.formatErrorSync(error)})`
        })
      ),
    onRight: Effect.succeed
  })
