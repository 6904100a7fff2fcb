import { HttpClient, type HttpClientError, HttpClientRequest, HttpClientResponse } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { KeysetRead, SourceError, type Table } from "@sluice/source-sdk"
import { Context, Effect, Layer, Option, type ParseResult, Schedule, Schema, Stream } from "effect"
import { type Config, maxPageSize } from "./Config.js"

/** `GET /me`: who the token belongs to and what it may read. */
export const Me = Schema.Struct({
  name: Schema.String,
  permissions: Schema.Array(Schema.String)
})
export type Me = typeof Me.Type

/** A list endpoint's answer. Records stay raw JSON objects: the engine validates them and keeps unknown fields. */
const ListResponse = Schema.Struct({
  results: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

/** The API's error body: `{ error: { code, message, permission? } }`. */
const ErrorBody = Schema.Struct({
  error: Schema.Struct({
    code: Schema.String,
    message: Schema.String,
    permission: Schema.optional(Schema.String)
  })
})

export interface ExampleClientShape {
  /** Records per request, from the settings. */
  readonly pageSize: number
  readonly me: Effect.Effect<Me, SourceError>
  /** One key-set page of a list endpoint such as `/books`. */
  readonly list: (
    path: string,
    query: KeysetRead.KeysetQuery
  ) => Effect.Effect<KeysetRead.FetchedPage, SourceError>
}

/** The library API's key-set query parameters for one page. */
export const keysetParams = (query: KeysetRead.KeysetQuery): Record<string, string> => {
  const params: Record<string, string> = { order: query.order, limit: String(query.limit) }
  if (Option.isSome(query.since)) params.since = query.since.value
  if (Option.isSome(query.after)) {
    if (query.after.value.cursor !== undefined) params.after_cursor = query.after.value.cursor
    params.after_id = query.after.value.id
  }
  if (query.range.from !== undefined) params.from = query.range.from
  if (query.range.to !== undefined) params.to = query.range.to
  return params
}

const sourceError = (status: number, body: unknown): SourceError => {
  const decoded = Schema.decodeUnknownOption(ErrorBody)(body)
  const message = Option.match(decoded, {
    onNone: () => `the library API answered ${status}`,
    onSome: ({ error }) => `the library API answered ${status} ${error.code}: ${error.message}`
  })
  const permission = Option.flatMap(decoded, ({ error }) => Option.fromNullable(error.permission))
  if (status === 401) return new SourceError({ reason: "Auth", status, message })
  if (status === 403) {
    return new SourceError({
      reason: "Access",
      status,
      message,
      ...(Option.isSome(permission) ? { access: permission.value } : {})
    })
  }
  if (status === 404) return new SourceError({ reason: "NotFound", status, message })
  if (status === 429 || status >= 500) return new SourceError({ reason: "Unavailable", status, message })
  return new SourceError({ reason: "Request", status, message })
}

const toSourceError = (
  error: HttpClientError.HttpClientError | ParseResult.ParseError
): Effect.Effect<never, SourceError> => {
  switch (error._tag) {
    case "ResponseError":
      return error.response.json.pipe(
        Effect.orElseSucceed(() => undefined),
        Effect.flatMap((body) => Effect.fail(sourceError(error.response.status, body)))
      )
    case "RequestError":
      return Effect.fail(
        new SourceError({
          reason: "Unavailable",
          message: `the library API is unreachable: ${error.message}`
        })
      )
    case "ParseError":
      return Effect.fail(
        new SourceError({
          reason: "Decode",
          message: `the library API sent an unexpected body: ${error.message}`
        })
      )
  }
}

// Retries 429, 5xx and network errors a few times with jittered backoff; other errors fail at once.
const retry = Schedule.exponential("100 millis").pipe(
  Schedule.jittered,
  Schedule.intersect(Schedule.recurs(4))
)

const make = (config: Config) =>
  Effect.gen(function* () {
    const client = (yield* HttpClient.HttpClient).pipe(
      HttpClient.mapRequest((request) =>
        request.pipe(
          HttpClientRequest.prependUrl(config.apiUrl.replace(/\/$/, "")),
          HttpClientRequest.bearerToken(config.apiToken),
          HttpClientRequest.acceptJson
        )
      ),
      HttpClient.filterStatusOk
    )

    const getJson = <A, I>(
      path: string,
      schema: Schema.Schema<A, I>,
      urlParams: Record<string, string> = {}
    ) =>
      Effect.gen(function* () {
        let requests = 0
        const counted = client.pipe(
          HttpClient.tapRequest(() => Effect.sync(() => requests++)),
          HttpClient.retryTransient({ schedule: retry })
        )
        const body = yield* counted
          .get(path, { urlParams })
          .pipe(
            Effect.flatMap(HttpClientResponse.schemaBodyJson(schema)),
            Effect.scoped,
            Effect.catchAll(toSourceError)
          )
        return { body, requests }
      })

    const shape: ExampleClientShape = {
      pageSize: config.pageSize ?? maxPageSize,
      me: getJson("/me", Me).pipe(
        Effect.map(({ body }) => body),
        Effect.withSpan("ExampleClient.me")
      ),
      list: (path, query) =>
        getJson(path, ListResponse, keysetParams(query)).pipe(
          Effect.map(({ body, requests }) => ({ records: body.results, requests })),
          Effect.withSpan("ExampleClient.list", { attributes: { path } })
        )
    }
    return shape
  })

/** The library API client, with the token and base URL of the settings. */
export class ExampleClient extends Context.Tag("@sluice/source-example/ExampleClient")<
  ExampleClient,
  ExampleClientShape
>() {
  static readonly layer = (config: Config): Layer.Layer<ExampleClient> =>
    Layer.effect(ExampleClient, make(config)).pipe(Layer.provide(NodeHttpClient.layerUndici))
}

/**
 * Reads a list endpoint by key-set pages. The SDK's `KeysetRead` owns the paging loop, slices, resume and
 * ordering; the source only says how one page is fetched.
 */
export const readList =
  (path: string) =>
  (request: Table.ReadRequest): Stream.Stream<Table.Page, SourceError, ExampleClient> =>
    Stream.unwrap(
      Effect.map(ExampleClient, (client) =>
        KeysetRead.read({
          fetch: (query) => client.list(path, query),
          cursorField: "lastModifiedAt",
          primaryKey: "id",
          limit: client.pageSize,
          slices: KeysetRead.hexSlices,
          concurrency: 4
        })(request)
      )
    )
