import { Either, ParseResult, Schema } from "effect"

/** A result as a list endpoint returns it: an object with at least the fields key-set paging reads. */
const Result = Schema.Struct(
  { id: Schema.String, lastModifiedAt: Schema.String },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)

/** The body of a list endpoint (PagedQueryResponse). `total` is absent with `withTotal=false`. */
export const PagedQueryResponse = Schema.Struct({
  limit: Schema.Number,
  offset: Schema.optional(Schema.Number),
  count: Schema.Number,
  total: Schema.optional(Schema.Number),
  results: Schema.Array(Result)
})
export type PagedQueryResponse = typeof PagedQueryResponse.Type

const decode = Schema.decodeUnknownEither(PagedQueryResponse, { errors: "first" })

/** Decodes a page; on failure, says what was wrong in one line. */
export const decodePage = (body: unknown): Either.Either<PagedQueryResponse, string> =>
  Either.mapLeft(decode(body), (error) => {
    const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
    const path = issue === undefined || issue.path.length === 0 ? "" : `${issue.path.join(".")}: `
    return `${path}${issue?.message ?? "unexpected shape"}`
  })
