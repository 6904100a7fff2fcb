import { type Database, difference, warehouseRows } from "./database.js"
import { type Shop, serverRows, tableNames } from "./shop.js"

export interface Mismatch {
  readonly table: string
  readonly counts: string
  readonly missing: ReadonlyArray<string>
  readonly extra: ReadonlyArray<string>
}

/**
 * Compares the warehouse with the server row by row: for each table, the set of (id, version) in
 * `commercetools.<table>` against the records the server serves. Returns the tables that differ (none when equal).
 */
export const mismatches = async (
  db: Database,
  shop: Shop,
  tables: ReadonlyArray<string> = tableNames
): Promise<ReadonlyArray<Mismatch>> => {
  const found: Array<Mismatch> = []
  for (const table of tables) {
    const expected = serverRows(shop, table)
    const actual = await warehouseRows(db, table)
    const diff = difference(expected, actual)
    if (diff.missing.length > 0 || diff.extra.length > 0) found.push({ table, ...diff })
  }
  return found
}
