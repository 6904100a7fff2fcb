import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  allServerRows,
  type Database,
  describeRun,
  eventsOf,
  freshDatabase,
  key,
  mismatches,
  type Shop,
  startShop,
  storeTypeOf,
  sync,
  tableNames,
  warehouseRows
} from "./support/index.js"

/** Bumps the version of the first `count` records of every table (now-stamped); returns the rows replaced. */
const modifyEveryTable = (shop: Shop, count: number): Map<string, Set<string>> => {
  const replaced = new Map<string, Set<string>>()
  for (const table of tableNames) {
    const type = storeTypeOf(shop, table)
    const old = new Set<string>()
    for (const record of shop.store.all(type).slice(0, count)) {
      old.add(key(record.id, record.version))
      shop.store.update(type, record.id, (r) => {
        r.e2eTouched = true
      })
    }
    replaced.set(table, old)
  }
  return replaced
}

describe("(e) every mode on every table", () => {
  let shop: Shop
  const dbs: Array<Database> = []
  beforeAll(async () => {
    shop = await startShop({ orders: 1_000, seed: 5 })
  })
  afterAll(async () => {
    for (const db of dbs) await db.drop()
    await shop?.close()
  })
  const database = async (name: string) => {
    const db = await freshDatabase(name)
    dbs.push(db)
    return db
  }

  it("incremental: equal after the first run, and after changes only the changes are written", async () => {
    const db = await database("modes_incremental")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync(["--mode", "incremental"], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    modifyEveryTable(shop, 3)
    const second = await sync(["--mode", "incremental"], { env })
    expect(second.code, describeRun(second)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
    for (const event of eventsOf(second, "TableSynced")) {
      expect({ table: event.table, inserted: event.inserted, updated: event.updated }).toEqual({
        table: event.table,
        inserted: 0,
        updated: 3
      })
    }
  })

  it("full_refresh: equal, and a second refresh drops a record the server no longer has", async () => {
    const db = await database("modes_full_refresh")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync(["--mode", "full_refresh"], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    modifyEveryTable(shop, 2)
    const gone = shop.store.all("orders")[10]
    expect(gone).toBeDefined()
    shop.store.remove("orders", gone?.id ?? "")
    const second = await sync(["--mode", "full_refresh"], { env })
    expect(second.code, describeRun(second)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
    expect([...(await warehouseRows(db, "orders"))].some((row) => row.startsWith(`${gone?.id}:`))).toBe(false)
    // Nothing is left behind in the shadow schema once the refresh is swapped in.
    const shadow = await db.sql.query(
      "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'commercetools__shadow'"
    )
    expect(shadow[0]?.n).toBe(0)
  })

  it("append: one row per (id, version) seen, and old versions stay after a change", async () => {
    const db = await database("modes_append")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync(["--mode", "append"], { env })
    expect(first.code, describeRun(first)).toBe(0)
    const seen = allServerRows(shop)
    expect(await mismatches(db, shop)).toEqual([])

    const replaced = modifyEveryTable(shop, 2)
    const second = await sync(["--mode", "append"], { env })
    expect(second.code, describeRun(second)).toBe(0)
    const now = allServerRows(shop)
    for (const table of tableNames) {
      const expected = new Set([...(seen.get(table) ?? []), ...(now.get(table) ?? [])])
      // warehouseRows fails on a duplicate (id, version)
      const actual = await warehouseRows(db, table)
      expect({ table, rows: actual.size }).toEqual({ table, rows: expected.size })
      expect([...expected].filter((row) => !actual.has(row))).toEqual([])
      for (const old of replaced.get(table) ?? []) expect(actual.has(old), `${table} kept ${old}`).toBe(true)
    }
    for (const event of eventsOf(second, "TableSynced")) {
      expect({ table: event.table, inserted: event.inserted, updated: event.updated }).toEqual({
        table: event.table,
        inserted: 2,
        updated: 0
      })
    }
  })
})
