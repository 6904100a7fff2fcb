import { NodeHttpClient } from "@effect/platform-node"
import { Http, KeysetRead, type Table } from "@sluice/source-sdk"
import { Context, Layer, Schema } from "effect"
import { type Config, maxPageSize } from "./Config.js"

/** The library API over the SDK's HTTP layer: retries, Retry-After, limits, errors, the credential check. */
export class LibraryApi extends Context.Tag("@sluice/source-example/LibraryApi")<
  LibraryApi,
  Http.HttpShape
>() {}

/** Records per request, from the settings. */
export class PageSize extends Context.Tag("@sluice/source-example/PageSize")<PageSize, number>() {}

/** The API's error body, `{ error: { code, message } }`: its words go into error messages. */
const ErrorBody = Schema.Struct({ error: Schema.Struct({ code: Schema.String, message: Schema.String }) })

export const layer = (config: Config) =>
  Layer.merge(
    Http.layer(LibraryApi, {
      baseUrl: config.apiUrl,
      api: "the library API",
      source: "example",
      // A static token: one `GET /me` proves it before any table syncs.
      auth: Http.bearer(config.apiToken, { path: "/me" }),
      errorBody: Http.errorBody(ErrorBody, (body) => body.error)
    }),
    Layer.succeed(PageSize, config.pageSize ?? maxPageSize)
  ).pipe(Layer.provide(NodeHttpClient.layerUndici))

/** Reads a list endpoint such as `/books` by key-set pages; the API takes the SDK's query parameters as they are. */
export const readList = (path: string): Table.Reader<LibraryApi | PageSize> =>
  KeysetRead.list({ http: LibraryApi, limit: PageSize, path })
