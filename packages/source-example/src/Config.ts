import { Settings } from "@sluice/source-sdk"
import { Schema } from "effect"

/**
 * The example source's settings. Each field names its environment variable; the runner reads flags first, then
 * the environment, and its error messages list missing settings by these names.
 */
export const Config = Schema.Struct({
  apiUrl: Settings.setting({
    env: "EXAMPLE_API_URL",
    title: "API URL",
    description: "Base URL of the library API, e.g. https://library.example.com"
  })(Schema.String.pipe(Schema.pattern(/^https?:\/\/\S+$/, { message: () => "an http(s) URL" }))),
  apiToken: Settings.setting({
    env: "EXAMPLE_API_TOKEN",
    title: "API token",
    description: "A token of the library API; read permissions suffice",
    secret: true
  })(Schema.Redacted(Schema.String)),
  // An optional setting: `optionalWith(…, { exact: true })` keeps the annotation where Settings finds it.
  pageSize: Schema.optionalWith(
    Settings.setting({
      env: "EXAMPLE_PAGE_SIZE",
      title: "Page size",
      description: "Records per request, 1 to 100 (default 100)"
    })(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 100))),
    { exact: true }
  )
})
export type Config = typeof Config.Type

/** The API's cap on `limit`. */
export const maxPageSize = 100
