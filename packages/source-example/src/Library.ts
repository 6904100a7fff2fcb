import { Columns, Http, KeysetRead, type Table } from "@sluice/source-sdk"
import { Context, Layer, Schema } from "effect"
import { type Config, maxPageSize } from "./Config.js"

/** The library API over the SDK's HTTP layer (retries, limits, errors, the credential check); the page size. */
export class Library extends Context.Tag("@sluice/source-example/Library")<Library, Http.HttpShape>() {}
export class PageSize extends Context.Tag("@sluice/source-example/PageSize")<PageSize, number>() {}

/** The API's error body, `{ error: { code, message } }`: its words go into error messages. */
const ErrorBody = Schema.Struct({ error: Schema.Struct({ code: Schema.String, message: Schema.String }) })

export const layer = (config: Config) =>
  Layer.merge(
    Http.layer(Library, {
      baseUrl: config.apiUrl,
      api: "the library API",
      source: "example",
      // A static token: one `GET /me` proves it before any table syncs.
      auth: Http.bearer(config.apiToken, { path: "/me" }),
      errorBody: Http.errorBody(ErrorBody, (body) => body.error)
    }),
    Layer.succeed(PageSize, config.pageSize ?? maxPageSize)
  ).pipe(Layer.provide(Http.nodeClient))

/** Reads a list endpoint such as `/books` by key-set pages; the API takes the SDK's query parameters as they are. */
export const readList = (path: string): Table.Reader<Library | PageSize> =>
  KeysetRead.list({ http: Library, limit: PageSize, path })

/** The fields every record of the API has. */
export const resourceFields = {
  id: Schema.UUID,
  version: Schema.Int.pipe(Schema.positive()),
  createdAt: Columns.Timestamp,
  lastModifiedAt: Columns.Timestamp
}

/** How every table is keyed, versioned, read and partitioned; `Table.make` checks each name against the schema. */
export const resource = {
  primaryKey: "id",
  versionField: "version",
  cursorField: "lastModifiedAt",
  partition: { field: "createdAt", grain: "month" },
  modes: ["incremental", "full_refresh", "append"]
} as const
