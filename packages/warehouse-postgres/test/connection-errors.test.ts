import { describe, expect, it } from "@effect/vitest"
import { WarehouseError } from "@sluice/source-sdk"
import { ConfigProvider, Effect, Layer, Redacted } from "effect"
import { PostgresWarehouse } from "../src/index.js"
import { serverUnreachable, serverUrl } from "./support/Databases.js"

const password = "Sup3r-Secret-pw"

/** The server URL with another user, password, port or database. */
const variant = (change: (url: URL) => void) => {
  const url = new URL(serverUrl)
  url.password = password
  change(url)
  return url.toString()
}

const buildError = (url: string) =>
  Effect.scoped(Layer.build(PostgresWarehouse.layer({ url: Redacted.make(url) }))).pipe(Effect.flip)

const expectClear = (error: WarehouseError, hostPort: string) => {
  expect(error).toBeInstanceOf(WarehouseError)
  expect(error.reason).toBe("Connection")
  expect(error.message).toContain(`cannot connect to PostgreSQL at ${hostPort}`)
  expect(error.message).not.toContain(password)
  expect(JSON.stringify(error)).not.toContain(password)
  expect(String(error)).not.toContain(password)
}

describe("connection errors", () => {
  it.effect(
    "a port nothing listens on: reason Connection, naming host:port, never the password",
    () =>
      Effect.gen(function* () {
        const error = yield* buildError(variant((url) => (url.port = "1")))
        expectClear(error, `${new URL(serverUrl).hostname}:1`)
        expect(error.message).toContain("connection refused")
      }),
    20_000
  )

  describe.skipIf(serverUnreachable !== undefined)("against the server", () => {
    const hostPort = `${new URL(serverUrl).hostname}:${new URL(serverUrl).port || "5432"}`

    it.effect(
      "an unknown user: reason Connection, the server's reason, no password",
      () =>
        Effect.gen(function* () {
          const error = yield* buildError(variant((url) => (url.username = "no_such_user_sluice")))
          expectClear(error, hostPort)
          expect(error.message).toContain("no_such_user_sluice")
        }),
      20_000
    )

    it.effect(
      "an unknown database: reason Connection, naming the database, no password",
      () =>
        Effect.gen(function* () {
          const error = yield* buildError(variant((url) => (url.pathname = "/no_such_database_sluice")))
          expectClear(error, hostPort)
          expect(error.message).toContain('database "no_such_database_sluice" does not exist')
        }),
      20_000
    )
  })
})

describe("describing the target", () => {
  it("masks the password of a URL", () => {
    expect(
      PostgresWarehouse.describeTarget({
        url: Redacted.make(`postgres://app:${password}@127.0.0.1:5432/test`)
      })
    ).toBe("postgres://app:***@127.0.0.1:5432/test")
    expect(PostgresWarehouse.describeTarget({ dataDir: "/srv/sluice/.data/warehouse" })).toBe(
      "embedded PGlite at /srv/sluice/.data/warehouse"
    )
    expect(PostgresWarehouse.describeTarget({ memory: true })).toBe("embedded PGlite in memory")
  })

  it.effect("layerFromEnv picks postgres.js when DATABASE_URL is set, else PGlite in dataDir", () =>
    Effect.gen(function* () {
      const withUrl = yield* PostgresWarehouse.optionsFromEnv({ dataDir: ".data/warehouse" }).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map([["DATABASE_URL", "postgres://a:b@h:1/d"]])))
      )
      expect(PostgresWarehouse.describeTarget(withUrl)).toBe("postgres://a:***@h:1/d")
      const without = yield* PostgresWarehouse.optionsFromEnv({ dataDir: ".data/warehouse" }).pipe(
        Effect.withConfigProvider(ConfigProvider.fromMap(new Map()))
      )
      expect(without).toEqual({ dataDir: ".data/warehouse" })
    })
  )
})
