import { describe, expect, it } from "vitest"
import {
  type Database,
  deletableTables,
  deletedIds,
  deleteLiveRecords,
  deletionsNotApplied,
  describeRun,
  eventsOf,
  feedTables,
  liveIds,
  mismatches,
  purgedTables,
  type Shop,
  sync,
  syncWhileLive,
  tableOfType,
  withShopAndDatabase
} from "./support/index.js"

describe("deletions reach the warehouse: deleted between two syncs and during one", () => {
  let shop: Shop
  let db: Database
  // A shop and a warehouse per case: each deletes records, and the shop has only a few of some kinds (stores).
  withShopAndDatabase({ orders: 2_000, seed: 21, database: "deletes", per: "test" }, (opened, fresh) => {
    shop = opened
    db = fresh
  })

  it("a plain sync applies the feed's deletions, --reconcile the rest; customers are purged; live rows equal the server", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    // During the next sync the shop creates, changes and deletes records of every kind.
    const { run: during, activity } = await syncWhileLive(shop, { deletes: true, seed: 5 }, [], { env })
    expect(during.code, describeRun(during)).toBe(0)
    const deleted = new Map<string, ReadonlyArray<string>>()
    for (const [type, ids] of Object.entries(activity.deleted)) deleted.set(tableOfType(shop, type), [...ids])
    for (const table of ["orders", "customers", "carts", "payments", "categories", "product_projections"])
      expect(deleted.get(table)?.length ?? 0, `${table} deleted during the sync`).toBeGreaterThan(0)

    // Between two syncs: two records of every table.
    const between = await deleteLiveRecords(shop, db, 2)
    for (const [table, ids] of between) deleted.set(table, [...(deleted.get(table) ?? []), ...ids])

    const plain = await sync([], { env })
    expect(plain.code, describeRun(plain)).toBe(0)
    const fed = deletableTables.filter((table) => feedTables.has(table))
    const unfed = deletableTables.filter((table) => !feedTables.has(table))
    expect(fed.length).toBeGreaterThan(0)
    expect(await deletionsNotApplied(db, deleted, fed)).toEqual({})
    for (const table of fed) {
      if (purgedTables.has(table)) continue
      const marked = await deletedIds(db, table)
      expect(
        between.get(table)?.filter((id) => !marked.has(id)),
        `${table}: deleted rows are marked`
      ).toEqual([])
    }
    // No live record marked: the live rows of the feed's tables equal the server's.
    expect(await mismatches(db, shop, fed)).toEqual([])
    // The other tables wait for their reconciliation (a routine run stays cheap): the rows deleted between stay.
    for (const table of unfed) {
      const ids = await liveIds(db, table)
      expect(
        between.get(table)?.filter((id) => !ids.has(id)),
        `${table} not reconciled yet`
      ).toEqual([])
    }

    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    expect(await deletionsNotApplied(db, deleted, deletableTables)).toEqual({})
    for (const table of deletableTables) {
      if (purgedTables.has(table)) continue
      const marked = await deletedIds(db, table)
      expect(
        between.get(table)?.filter((id) => !marked.has(id)),
        `${table}: marked`
      ).toEqual([])
    }
    expect(await mismatches(db, shop)).toEqual([])

    // A product published again is live again: its row, at the new version, is no longer marked.
    const unpublished = between.get("product_projections")?.[0] ?? ""
    expect((await deletedIds(db, "product_projections")).has(unpublished)).toBe(true)
    shop.store.update("products", unpublished, (record) => {
      record.masterData = { ...(record.masterData as object), published: true }
    })
    const again = await sync([], { env })
    expect(again.code, describeRun(again)).toBe(0)
    expect((await liveIds(db, "product_projections")).has(unpublished)).toBe(true)
    expect(await mismatches(db, shop)).toEqual([])
  })

  it("a table reconciled longer ago than --reconcile-after is reconciled by a plain sync, not sooner", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    // The first sync reads every table in full: each counts as reconciled now.
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    const gone = await deleteLiveRecords(shop, db, 1)
    const unfed = deletableTables.filter((table) => !feedTables.has(table))
    const recent = await sync(["--reconcile-after", "1h"], { env })
    expect(recent.code, describeRun(recent)).toBe(0)
    expect(eventsOf(recent, "TableReconciled")).toEqual([])
    expect(Object.keys(await deletionsNotApplied(db, gone)).sort()).toEqual([...unfed].sort())

    await new Promise((resolve) => setTimeout(resolve, 1_100))
    const due = await sync(["--reconcile-after", "1s"], { env })
    expect(due.code, describeRun(due)).toBe(0)
    expect(
      eventsOf(due, "TableReconciled")
        .map((event) => String(event.table))
        .sort()
    ).toEqual([...unfed].sort())
    expect(await deletionsNotApplied(db, gone)).toEqual({})
    expect(await mismatches(db, shop)).toEqual([])
  })
})
