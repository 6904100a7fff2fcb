import { Tables } from "@sluice/commercetools"
import { type Database, liveIds, storedIds } from "./database.js"
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
 * shop would (with the API's deletion message where it sends one); the first product is unpublished rather than
 * deleted. Returns the ids per table.
 */
export const deleteLiveRecords = async (
  shop: Shop,
  db: Database,
  count: number
): Promise<Map<string, ReadonlyArray<string>>> => {
  const gone = new Map<string, ReadonlyArray<string>>()
  for (const table of deletableTables) {
    const live = await liveIds(db, table)
    const ids = shop.server
      .served(table)
      .map((record) => record.id)
      .filter((id) => live.has(id))
      .slice(0, count)
    if (ids.length < count) throw new Error(`${table}: fewer than ${count} live records to delete`)
    ids.forEach((id, n) => {
      if (table === "product_projections" && n === 0) shop.store.unpublishProduct(id)
      else shop.store.deleteRecord(storeTypeOf(shop, table), id)
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
