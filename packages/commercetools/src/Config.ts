import { Settings } from "@sluice/source-sdk"
import { Schema } from "effect"

/** The regions commercetools hosts projects in, as they appear in its host names. */
export const regions = [
  "us-central1.gcp",
  "us-east-2.aws",
  "europe-west1.gcp",
  "eu-central-1.aws",
  "australia-southeast1.gcp"
] as const

export const Region = Schema.Literal(...regions)
export type Region = typeof Region.Type

/** What a person reads next to each region in a setup form. */
export const regionLabels: Readonly<Record<Region, string>> = {
  "us-central1.gcp": "North America (GCP, us-central1)",
  "us-east-2.aws": "North America (AWS, us-east-2)",
  "europe-west1.gcp": "Europe (GCP, europe-west1)",
  "eu-central-1.aws": "Europe (AWS, eu-central-1)",
  "australia-southeast1.gcp": "Australia (GCP, australia-southeast1)"
}

const HttpUrl = Schema.String.pipe(
  Schema.filter((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: () => "expected an http(s) URL"
  })
)

const PositiveInt = Schema.NumberFromString.pipe(Schema.int(), Schema.positive())

const fields = Schema.Struct({
  region: Schema.optionalWith(
    Region.pipe(
      Settings.setting({
        env: "CTP_REGION",
        title: "Region",
        description:
          "The region your project is hosted in, e.g. europe-west1.gcp. Required unless CTP_AUTH_URL and CTP_API_URL are both set."
      })
    ),
    { exact: true }
  ),
  projectKey: Schema.NonEmptyTrimmedString.pipe(
    Settings.setting({
      env: "CTP_PROJECT_KEY",
      title: "Project key",
      description: "The key of your project (Merchant Center: Settings > Developer settings)."
    })
  ),
  clientId: Schema.NonEmptyTrimmedString.pipe(
    Settings.setting({
      env: "CTP_CLIENT_ID",
      title: "Client ID",
      description: "The client ID of a read-only API client."
    })
  ),
  clientSecret: Schema.Redacted(Schema.NonEmptyString).pipe(
    Settings.setting({
      env: "CTP_CLIENT_SECRET",
      title: "Client secret",
      description: "The client secret of that API client (shown once, when the client is created).",
      secret: true
    })
  ),
  authUrl: Schema.optionalWith(
    HttpUrl.pipe(
      Settings.setting({
        env: "CTP_AUTH_URL",
        title: "Auth URL",
        description: "Overrides the region's auth host (private deployments, local servers)."
      })
    ),
    { exact: true }
  ),
  apiUrl: Schema.optionalWith(
    HttpUrl.pipe(
      Settings.setting({
        env: "CTP_API_URL",
        title: "API URL",
        description: "Overrides the region's API host (private deployments, local servers)."
      })
    ),
    { exact: true }
  ),
  concurrency: Schema.optionalWith(
    PositiveInt.pipe(
      Settings.setting({
        env: "CTP_CONCURRENCY",
        title: "Concurrency",
        description: "How many API requests may be in flight at once (default 6)."
      })
    ),
    { exact: true, default: () => 6 }
  ),
  requestsPerSecond: Schema.optionalWith(
    PositiveInt.pipe(
      Settings.setting({
        env: "CTP_REQUESTS_PER_SECOND",
        title: "Requests per second",
        description: "The most API requests started per second (default 40)."
      })
    ),
    { exact: true, default: () => 40 }
  )
})

/** The commercetools source's configuration. The region names both hosts unless both are overridden. */
export const Config = fields.pipe(
  Schema.filter(
    (config) =>
      config.region !== undefined ||
      (config.authUrl !== undefined && config.apiUrl !== undefined) ||
      `missing region (CTP_REGION): expected one of ${regions.join(", ")} (or set both CTP_AUTH_URL and CTP_API_URL)`
  )
)
export type Config = typeof Config.Type
export type ConfigInput = typeof Config.Encoded

export interface Hosts {
  readonly authUrl: string
  readonly apiUrl: string
}

const trimSlash = (url: string) => url.replace(/\/+$/, "")

/** The auth and API hosts: overrides when given, otherwise the region's. */
export const hosts = (config: Config): Hosts => ({
  authUrl: trimSlash(config.authUrl ?? `https://auth.${config.region ?? regions[0]}.commercetools.com`),
  apiUrl: trimSlash(config.apiUrl ?? `https://api.${config.region ?? regions[0]}.commercetools.com`)
})
