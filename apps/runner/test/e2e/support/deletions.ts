import { Tables } from "@sluice/commercetools"
import { type Database, deletedIds, liveIds, storedIds } from "./database.js"
import { type Shop, storeTypeOf, tableNames } from "./shop.js"

/** The tables the source's deletion feed reports (they have deletion messages). */
export const feedTables: ReadonlySet<string> = new Set(
  Tables.tables.filter((table) => table.deletedBy.length > 0).map((table) => table.name)
)

/** The tables whose deleted rows are removed rather than marked (personal data: customers). */
export const purgedTables: ReadonlySet<string> = new Set(
  Tables.tables.filter((table) => table.deletes === "purge").map((table) => table.name)
)

/** Every table whose records the shop deletes (the event log only ages out). */
export const deletableTables: ReadonlyArray<string> = tableNames.filter((table) => table !== "messages")

/**
 * Deletes `count` records of every deletable table that the warehouse holds live and the server serves, as the
 * shop would (with the API's deletion message where it sends one); the first product projection is unpublished
 * rather than deleted. Tables sharing a store (products, product_projections) get distinct records. Returns the ids
 * per table.
 */
export const deleteLiveRecords = async (
  shop: Shop,
  db: Database,
  count: number
): Promise<Map<string, ReadonlyArray<string>>> => {
  const gone = new Map<string, ReadonlyArray<string>>()
  // products and product_projections are one store: each table deletes records of its own, never one twice.
  const taken = new Set<string>()
  for (const table of deletableTables) {
    const live = await liveIds(db, table)
    const type = storeTypeOf(shop, table)
    const ids = shop.server
      .served(table)
      .map((record) => record.id)
      .filter((id) => live.has(id) && !taken.has(`${type}/${id}`))
      .slice(0, count)
    for (const id of ids) taken.add(`${type}/${id}`)
    if (ids.length < count) throw new Error(`${table}: fewer than ${count} live records to delete`)
    ids.forEach((id, n) => {
      if (table === "product_projections" && n === 0) shop.store.unpublishProduct(id)
      else shop.store.deleteRecord(type, id)
    })
    gone.set(table, ids)
  }
  return gone
}

/**
 * Per table, the deleted ids the warehouse still holds as live rows (of a purged table: any row). Empty when every
 * deletion was applied.
 */
export const deletionsNotApplied = async (
  db: Database,
  deleted: ReadonlyMap<string, ReadonlyArray<string>>,
  tables: Iterable<string> = deleted.keys()
): Promise<Record<string, ReadonlyArray<string>>> => {
  const found: Record<string, ReadonlyArray<string>> = {}
  for (const table of tables) {
    const held = purgedTables.has(table) ? await storedIds(db, table) : await liveIds(db, table)
    const left = (deleted.get(table) ?? []).filter((id) => held.has(id))
    if (left.length > 0) found[table] = left
  }
  return found
}

/**
 * Per table, the records the server still serves whose warehouse row is marked deleted, or (of a purged table)
 * that `heldBefore` held and the warehouse no longer does: deletions applied to live records. Empty when none.
 */
export const liveRecordsDeleted = async (
  db: Database,
  shop: Shop,
  heldBefore: ReadonlyMap<string, ReadonlySet<string>> = new Map()
): Promise<Record<string, ReadonlyArray<string>>> => {
  const found: Record<string, ReadonlyArray<string>> = {}
  for (const table of tableNames) {
    const served = shop.server.served(table).map((record) => record.id)
    const marked = await deletedIds(db, table)
    const held = await storedIds(db, table)
    const before = heldBefore.get(table) ?? new Set()
    const wrong = served.filter((id) => marked.has(id) || (before.has(id) && !held.has(id)))
    if (wrong.length > 0) found[table] = wrong.slice(0, 5)
  }
  return found
}

/** Every table's stored ids, to tell later whether a row was removed. */
export const heldIds = async (db: Database): Promise<Map<string, ReadonlySet<string>>> =>
  new Map(await Promise.all(tableNames.map(async (table) => [table, await storedIds(db, table)] as const)))
