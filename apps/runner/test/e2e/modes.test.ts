import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  allServerRows,
  type Database,
  describeRun,
  eventsOf,
  freshDatabase,
  mismatches,
  type Shop,
  startShop,
  storeTypeOf,
  sync,
  tableNames,
  warehouseRows
} from "./support/index.js"

/**
 * Bumps the version of up to `count` records each table serves (now-stamped; fewer when the table has fewer); tables
 * sharing a store (products, product_projections) touch distinct records. Returns the ids touched per table.
 */
const modifyEveryTable = (shop: Shop, count: number): Map<string, ReadonlyArray<string>> => {
  const touched = new Map<string, ReadonlyArray<string>>()
  const taken = new Set<string>()
  for (const table of tableNames) {
    const type = storeTypeOf(shop, table)
    const ids = shop.server
      .served(table)
      .map((record) => record.id)
      .filter((id) => !taken.has(`${type}/${id}`))
      .slice(0, count)
    for (const id of ids) {
      taken.add(`${type}/${id}`)
      shop.store.update(type, id, (r) => {
        r.e2eTouched = true
      })
    }
    touched.set(table, ids)
  }
  return touched
}

/** Per table, what the server's change did to its rows: ids it serves at a new version, ids it serves anew. */
const changesOf = (before: ReadonlyMap<string, Set<string>>, after: ReadonlyMap<string, Set<string>>) => {
  const changes = new Map<
    string,
    { readonly updated: ReadonlyArray<string>; readonly inserted: ReadonlyArray<string> }
  >()
  for (const table of tableNames) {
    const idsOf = (rows: ReadonlySet<string> | undefined) =>
      new Set([...(rows ?? [])].map((row) => row.slice(0, row.lastIndexOf(":"))))
    const was = before.get(table) ?? new Set()
    const wasIds = idsOf(was)
    const fresh = [...(after.get(table) ?? [])].filter((row) => !was.has(row))
    const ids = fresh.map((row) => row.slice(0, row.lastIndexOf(":")))
    changes.set(table, {
      updated: ids.filter((id) => wasIds.has(id)),
      inserted: ids.filter((id) => !wasIds.has(id))
    })
  }
  return changes
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

    const before = allServerRows(shop)
    const touched = modifyEveryTable(shop, 3)
    const changes = changesOf(before, allServerRows(shop))
    const second = await sync(["--mode", "incremental"], { env })
    expect(second.code, describeRun(second)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
    const synced = eventsOf(second, "TableSynced")
    expect(synced.map((event) => event.table).sort()).toEqual([...tableNames].sort())
    for (const event of synced) {
      const table = String(event.table)
      const change = changes.get(table)
      // Every record touched is among the server's changes (a touched product also changes its projection).
      expect(touched.get(table)?.filter((id) => !change?.updated.includes(id))).toEqual([])
      expect({ table, inserted: event.inserted, updated: event.updated }).toEqual({
        table,
        inserted: change?.inserted.length,
        updated: change?.updated.length
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

    const touched = modifyEveryTable(shop, 2)
    const second = await sync(["--mode", "append"], { env })
    expect(second.code, describeRun(second)).toBe(0)
    const now = allServerRows(shop)
    const changes = changesOf(seen, now)
    for (const table of tableNames) {
      const expected = new Set([...(seen.get(table) ?? []), ...(now.get(table) ?? [])])
      // warehouseRows fails on a duplicate (id, version)
      const actual = await warehouseRows(db, table)
      expect({ table, rows: actual.size }).toEqual({ table, rows: expected.size })
      expect([...expected].filter((row) => !actual.has(row))).toEqual([])
      // The version the first run saw of each changed record stays beside the new one.
      const changed = new Set(changes.get(table)?.updated)
      for (const id of touched.get(table) ?? []) expect(changed.has(id), `${table} changed ${id}`).toBe(true)
      for (const old of [...(seen.get(table) ?? [])].filter((row) =>
        changed.has(row.slice(0, row.lastIndexOf(":")))
      ))
        expect(actual.has(old), `${table} kept ${old}`).toBe(true)
    }
    for (const event of eventsOf(second, "TableSynced")) {
      const change = changes.get(String(event.table))
      expect({ table: event.table, inserted: event.inserted, updated: event.updated }).toEqual({
        table: event.table,
        inserted: (change?.inserted.length ?? 0) + (change?.updated.length ?? 0),
        updated: 0
      })
    }
  })
})
