import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { it } from "@effect/vitest"
import { Settings } from "@sluice/source-sdk"
import { Effect, Either, Layer, Stream } from "effect"
import { describe, expect } from "vitest"
import { Api } from "../src/Api.js"
import { Auth } from "../src/Auth.js"
import { Config } from "../src/Config.js"
import { document } from "../src/deletions/IdListing.js"
import { tables } from "../src/Tables.js"
import { allViewScopes, LocalServer, settingsFor } from "./support/LocalServer.js"

/** Bytes of GraphQL answers, from their Content-Length, as the client received them. */
const received = { bytes: 0, answers: 0, unsized: 0 }

/** Node's HTTP client, counting the size of each GraphQL answer; requests and bodies pass untouched. */
const countingClient = Layer.effect(
  HttpClient.HttpClient,
  Effect.map(HttpClient.HttpClient, (client) =>
    HttpClient.transformResponse(client, (response) =>
      Effect.tap(response, (answer) =>
        Effect.sync(() => {
          if (!answer.request.url.endsWith("/graphql")) return
          const length = Number(answer.headers["content-length"])
          received.answers++
          if (Number.isFinite(length)) received.bytes += length
          else received.unsized++
        })
      )
    )
  )
).pipe(Layer.provide(NodeHttpClient.layerUndici))

const apiFor = Effect.gen(function* () {
  const server = yield* LocalServer
  const config = yield* Either.match(Settings.load(Config, settingsFor(server)), {
    onLeft: Effect.die,
    onRight: Effect.succeed
  })
  return Api.layer(config).pipe(Layer.provideMerge(Auth.layer(config)), Layer.provide(countingClient))
})

describe("id listing through GraphQL", () => {
  it("asks for ids only, sorted by id, 500 at a time, never with an offset", () => {
    expect(document("inventoryEntries")).toBe(
      'query ListIds($where: String) { page: inventoryEntries(where: $where, sort: ["id asc"], limit: 500) { results { id } } }'
    )
  })

  it.scopedLive(
    "lists exactly the ids each table's endpoint serves, at most 300 bytes per id on average",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const layer = yield* apiFor
        let ids = 0
        // Every table but the event history (never reconciled) lists its ids.
        for (const table of tables.filter((candidate) => candidate.kept === undefined)) {
          const listing = table.listIds
          if (listing === undefined) throw new Error(`${table.name} lists no ids`)
          const listed = yield* Stream.runCollect(listing).pipe(
            Effect.map((chunks) => [...chunks].flat()),
            Effect.provide(layer)
          )
          ids += listed.length
          expect([...listed].sort(), table.name).toEqual(
            server
              .served(table.name)
              .map((record) => record.id)
              .sort()
          )
          expect(new Set(listed).size, table.name).toBe(listed.length)
        }
        expect(received.unsized).toBe(0)
        const perId = received.bytes / ids
        // The number the docs quote: npx vitest run test/id-listing.test.ts prints it.
        console.log(
          `id listing: ${ids} ids, ${received.answers} requests, ${received.bytes} bytes, ${perId.toFixed(1)} bytes per id`
        )
        expect(ids).toBeGreaterThan(2000)
        expect(perId).toBeLessThanOrEqual(300)
      }).pipe(Effect.provide(LocalServer.layer({ orders: 1200, scopes: allViewScopes }))),
    120_000
  )

  it.scopedLive(
    "without view_products, product_projections lists its ids from a full read of published products instead",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const layer = yield* apiFor
        const products = tables.find((table) => table.name === "product_projections")
        const listing = products?.listIds
        if (listing === undefined) throw new Error("product_projections lists no ids")
        const kinds: Array<string> = []
        const stop = server.onRequest((info) => {
          kinds.push(info.kind)
        })
        const listed = yield* Stream.runCollect(listing).pipe(
          Effect.map((chunks) => [...chunks].flat()),
          Effect.provide(layer)
        )
        stop()
        expect(kinds).toContain("graphql")
        expect(kinds).toContain("list")
        expect([...listed].sort()).toEqual(
          server
            .served("product_projections")
            .map((record) => record.id)
            .sort()
        )
        // The others have no such fallback: the missing scope is named.
        const orders = tables.find((table) => table.name === "orders")?.listIds
        if (orders === undefined) throw new Error("orders lists no ids")
        const error = yield* Stream.runDrain(orders).pipe(Effect.provide(layer), Effect.flip)
        expect(error.reason).toBe("Access")
        expect(error.message).toBe(
          "orders: the API client lacks the view_orders scope to list its ids for reconciliation"
        )
      }).pipe(Effect.provide(LocalServer.layer({ orders: 200, scopes: ["view_published_products"] })))
  )
})
