import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { type ConfigError, type Http, type Progress, Settings, type SourceError } from "@sluice/source-sdk"
import { Cause, Effect, Either, Exit, Layer, Logger, Option, Stream } from "effect"
import { describe, expect } from "vitest"
import { Api, Auth, CommercetoolsSource, Config } from "../src/index.js"
import { customers } from "../src/tables/customers.js"
import { orders } from "../src/tables/orders.js"
import { payments } from "../src/tables/payments.js"
import { collecting } from "./support/Events.js"
import { allViewScopes, clientSecret, LocalServer, settingsFor } from "./support/LocalServer.js"

const full = { strategy: "full", since: Option.none(), resume: {} } as const

/** Runs an effect and returns its failure, which must be a SourceError. */
const failureOf = <A, E extends SourceError | ConfigError, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.gen(function* () {
    const exit = yield* Effect.exit(effect)
    if (Exit.isSuccess(exit)) return yield* Effect.dieMessage("expected a failure")
    const failure = Cause.failureOption(exit.cause)
    if (Option.isNone(failure)) return yield* Effect.dieMessage(Cause.pretty(exit.cause))
    return failure.value
  })

const readOrders = (overrides: Record<string, string> = {}) =>
  Effect.gen(function* () {
    const server = yield* LocalServer
    const connection = yield* CommercetoolsSource.connect(settingsFor(server, overrides))
    return yield* Stream.runDrain(connection.read(orders, full))
  })

