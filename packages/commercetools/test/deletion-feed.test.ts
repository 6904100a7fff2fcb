import { it } from "@effect/vitest"
import { Effect, Option, Stream } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource } from "../src/index.js"
import { allViewScopes, LocalServer, settingsFor } from "./support/LocalServer.js"

const messageScopes = [...allViewScopes, "view_messages", "view_project_settings"]

describe("the deletion feed", () => {
  it.scopedLive(
    "reads deletion messages only, key-set by (createdAt, id), 500 a page, each deletion once under its table",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const start = new Date().toISOString()
        const orders = server
          .served("orders")
          .slice(0, 620)
          .map((record) => {
            server.store.deleteRecord("orders", record.id)
            return record.id
          })
        // Noise: changes record messages of other types, which the feed must not even download.
        for (const record of server.served("customers").slice(0, 30))
          server.store.update("customers", record.id)
        const queries: Array<URLSearchParams> = []
        const stop = server.onRequest((info) => {
          if (info.kind === "list" && info.resource === "messages") queries.push(info.query)
        })
        const connection = yield* CommercetoolsSource.connect(settingsFor(server))
        const feed = yield* Effect.fromNullable(connection.deletions).pipe(Effect.orDie)
        const pages = yield* Stream.runCollect(
          feed.read({ since: Option.some(start), after: Option.none() })
        ).pipe(Effect.map((chunk) => [...chunk]))
        stop()
        const deletions = pages.flatMap((page) => page.deletions)
        expect(pages).toHaveLength(2)
        expect(pages.map((page) => page.done)).toEqual([false, true])
        expect(deletions.map((deletion) => deletion.table)).toEqual(orders.map(() => "orders"))
        expect(deletions.map((deletion) => deletion.id).sort()).toEqual([...orders].sort())
        for (const deletion of deletions) expect(deletion.deletedAt >= start).toBe(true)
        const [first, second] = queries
        expect(first?.getAll("sort")).toEqual(["createdAt asc", "id asc"])
        expect(first?.get("limit")).toBe("500")
        expect(first?.get("withTotal")).toBe("false")
        expect(first?.get("where")).toBe(
          `type in ("OrderDeleted", "CustomerDeleted", "ProductDeleted", "ProductUnpublished", "DiscountCodeDeleted", "InventoryEntryDeleted", "StoreDeleted", "StandalonePriceDeleted", "CartDiscountDeleted", "QuoteDeleted", "BusinessUnitDeleted") and createdAt >= "${start}"`
        )
        expect(second?.get("where")).toMatch(
          /and \(createdAt > ".*" or \(createdAt = ".*" and id > ".*"\)\)$/
        )
        // The last page settles the cursor at the time it was answered, even past the last deletion.
        expect(
          Option.getOrThrow(pages[1]?.maxSeen ?? Option.none()) >= (deletions.at(-1)?.deletedAt ?? "")
        ).toBe(true)
      }).pipe(Effect.provide(LocalServer.layer({ orders: 1500, scopes: messageScopes }))),
    60_000
  )
})
