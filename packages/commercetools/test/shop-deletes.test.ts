import { it } from "@effect/vitest"
import type { RunningServer } from "@sluice/commercetools-sandbox"
import { Engine, MemoryWarehouse, SyncMode } from "@sluice/source-sdk"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource } from "../src/index.js"
import { versions } from "./support/Expected.js"
import { allViewScopes, LocalServer, settingsFor } from "./support/LocalServer.js"

const source = "commercetools"
const everything = { selected: CommercetoolsSource.tables, all: CommercetoolsSource.tables }
const tableNames = CommercetoolsSource.tables.map((table) => table.name)

const sync = (options: { readonly reconcile?: boolean } = {}) =>
  Effect.gen(function* () {
    const server = yield* LocalServer
    const connection = yield* CommercetoolsSource.connect(settingsFor(server))
    return yield* Engine.run(connection, source, everything, { mode: SyncMode.incremental, ...options })
  })

const rows = (table: string) =>
  Effect.flatMap(MemoryWarehouse.MemoryWarehouse, (warehouse) => warehouse.rows(source, table))

const marked = (table: string) =>
  Effect.map(rows(table), (all) =>
    all
      .filter((row) => typeof row[MemoryWarehouse.deletedAtField] === "string")
      .map((row) => String(row.id))
      .sort()
  )

/** Deletes the first record a table serves as the shop would (with its deletion message, when the API has one). */
const deleteOne = (server: RunningServer, table: string): string => {
  const resource = server.resources.find((candidate) => candidate.table === table)
  const record = server.served(table)[0]
  if (resource === undefined || record === undefined) throw new Error(`the server serves no ${table}`)
  server.store.deleteRecord(resource.type, record.id)
  return record.id
}

/** A product that is published, so deleting it takes it out of both product tables. */
const publishedProduct = (server: RunningServer): string => {
  const record = server.served("product_projections")[0]
  if (record === undefined) throw new Error("no published product")
  server.store.deleteRecord("products", record.id)
  return record.id
}

describe("deletes of the whole shop", () => {
  it.scopedLive(
    "deletion messages mark stores, prices, discounts, quotes, units and products in one sync; --reconcile marks the rest; nothing live is marked",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        yield* sync()
        const byMessage = ["stores", "standalone_prices", "cart_discounts", "quotes", "business_units"]
        const byListing = ["channels", "customer_groups", "zones", "shopping_lists", "types", "product_types"]
        const deleted = new Map(
          [...byMessage, ...byListing].map((table) => [table, deleteOne(server, table)])
        )
        const product = publishedProduct(server)

        const plain = yield* sync()
        expect(plain.deletions.failures).toEqual([])
        for (const table of byMessage) expect(yield* marked(table), table).toEqual([deleted.get(table)])
        // ProductDeleted reaches both tables that hold the product.
        expect(yield* marked("products")).toEqual([product])
        expect(yield* marked("product_projections")).toEqual([product])
        // No message for these: the sync waits for reconciliation (the first import counted as one).
        for (const table of byListing) expect(yield* marked(table), table).toEqual([])

        const reconciled = yield* sync({ reconcile: true })
        expect(reconciled.deletions.failures).toEqual([])
        for (const table of byListing) {
          expect(reconciled.deletions.reconciled, table).toContain(table)
          expect(yield* marked(table), table).toEqual([deleted.get(table)])
        }
        // The event history is never reconciled; every other table's live rows are exactly the server's.
        expect(reconciled.deletions.reconciled).not.toContain("messages")
        for (const table of tableNames) {
          const live = (yield* rows(table)).filter((row) => row[MemoryWarehouse.deletedAtField] === undefined)
          expect(versions(live), table).toEqual(versions(server.served(table)))
        }
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(
          LocalServer.layer({
            orders: 300,
            scopes: [...allViewScopes, "view_messages", "view_project_settings"]
          })
        )
      ),
    120_000
  )
})
