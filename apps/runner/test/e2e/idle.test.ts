import { describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  eventsOf,
  mismatches,
  pathOf,
  type Shop,
  serverRows,
  sync,
  tableNames,
  withShopAndDatabase
} from "./support/index.js"

/**
 * Rows read by sequential scans of a table's partitions so far, by every session (PostgreSQL's statistics). A
 * session reports its reads when it ends (the runner's have ended when `sync` returns; a short wait lets the last
 * land) or, while it lasts, at most once a second: this test's own (the row comparisons read whole tables) is made
 * to report first.
 */
const rowsScanned = async (db: Database, table: string): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, 1_000))
  await db.sql.query("SELECT pg_stat_force_next_flush()")
  const rows = await db.sql.query(
    "SELECT coalesce(sum(seq_tup_read), 0)::bigint AS rows FROM pg_stat_user_tables WHERE schemaname = 'commercetools' AND relname LIKE $1",
    [String.raw`${table}\_p%`]
  )
  return Number(rows[0]?.rows ?? 0)
}

describe("(d) an incremental sync with nothing new", () => {
  let shop: Shop
  let db: Database
  withShopAndDatabase({ orders: 2_000, seed: 4, database: "idle" }, (opened, fresh) => {
    shop = opened
    db = fresh
  })

  it("writes nothing and costs one list request per table, one for deletion messages, at most one token request", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    shop.server.resetStats()
    const scanned = await rowsScanned(db, "orders")
    const second = await sync([], { env })
    expect(second.code, describeRun(second)).toBe(0)
    // It reads no table whole (counting a table's rows scans all of them): of the orders, a handful at most.
    expect((await rowsScanned(db, "orders")) - scanned).toBeLessThan(100)

    const synced = eventsOf(second, "TableSynced")
    expect(synced.map((event) => event.table).sort()).toEqual([...tableNames].sort())
    for (const event of synced) {
      expect({ table: event.table, inserted: event.inserted, updated: event.updated }).toEqual({
        table: event.table,
        inserted: 0,
        updated: 0
      })
    }
    expect(eventsOf(second, "PageWritten").every((page) => page.inserted === 0 && page.updated === 0)).toBe(
      true
    )

    const stats = shop.server.stats
    // The messages endpoint serves the deletion feed (and, if the source offers it, the messages table too).
    const perPath: Record<string, number> = { messages: 1 }
    for (const table of tableNames) perPath[pathOf(table)] = (perPath[pathOf(table)] ?? 0) + 1
    expect(stats.listRequests).toEqual(perPath)
    expect(stats.tokenRequests).toBeLessThanOrEqual(1)
    expect(stats.apiRequests).toBe(tableNames.length + 1)
    expect(eventsOf(second, "DeletionsApplied").map((event) => event.requests)).toEqual([1])
    expect(await mismatches(db, shop)).toEqual([])
  })

  it("reconciliation lists ids through GraphQL at no more than 300 bytes an id", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    shop.server.resetStats()
    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    const listed = eventsOf(reconciled, "TableReconciled").reduce(
      (sum, event) => sum + Number(event.listed),
      0
    )
    // Every table the feed does not cover was listed, each id once.
    const uncovered = eventsOf(reconciled, "ReliesOnReconciliation").map((event) => String(event.table))
    expect(uncovered.length).toBeGreaterThan(0)
    expect(listed).toBe(uncovered.reduce((sum, table) => sum + serverRows(shop, table).size, 0))
    const bytes = shop.server.stats.responseBytes.graphql ?? 0
    expect(bytes).toBeGreaterThan(0)
    expect(bytes / listed).toBeLessThanOrEqual(300)
    expect(await mismatches(db, shop)).toEqual([])
  })
})
