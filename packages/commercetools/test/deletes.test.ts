import { it } from "@effect/vitest"
import type { RunningServer } from "@sluice/commercetools-sandbox"
import { Engine, MemoryWarehouse, SyncMode } from "@sluice/source-sdk"
import { Effect, Option } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource, Tables } from "../src/index.js"
import { versions } from "./support/Expected.js"
import { allViewScopes, LocalServer, settingsFor } from "./support/LocalServer.js"

const source = "commercetools"
const everything = { selected: CommercetoolsSource.tables, all: CommercetoolsSource.tables }
const messageScopes = [...allViewScopes, "view_messages", "view_project_settings"]
/** Every table's scope but the messages' (the client reads neither the messages table nor the deletion feed). */
const withoutMessages = allViewScopes.filter((scope) => scope !== "view_messages")
const allButMessages = {
  selected: CommercetoolsSource.tables.filter((table) => table.name !== "messages"),
  all: CommercetoolsSource.tables
}
/** The tables without deletion messages that reconciliation lists (the event history is never reconciled). */
const reconcilable = Tables.tables
  .filter((table) => table.deletedBy.length === 0 && table.kept === undefined)
  .map((table) => table.name)

/** One sync run of every table, as `pnpm runner sync commercetools` runs it, into the in-memory warehouse. */
const sync = (options: { readonly reconcile?: boolean; readonly tables?: typeof everything } = {}) =>
  Effect.gen(function* () {
    const server = yield* LocalServer
    const connection = yield* CommercetoolsSource.connect(settingsFor(server))
    const { tables = everything, ...rest } = options
    return yield* Engine.run(connection, source, tables, { mode: SyncMode.incremental, ...rest })
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

/** The live rows of a table (not marked deleted), as `id#version`. */
const live = (table: string) =>
  Effect.map(rows(table), (all) =>
    versions(all.filter((row) => row[MemoryWarehouse.deletedAtField] === undefined))
  )

const storeType = (server: RunningServer, table: string) => {
  const resource = server.resources.find((candidate) => candidate.table === table)
  if (resource === undefined) throw new Error(`the server serves no ${table}`)
  return resource.type
}

/** Deletes `count` records of a table as the shop would (with its deletion message, when it has one). */
const deleteSome = (server: RunningServer, table: string, count: number, skip = 0): ReadonlyArray<string> =>
  server
    .served(table)
    .slice(skip, skip + count)
    .map((record) => {
      server.store.deleteRecord(storeType(server, table), record.id)
      return record.id
    })
    .sort()

/** Every table's live rows are exactly what the server serves: nothing live is marked, nothing deleted is live. */
const expectLiveEqualsServer = (server: RunningServer, tables: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    for (const table of tables) expect(yield* live(table), table).toEqual(versions(server.served(table)))
  })

const tableNames = CommercetoolsSource.tables.map((table) => table.name)

/** A product that is published, so deleting it takes it out of both product tables. */
const publishedProduct = (server: RunningServer): string => {
  const record = server.served("product_projections")[0]
  if (record === undefined) throw new Error("no published product")
  server.store.deleteRecord("products", record.id)
  return record.id
}

describe("deletes reach the warehouse", () => {
  it.scopedLive(
    "one plain sync marks what deletion messages report, purges customers; --reconcile then finds carts, payments and categories",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        yield* sync()
        const orders = deleteSome(server, "orders", 3)
        const customers = deleteSome(server, "customers", 2)
        const products = deleteSome(server, "product_projections", 2)
        const unpublished = server
          .served("product_projections")
          .slice(0, 2)
          .map((record) => {
            server.store.unpublishProduct(record.id)
            return record.id
          })
        const discountCodes = deleteSome(server, "discount_codes", 2)
        const inventory = deleteSome(server, "inventory", 2)
        const carts = deleteSome(server, "carts", 3)
        const payments = deleteSome(server, "payments", 2)
        const categories = deleteSome(server, "categories", 1)

        const plain = yield* sync()
        expect(plain.deletions.failures).toEqual([])
        expect(yield* marked("orders")).toEqual(orders)
        expect(yield* marked("product_projections")).toEqual([...products, ...unpublished].sort())
        expect(yield* marked("discount_codes")).toEqual(discountCodes)
        expect(yield* marked("inventory")).toEqual(inventory)
        // Personal data does not outlive the customer: the row is gone, not marked.
        const customerIds = (yield* rows("customers")).map((row) => String(row.id))
        for (const id of customers) expect(customerIds).not.toContain(id)
        expect(yield* marked("customers")).toEqual([])
        // No message for these: they wait for reconciliation (the first import counted as one).
        expect(yield* marked("carts")).toEqual([])
        expect(yield* marked("payments")).toEqual([])
        expect(yield* marked("categories")).toEqual([])
        yield* expectLiveEqualsServer(server, [
          "orders",
          "customers",
          "product_projections",
          "discount_codes",
          "inventory"
        ])

        const reconciled = yield* sync({ reconcile: true })
        expect(reconciled.deletions.failures).toEqual([])
        expect([...reconciled.deletions.reconciled].sort()).toEqual([...reconcilable].sort())
        expect(yield* marked("carts")).toEqual(carts)
        expect(yield* marked("payments")).toEqual(payments)
        expect(yield* marked("categories")).toEqual(categories)
        yield* expectLiveEqualsServer(server, tableNames)
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(LocalServer.layer({ orders: 300, scopes: messageScopes }))
      ),
    120_000
  )

  it.scopedLive(
    "records deleted while a sync reads its tables are marked by that sync or the next, and nothing live is",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        yield* sync()
        // Touch every order so the next read has many pages; delete some between its pages.
        for (const record of server.served("orders")) server.store.update("orders", record.id)
        const deleted: Array<string> = []
        let pages = 0
        const stop = server.onRequest((info) => {
          if (info.kind !== "list") return
          if (info.resource === "orders" && ++pages <= 3) {
            deleted.push(...deleteSome(server, "orders", 2, pages * 7))
            deleted.push(...deleteSome(server, "inventory", 1, pages * 5))
          }
        })
        yield* sync()
        stop()
        yield* sync()
        expect(deleted).toHaveLength(9)
        const orders = (yield* rows("orders")).map((row) => String(row.id))
        const inventory = (yield* rows("inventory")).map((row) => String(row.id))
        const markedNow = [...(yield* marked("orders")), ...(yield* marked("inventory"))]
        // Each deleted record is either marked or was never written; none stays live.
        for (const id of deleted) {
          if (orders.includes(id) || inventory.includes(id)) expect(markedNow).toContain(id)
        }
        yield* expectLiveEqualsServer(server, tableNames)
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(LocalServer.layer({ orders: 1500, scopes: messageScopes }))
      ),
    120_000
  )

  it.scopedLive(
    "an idle run costs one request per table, one for deletion messages and one token; no project settings, no listing",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        yield* sync()
        yield* sync()
        const kinds: Array<string> = []
        const stop = server.onRequest((info) => {
          kinds.push(info.kind === "list" ? `list ${info.resource}` : info.kind)
        })
        const before = { api: server.stats.apiRequests, token: server.stats.tokenRequests }
        yield* sync()
        stop()
        const api = server.stats.apiRequests - before.api
        const tokens = server.stats.tokenRequests - before.token
        expect(tokens).toBeLessThanOrEqual(1)
        expect(api, kinds.join(", ")).toBeLessThanOrEqual(tableNames.length + 1)
        // One for the messages table, one for the deletion feed.
        expect(kinds.filter((kind) => kind === "list messages")).toHaveLength(2)
        expect(kinds.filter((kind) => kind === "project" || kind === "graphql")).toEqual([])
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(LocalServer.layer({ orders: 200, scopes: messageScopes }))
      ),
    120_000
  )

  it.scopedLive(
    "with messages switched off, --reconcile finds the deletions and says why the messages were not trusted",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        yield* sync()
        server.store.setMessagesEnabled(false)
        const orders = deleteSome(server, "orders", 3)
        const inventory = deleteSome(server, "inventory", 2)
        const run = yield* sync({ reconcile: true })
        expect(run.deletions.failures).toEqual([])
        expect(run.deletions.uncovered).toContainEqual({
          table: "orders",
          reason: "messages are disabled in the project"
        })
        expect(run.deletions.reconciled).toContain("orders")
        expect(yield* marked("orders")).toEqual(orders)
        expect(yield* marked("inventory")).toEqual(inventory)
        yield* expectLiveEqualsServer(server, tableNames)
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(LocalServer.layer({ orders: 200, scopes: messageScopes }))
      ),
    120_000
  )

  it.scopedLive(
    "a client without view_messages syncs, never asks for messages, and finds deletions by reconciliation",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        yield* sync({ tables: allButMessages })
        const orders = deleteSome(server, "orders", 2)
        const customers = deleteSome(server, "customers", 1)
        let messageReads = 0
        const stop = server.onRequest((info) => {
          if (info.kind === "list" && info.resource === "messages") messageReads++
        })
        const run = yield* sync({ reconcile: true, tables: allButMessages })
        stop()
        expect(messageReads).toBe(0)
        expect(run.deletions.failures).toEqual([])
        expect(run.deletions.uncovered).toContainEqual({
          table: "orders",
          reason: "the API client lacks the view_messages scope"
        })
        expect(yield* marked("orders")).toEqual(orders)
        const customerIds = (yield* rows("customers")).map((row) => String(row.id))
        for (const id of customers) expect(customerIds).not.toContain(id)
        yield* expectLiveEqualsServer(
          server,
          tableNames.filter((table) => table !== "messages")
        )
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(LocalServer.layer({ orders: 200, scopes: withoutMessages }))
      ),
    120_000
  )

  it.scopedLive("deletion messages last read longer ago than the project keeps them are not trusted", () =>
    Effect.gen(function* () {
      const server = yield* LocalServer
      server.store.setMessageRetention(2)
      const connection = yield* CommercetoolsSource.connect(settingsFor(server))
      const feed = yield* Effect.fromNullable(connection.deletions).pipe(Effect.orDie)
      const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString()
      const recent = yield* feed.coverage({ lastRead: Option.some(daysAgo(1.5)), thorough: true })
      expect(recent.uncovered).toEqual([])
      const stale = yield* feed.coverage({ lastRead: Option.some(daysAgo(3)), thorough: false })
      expect(stale.covered).toEqual([])
      expect(stale.uncovered[0]?.reason).toMatch(/longer ago than the 2 days the project keeps them/)
    }).pipe(Effect.provide(LocalServer.layer({ orders: 50, scopes: messageScopes })))
  )
})

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
          [...byMessage, ...byListing].map((table) => [table, deleteSome(server, table, 1)[0]])
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
        yield* expectLiveEqualsServer(server, tableNames)
      }).pipe(
        Effect.provide(MemoryWarehouse.layer()),
        Effect.provide(
          LocalServer.layer({
            orders: 300,
            scopes: messageScopes
          })
        )
      ),
    120_000
  )
})
