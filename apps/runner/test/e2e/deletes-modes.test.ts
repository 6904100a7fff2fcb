import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest"
import {
  type Database,
  deletableTables,
  deletedIds,
  deleteLiveRecords,
  deletionsNotApplied,
  describeRun,
  eventsOf,
  finished,
  freshDatabase,
  mismatches,
  purgedTables,
  type Shop,
  spawnRunner,
  startShop,
  storedIds,
  storeTypeOf,
  sync,
  tableNames,
  warehouseRowList
} from "./support/index.js"

/** `state commercetools --json`: one view per table (the deletion feed's state is reported apart). */
const stateOf = async (env: Record<string, string>) => {
  const run = await spawnRunner(["state", "commercetools", "--json"], { env })
  expect(run.code, describeRun(run)).toBe(0)
  const state = JSON.parse(run.stdout) as {
    readonly tables: ReadonlyArray<{
      readonly table: string
      readonly rows?: number
      readonly deleted?: number
      readonly lastReconciledAt?: string
    }>
  }
  return state.tables
}

describe("deletions with --deletes purge, in append mode, and in `state`", () => {
  let shop: Shop
  const dbs: Array<Database> = []
  // A shop per case: each deletes records, and the shop has only a few of some kinds (stores).
  beforeEach(async () => {
    shop = await startShop({ orders: 1_000, seed: 51 })
  })
  afterEach(async () => {
    await shop?.close()
  })
  afterAll(async () => {
    for (const db of dbs) await db.drop()
  })
  const database = async (name: string) => {
    const db = await freshDatabase(name)
    dbs.push(db)
    return db
  }

  it("soft: state shows per table the rows marked deleted and the last reconciliation", async () => {
    const db = await database("deletes_state")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    const gone = await deleteLiveRecords(shop, db, 2)
    const started = new Date().toISOString()
    const run = await sync(["--reconcile"], { env })
    expect(run.code, describeRun(run)).toBe(0)
    expect(await deletionsNotApplied(db, gone)).toEqual({})
    expect(await mismatches(db, shop)).toEqual([])

    const views = await stateOf({ DATABASE_URL: db.url })
    for (const table of tableNames) {
      const view = views.find((v) => v.table === table)
      const marked = (await deletedIds(db, table)).size
      expect({ table, deleted: view?.deleted }).toEqual({ table, deleted: marked })
      expect(view?.rows).toBe((await warehouseRowList(db, table)).length)
      if (deletableTables.includes(table) && !purgedTables.has(table))
        expect(marked, `${table} has rows marked deleted`).toBeGreaterThanOrEqual(2)
    }
    // Tables without deletion messages were reconciled by this run; the others by their first full read.
    for (const event of run.events.filter((e) => e._tag === "TableReconciled")) {
      const view = views.find((v) => v.table === event.table)
      expect(view?.lastReconciledAt, String(event.table)).toBeDefined()
      expect(Date.parse(view?.lastReconciledAt ?? "")).toBeGreaterThan(Date.parse(started) - 10 * 60_000)
    }
    const text = await spawnRunner(["state", "commercetools"], { env: { DATABASE_URL: db.url } })
    expect(text.code, describeRun(text)).toBe(0)
    expect(text.stdout).toMatch(/deleted/)
    expect(text.stdout).toMatch(/last reconciled/)
  })

  it("--deletes purge removes the deleted rows of every table, and marks none", async () => {
    const db = await database("deletes_purge")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    const gone = await deleteLiveRecords(shop, db, 2)
    const run = await sync(["--deletes", "purge", "--reconcile"], { env })
    expect(run.code, describeRun(run)).toBe(0)
    for (const table of deletableTables) {
      const held = await storedIds(db, table)
      expect({ table, left: gone.get(table)?.filter((id) => held.has(id)) }).toEqual({ table, left: [] })
      expect({ table, marked: (await deletedIds(db, table)).size }).toEqual({ table, marked: 0 })
    }
    expect(await mismatches(db, shop)).toEqual([])
    const views = await stateOf({ DATABASE_URL: db.url })
    for (const table of tableNames) expect(views.find((v) => v.table === table)?.deleted).toBe(0)
  })

  it("--deletes purge after soft runs removes the rows they marked: no row marked deleted remains", async () => {
    const db = await database("deletes_purge_after_soft")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    const gone = await deleteLiveRecords(shop, db, 2)
    const soft = await sync(["--reconcile"], { env })
    expect(soft.code, describeRun(soft)).toBe(0)
    let markedBefore = 0
    for (const table of tableNames) markedBefore += (await deletedIds(db, table)).size
    expect(markedBefore).toBeGreaterThan(0)

    // No --reconcile: reconciliation is not due, so only the purge of marked rows reaches the reconciled tables.
    const run = await sync(["--deletes", "purge"], { env })
    expect(run.code, describeRun(run)).toBe(0)
    for (const table of tableNames) {
      expect({ table, marked: (await deletedIds(db, table)).size }).toEqual({ table, marked: 0 })
    }
    for (const table of deletableTables) {
      const held = await storedIds(db, table)
      expect({ table, left: gone.get(table)?.filter((id) => held.has(id)) }).toEqual({ table, left: [] })
    }
    expect(await mismatches(db, shop)).toEqual([])
    expect(eventsOf(run, "MarkedRowsPurged").length, describeRun(run)).toBeGreaterThan(0)
    const summary = finished(run) as { readonly deletions?: { readonly purged: number } } | undefined
    expect(summary?.deletions?.purged).toBeGreaterThanOrEqual(markedBefore)
  })

  it("append: a deletion marks the latest version; older versions stay; nothing is dropped", async () => {
    const db = await database("deletes_append")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync(["--mode", "append"], { env })
    expect(first.code, describeRun(first)).toBe(0)
    // A second version of the records about to be deleted, so each has an older row and a latest one.
    const touched = new Map<string, ReadonlyArray<string>>()
    // products and product_projections are one store: each table gets records of its own.
    const taken = new Set<string>()
    for (const table of deletableTables) {
      const served = new Set(shop.server.served(table).map((record) => record.id))
      const ids = [...(await storedIds(db, table))]
        .filter((id) => served.has(id) && !taken.has(id))
        .slice(0, 2)
      for (const id of ids) taken.add(id)
      for (const id of ids) shop.store.update(storeTypeOf(shop, table), id)
      touched.set(table, ids)
    }
    const second = await sync(["--mode", "append"], { env })
    expect(second.code, describeRun(second)).toBe(0)
    for (const [table, ids] of touched) {
      if (table === "product_projections") shop.store.unpublishProduct(ids[0] ?? "")
      else shop.store.deleteRecord(storeTypeOf(shop, table), ids[0] ?? "")
      shop.store.deleteRecord(storeTypeOf(shop, table), ids[1] ?? "")
    }
    const before = new Map<string, number>()
    for (const table of deletableTables) before.set(table, (await warehouseRowList(db, table)).length)

    const run = await sync(["--mode", "append", "--reconcile"], { env })
    expect(run.code, describeRun(run)).toBe(0)
    for (const [table, ids] of touched) {
      const rows = await db.sql.query(
        `SELECT id, version::int AS version, _deleted_at IS NOT NULL AS marked FROM commercetools.${table} WHERE id = ANY($1) ORDER BY id, version`,
        [ids]
      )
      if (purgedTables.has(table)) {
        // Personal data does not outlive the customer, in append mode too.
        expect({ table, rows }).toEqual({ table, rows: [] })
        continue
      }
      const shape = ids.map((id) =>
        rows.filter((row) => row.id === id).map((row) => ({ version: row.version, marked: row.marked }))
      )
      for (const versions of shape) {
        // Two versions or more; only the latest is marked.
        expect(versions.length, `${table}: ${JSON.stringify(shape)}`).toBeGreaterThanOrEqual(2)
        expect(
          versions.map((v) => v.marked),
          table
        ).toEqual(versions.map((_, n) => n === versions.length - 1))
      }
      // Nothing dropped (an unpublished product's change may add a version to products).
      expect((await warehouseRowList(db, table)).length, table).toBeGreaterThanOrEqual(before.get(table) ?? 0)
    }
  })
})
