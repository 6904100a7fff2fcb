import { Tables } from "@sluice/commercetools"
import { startLiveShop } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  deletedIds,
  describeRun,
  freshDatabase,
  liveIds,
  mismatches,
  type Shop,
  startShop,
  storedIds,
  storeTypeOf,
  sync,
  tableNames,
  tableOfType
} from "./support/index.js"

/** The tables the source's deletion feed reports, and those whose deleted rows are purged by default. */
const feedTables = new Set(Tables.tables.filter((table) => table.deletedBy.length > 0).map((t) => t.name))
const purgedTables = new Set(Tables.tables.filter((table) => table.deletes === "purge").map((t) => t.name))
/** Every table whose records the shop deletes (the event log only ages out). */
const deletable = tableNames.filter((table) => table !== "messages")

/**
 * Deletes two records of every table that the warehouse holds live, as the shop would (messages where the API sends
 * them); of product_projections one product is unpublished, one deleted. Returns the ids per table.
 */
const deleteBetween = async (shop: Shop, db: Database): Promise<Map<string, Array<string>>> => {
  const gone = new Map<string, Array<string>>()
  for (const table of deletable) {
    const type = storeTypeOf(shop, table)
    const live = [...(await liveIds(db, table))]
    const served = new Set(shop.server.served(table).map((record) => record.id))
    const ids = live.filter((id) => served.has(id)).slice(0, 2)
    expect(ids.length, `${table} has two records to delete`).toBe(2)
    ids.forEach((id, n) => {
      if (table === "product_projections" && n === 0) shop.store.unpublishProduct(id)
      else shop.store.deleteRecord(type, id)
    })
    gone.set(table, ids)
  }
  return gone
}

/** For each table, the deleted ids that still have a live row (none expected), and for purged tables any row. */
const leftovers = async (
  db: Database,
  deleted: ReadonlyMap<string, ReadonlyArray<string>>,
  tables: ReadonlyArray<string>
) => {
  const found: Record<string, Array<string>> = {}
  for (const table of tables) {
    const ids = deleted.get(table) ?? []
    const live = await liveIds(db, table)
    const held = purgedTables.has(table) ? await storedIds(db, table) : live
    const left = ids.filter((id) => held.has(id))
    if (left.length > 0) found[table] = left
  }
  return found
}

describe("deletions reach the warehouse: deleted between two syncs and during one", () => {
  let shop: Shop
  let db: Database
  beforeAll(async () => {
    shop = await startShop({ orders: 2_000, seed: 21 })
    db = await freshDatabase("deletes")
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  it("a plain sync applies the feed's deletions, --reconcile the rest; customers are purged; live rows equal the server", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    // During the next sync the shop creates, changes and deletes records of every kind.
    const live = startLiveShop(shop.server, { deletes: true, seed: 5 })
    let during: Awaited<ReturnType<typeof sync>>
    try {
      during = await sync([], { env })
    } finally {
      live.stop()
    }
    expect(during.code, describeRun(during)).toBe(0)
    const deleted = new Map<string, Array<string>>()
    for (const [type, ids] of Object.entries(live.activity.deleted))
      deleted.set(tableOfType(shop, type), [...ids])
    for (const table of ["orders", "customers", "carts", "payments", "categories", "product_projections"])
      expect(deleted.get(table)?.length ?? 0, `${table} deleted during the sync`).toBeGreaterThan(0)

    // Between two syncs: two records of every table.
    const between = await deleteBetween(shop, db)
    for (const [table, ids] of between) deleted.set(table, [...(deleted.get(table) ?? []), ...ids])

    const plain = await sync([], { env })
    expect(plain.code, describeRun(plain)).toBe(0)
    const fed = deletable.filter((table) => feedTables.has(table))
    const unfed = deletable.filter((table) => !feedTables.has(table))
    expect(fed.length).toBeGreaterThan(0)
    expect(await leftovers(db, deleted, fed)).toEqual({})
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
    expect(await leftovers(db, deleted, deletable)).toEqual({})
    for (const table of deletable) {
      if (purgedTables.has(table)) continue
      const marked = await deletedIds(db, table)
      expect(
        between.get(table)?.filter((id) => !marked.has(id)),
        `${table}: marked`
      ).toEqual([])
    }
    expect(await mismatches(db, shop)).toEqual([])
  })
})
