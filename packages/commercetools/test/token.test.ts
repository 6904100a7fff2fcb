import { it } from "@effect/vitest"
import type { Table } from "@sluice/source-sdk"
import { Effect, Option, Stream } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource } from "../src/index.js"
import { customers } from "../src/tables/customers.js"
import { orders } from "../src/tables/orders.js"
import { LocalServer, settingsFor } from "./support/LocalServer.js"

const readAll = (table: Table.TableInfo) =>
  Effect.gen(function* () {
    const server = yield* LocalServer
    const connection = yield* CommercetoolsSource.connect(settingsFor(server))
    yield* Stream.runDrain(connection.read(table, { strategy: "full", since: Option.none(), resume: {} }))
    yield* Stream.runDrain(connection.read(customers, { strategy: "full", since: Option.none(), resume: {} }))
    return { server, connection }
  })

describe("the access token", () => {
  it.scopedLive("is requested once and shared by every request when it does not expire", () =>
    Effect.gen(function* () {
      const { server } = yield* readAll(orders)
      expect(server.stats.apiRequests).toBeGreaterThan(2)
      expect(server.stats.tokenRequests).toBe(1)
    }).pipe(Effect.provide(LocalServer.layer({ orders: 600 })))
  )

  it.scopedLive(
    "is renewed exactly once when the API refuses it, however many requests saw the refusal",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const connection = yield* CommercetoolsSource.connect(settingsFor(server))
        yield* Stream.runDrain(
          connection.read(orders, { strategy: "full", since: Option.none(), resume: {} })
        )
        const tokensBefore = server.stats.tokenRequests
        const refusedBefore = server.stats.byStatus["401"] ?? 0
        server.revokeTokens()
        yield* Stream.runDrain(
          connection.read(orders, { strategy: "full", since: Option.none(), resume: {} })
        )
        expect(server.stats.byStatus["401"] ?? 0).toBeGreaterThan(refusedBefore)
        expect(server.stats.tokenRequests - tokensBefore).toBe(1)
      }).pipe(Effect.provide(LocalServer.layer({ orders: 600 })))
  )

  it.scopedLive(
    "is renewed before it expires: no request is refused when tokens live two seconds",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const connection = yield* CommercetoolsSource.connect(settingsFor(server, { concurrency: "2" }))
        const started = Date.now()
        while (Date.now() - started < 4_500) {
          yield* Stream.runDrain(
            connection.read(customers, { strategy: "full", since: Option.none(), resume: {} })
          )
          yield* Effect.sleep("200 millis")
        }
        expect(server.stats.tokenRequests).toBeGreaterThanOrEqual(3)
        expect(server.stats.byStatus["401"] ?? 0).toBe(0)
      }).pipe(Effect.provide(LocalServer.layer({ orders: 200, tokenLifetimeSeconds: 2 }))),
    30_000
  )
})
