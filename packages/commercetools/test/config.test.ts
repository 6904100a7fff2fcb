import { Settings } from "@sluice/source-sdk"
import { Either, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { Config } from "../src/index.js"

const base = { projectKey: "shop", clientId: "client", clientSecret: "very-secret-value" }
const load = (values: Settings.Settings, env: Settings.Settings = {}) =>
  Settings.load(Config.Config, values, env)

describe("Config", () => {
  it("names the region's hosts and applies the tuning defaults", () => {
    const config = Either.getOrThrow(load({ ...base, region: "europe-west1.gcp" }))
    expect(Config.hosts(config)).toEqual({
      authUrl: "https://auth.europe-west1.gcp.commercetools.com",
      apiUrl: "https://api.europe-west1.gcp.commercetools.com"
    })
    expect(config.concurrency).toBe(6)
    expect(config.requestsPerSecond).toBe(40)
    expect(Redacted.value(config.clientSecret)).toBe("very-secret-value")
    expect(String(config.clientSecret)).not.toContain("very-secret-value")
  })

  it("reads every setting from its CTP_ environment variable", () => {
    const config = Either.getOrThrow(
      load(
        {},
        {
          CTP_REGION: "us-east-2.aws",
          CTP_PROJECT_KEY: "shop",
          CTP_CLIENT_ID: "client",
          CTP_CLIENT_SECRET: "s",
          CTP_CONCURRENCY: "3",
          CTP_REQUESTS_PER_SECOND: "10"
        }
      )
    )
    expect(config).toMatchObject({
      region: "us-east-2.aws",
      projectKey: "shop",
      concurrency: 3,
      requestsPerSecond: 10
    })
    expect(Settings.describe(Config.Config).map((setting) => setting.env)).toEqual([
      "CTP_REGION",
      "CTP_PROJECT_KEY",
      "CTP_CLIENT_ID",
      "CTP_CLIENT_SECRET",
      "CTP_AUTH_URL",
      "CTP_API_URL",
      "CTP_CONCURRENCY",
      "CTP_REQUESTS_PER_SECOND"
    ])
  })

  it("describes the settings for a setup form: five regions, the secret marked", () => {
    const settings = Settings.describe(Config.Config)
    expect(settings.find((setting) => setting.name === "region")?.choices).toEqual([...Config.regions])
    expect(settings.filter((setting) => setting.secret).map((setting) => setting.name)).toEqual([
      "clientSecret"
    ])
    expect(settings.filter((setting) => setting.required).map((setting) => setting.name)).toEqual([
      "projectKey",
      "clientId",
      "clientSecret"
    ])
  })

  it("takes both URL overrides instead of a region, and trims their trailing slash", () => {
    const config = Either.getOrThrow(
      load({ ...base, authUrl: "http://127.0.0.1:4000/", apiUrl: "http://127.0.0.1:4001" })
    )
    expect(Config.hosts(config)).toEqual({
      authUrl: "http://127.0.0.1:4000",
      apiUrl: "http://127.0.0.1:4001"
    })
  })

  it("rejects an unknown region with the list of valid ones", () => {
    const error = Either.getLeft(load({ ...base, region: "mars-north1.gcp" })).pipe((option) => option)
    expect(error._tag).toBe("Some")
    const message = error._tag === "Some" ? error.value.message : ""
    expect(message).toBe(
      'unknown region (CTP_REGION) "mars-north1.gcp": expected one of us-central1.gcp, us-east-2.aws, europe-west1.gcp, eu-central-1.aws, australia-southeast1.gcp'
    )
  })

  it("requires a region unless both URLs are given", () => {
    const onlyAuth = Either.getLeft(load({ ...base, authUrl: "http://127.0.0.1:4000" }))
    expect(onlyAuth._tag === "Some" && onlyAuth.value.message).toContain(
      "missing region (CTP_REGION): expected one of us-central1.gcp"
    )
  })

  it("names every missing setting with its variable, and never echoes the secret", () => {
    const missing = Either.getLeft(load({ region: "eu-central-1.aws" }))
    expect(missing._tag === "Some" && missing.value.message).toBe(
      "missing settings: projectKey (CTP_PROJECT_KEY), clientId (CTP_CLIENT_ID), clientSecret (CTP_CLIENT_SECRET)"
    )
    const invalid = Either.getLeft(load({ ...base, region: "eu-central-1.aws", concurrency: "many" }))
    expect(invalid._tag === "Some" && invalid.value.message).toContain(
      "invalid concurrency (CTP_CONCURRENCY)"
    )
    expect(invalid._tag === "Some" && invalid.value.message).not.toContain("very-secret-value")
  })
})
