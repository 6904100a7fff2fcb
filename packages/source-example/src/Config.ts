import { Settings } from "@sluice/source-sdk"
import { Schema } from "effect"

/** The API's cap on `limit`. */
export const maxPageSize = 100

/** The settings: each names its env variable (flags first, then the environment; errors name them too). */
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
  // Optional: `optionalWith(…, { exact: true })` keeps the annotation where Settings finds it.
  pageSize: Schema.optionalWith(
    Settings.setting({
      env: "EXAMPLE_PAGE_SIZE",
      title: "Page size",
      description: `Records per request, 1 to ${maxPageSize} (default ${maxPageSize})`
    })(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, maxPageSize))),
    { exact: true }
  )
})
export type Config = typeof Config.Type
