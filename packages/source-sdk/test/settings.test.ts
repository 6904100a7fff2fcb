import { describe, expect, it } from "@effect/vitest"
import { Either, Redacted, Schema } from "effect"
import { type ConfigError, Settings } from "../src/index.js"

const Config = Schema.Struct({
  region: Settings.setting({ env: "SHOP_REGION", title: "Region", description: "Where the shop is hosted" })(
    Schema.Literal("eu", "us")
  ),
  projectKey: Settings.setting({ env: "SHOP_PROJECT", title: "Project", description: "The project key" })(
    Schema.String
  ),
  clientSecret: Settings.setting({
    env: "SHOP_SECRET",
    title: "Client secret",
    description: "The API client's secret",
    secret: true
  })(Schema.Redacted(Schema.String.pipe(Schema.minLength(8)))),
  // optionalWith exact keeps the annotation on the property's type; plain `optional` wraps it in a union.
  pageSize: Schema.optionalWith(
    Settings.setting({ env: "SHOP_PAGE_SIZE", title: "Page size", description: "Records per request" })(
      Schema.NumberFromString
    ),
    { exact: true }
  )
})

const failure = (result: Either.Either<unknown, ConfigError>): ConfigError => {
  if (Either.isRight(result)) throw new Error("expected a ConfigError")
  return result.left
}

describe("Settings.describe", () => {
  it("lists each setting with its env variable, whether it is secret or required, and its choices", () => {
    expect(Settings.describe(Config)).toEqual([
      expect.objectContaining({ name: "region", env: "SHOP_REGION", choices: ["eu", "us"], required: true }),
      expect.objectContaining({ name: "projectKey", env: "SHOP_PROJECT", secret: false, required: true }),
      expect.objectContaining({ name: "clientSecret", env: "SHOP_SECRET", secret: true }),
      expect.objectContaining({ name: "pageSize", env: "SHOP_PAGE_SIZE", required: false })
    ])
  })
})

describe("Settings.load", () => {
  it("reads explicit values first, then the environment", () => {
    const config = Either.getOrThrow(
      Settings.load(
        Config,
        { region: "eu" },
        { SHOP_REGION: "us", SHOP_PROJECT: "p", SHOP_SECRET: "s3cret-value" }
      )
    )
    expect(config.region).toBe("eu")
    expect(config.projectKey).toBe("p")
    expect(Redacted.value(config.clientSecret)).toBe("s3cret-value")
    expect(config.pageSize).toBeUndefined()
  })

  it("lists every missing setting with its env name", () => {
    const error = failure(Settings.load(Config, { region: "eu" }, {}))
    expect(error.reason).toBe("Missing")
    expect(error.fields).toEqual(["projectKey", "clientSecret"])
    expect(error.message).toBe("missing settings: projectKey (SHOP_PROJECT), clientSecret (SHOP_SECRET)")
  })

  it("treats an empty value as missing", () => {
    const error = failure(
      Settings.load(Config, { region: "eu", projectKey: "", clientSecret: "s3cret-value" }, {})
    )
    expect(error.fields).toEqual(["projectKey"])
  })

  it("lists the choices of an unknown literal", () => {
    const error = failure(
      Settings.load(Config, { region: "mars", projectKey: "p", clientSecret: "s3cret-value" }, {})
    )
    expect(error.reason).toBe("Invalid")
    expect(error.fields).toEqual(["region"])
    expect(error.message).toBe('unknown region (SHOP_REGION) "mars": expected one of eu, us')
  })

  it("never echoes a missing or unknown secret's value", () => {
    const error = failure(
      Settings.load(Config, { region: "mars", projectKey: "p", clientSecret: "s3cret-value" }, {})
    )
    expect(error.message).not.toContain("s3cret-value")
  })

  it("never echoes a secret value, even when it fails its schema", () => {
    const error = failure(Settings.load(Config, { region: "eu", projectKey: "p", clientSecret: "short" }, {}))
    expect(error.fields).toEqual(["clientSecret"])
    expect(error.message).toContain("clientSecret (SHOP_SECRET)")
    expect(error.message).not.toContain("short")
  })

  it("names an invalid non-secret value and why", () => {
    const error = failure(
      Settings.load(
        Config,
        { region: "eu", projectKey: "p", clientSecret: "s3cret-value", pageSize: "many" },
        {}
      )
    )
    expect(error.fields).toEqual(["pageSize"])
    expect(error.message).toContain('invalid pageSize (SHOP_PAGE_SIZE) "many"')
  })
})