describe("failures give one clear message", () => {
  it.scopedLive(
    "wrong credentials: an Auth error naming invalid_client, asked once, without the secret",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const wrong = "wr0ng-secret-value"
        const connection = yield* CommercetoolsSource.connect(settingsFor(server, { clientSecret: wrong }))
        const error = yield* failureOf(Stream.runDrain(connection.read(orders, full)))
        expect(error._tag).toBe("SourceError")
        expect(error).toMatchObject({ reason: "Auth" })
        expect(error.message).toMatch(/^commercetools rejected the client credentials \(invalid_client\)/)
        const checked = yield* failureOf(connection.check)
        expect(checked).toMatchObject({ reason: "Auth", message: error.message })
        // A read and a check asked, one token request was made: rejected credentials stay rejected.
        expect(server.stats.tokenRequests).toBe(1)
        expect(server.stats.apiRequests).toBe(0)
        for (const text of [
          error.message,
          String(error),
          JSON.stringify(error),
          Cause.pretty(Cause.fail(error))
        ]) {
          expect(text).not.toContain(wrong)
        }
      }).pipe(Effect.provide(LocalServer.layer({ orders: 100 })))
  )

  it.scopedLive("a missing scope: an Access error naming it, and the other tables still read", () =>
    Effect.gen(function* () {
      const server = yield* LocalServer
      const connection = yield* CommercetoolsSource.connect(settingsFor(server))
      const error = yield* failureOf(Stream.runDrain(connection.read(customers, full)))
      expect(error).toMatchObject({
        reason: "Access",
        table: "customers",
        access: "view_customers",
        status: 403,
        message: "customers: the API client lacks the view_customers scope"
      })
      yield* Stream.runDrain(connection.read(orders, full))
      yield* Stream.runDrain(connection.read(payments, full))
    }).pipe(
      Effect.provide(
        LocalServer.layer({
          orders: 100,
          scopes: allViewScopes.filter((scope) => scope !== "view_customers")
        })
      )
    )
  )

  it.effect("an unknown region: a ConfigError listing the five regions", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(
        CommercetoolsSource.connect({
          region: "eu-west-9.aws",
          projectKey: "p",
          clientId: "c",
          clientSecret
        }).pipe(Effect.scoped)
      )
      expect(error).toMatchObject({
        _tag: "ConfigError",
        reason: "Invalid",
        message: `unknown region (CTP_REGION) "eu-west-9.aws": expected one of ${Config.regions.join(", ")}`
      })
    })
  )

  it.scopedLive("an unknown project: NotFound naming the project", () =>
    Effect.gen(function* () {
      const error = yield* failureOf(readOrders({ projectKey: "no-such-project" }))
      expect(error._tag === "SourceError" && error.reason).toBe("NotFound")
      expect(error.message).toBe(
        "commercetools project 'no-such-project' not found for this API client (its scopes are for 'test-project'): check the project key (CTP_PROJECT_KEY)"
      )
    }).pipe(Effect.provide(LocalServer.layer({ orders: 50 })))
  )

  it.scopedLive("a request the API rejects: a Request error carrying the API's own message", () =>
    Effect.gen(function* () {
      const server = yield* LocalServer
      const config = Either.getOrThrow(Settings.load(Config.Config, settingsFor(server), {}))
      const api = yield* Api.Api
      const error = yield* failureOf(api.get(orders.endpoint, [["limit", "501"]]))
      expect(error).toMatchObject({ reason: "Request", status: 400, table: "orders" })
      expect(error.message).toBe(
        "orders: commercetools rejected the request (400 InvalidInput: Malformed parameter: limit: The limit parameter must be in the range of [0..500])"
      )
      expect(config.projectKey).toBe("test-project")
    }).pipe(Effect.provide(apiLayer()), Effect.provide(LocalServer.layer({ orders: 10 })))
  )

  it.scopedLive(
    "an API that keeps failing: Unavailable naming the status and the attempts, each retry announced",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const api = yield* Api.Api
        const error = yield* failureOf(api.get(orders.endpoint, [["limit", "1"]]))
        expect(error).toMatchObject({ reason: "Unavailable", status: 503, table: "orders" })
        expect(error.message).toBe("orders: commercetools kept failing (status 503) after 4 attempts")
        expect(server.stats.apiRequests).toBe(4)
      }).pipe(
        Effect.provide(apiLayer()),
        Effect.provide(LocalServer.layer({ orders: 10, faults: { rate503: 1 } }))
      )
  )

  it.scopedLive(
    "the client secret appears in no error, notice or log line",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const logs: Array<string> = []
        const events: Array<Progress.SyncEvent> = []
        const logger = Logger.replace(
          Logger.defaultLogger,
          Logger.make(({ message, cause }) => void logs.push(`${String(message)} ${Cause.pretty(cause)}`))
        )
        const run = Effect.gen(function* () {
          const connection = yield* CommercetoolsSource.connect(settingsFor(server))
          yield* Effect.logInfo("connected")
          const report = yield* connection.check
          const failures = yield* Effect.forEach(CommercetoolsSource.tables, (table) =>
            Stream.runDrain(connection.read(table, full)).pipe(
              Effect.flip,
              Effect.tap((error) => Effect.logError(error.message, error)),
              Effect.option
            )
          )
          return { report, failures }
        })
        const result = yield* run.pipe(Effect.provide(Layer.merge(collecting(events), logger)))
        const everything = JSON.stringify({ result, events, logs })
        expect(logs.length).toBeGreaterThan(0)
        expect(everything).not.toContain(clientSecret)
      }).pipe(
        Effect.provide(
          LocalServer.layer({
            orders: 100,
            scopes: ["view_orders", "view_products"],
            faults: { seed: 3, rate429: 0.2, rate503: 0.1, retryAfterSeconds: 0 }
          })
        )
      ),
    30_000
  )
})

/** The API and Auth services against the local server, retrying fast (4 attempts, 10 ms backoff). */
const apiLayer = () =>
  Layer.unwrapEffect(
    Effect.map(LocalServer, (server) => {
      const config = Either.getOrThrow(Settings.load(Config.Config, settingsFor(server), {}))
      const retry: Http.RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 50 }
      return Api.Api.layer(config, { retry }).pipe(
        Layer.provideMerge(Auth.Auth.layer(config, { retry })),
        Layer.provide(NodeHttpClient.layerUndici)
      )
    })
  )
