import { type Database, difference, liveRows } from "./database.js"
import { type Shop, serverRows, tableNames } from "./shop.js"

export interface Mismatch {
  readonly table: string
  readonly counts: string
  readonly missing: ReadonlyArray<string>
  readonly extra: ReadonlyArray<string>
}

/**
 * Compares the warehouse with the server row by row: for each table, the set of (id, version) of the live rows in
 * `commercetools.<table>` (`_deleted_at IS NULL`) against the records the server serves. Returns the tables that
 * differ (none when equal): a live record marked deleted shows as missing, a deletion not applied as extra.
 */
export const mismatches = async (
  db: Database,
  shop: Shop,
  tables: ReadonlyArray<string> = tableNames
): Promise<ReadonlyArray<Mismatch>> => {
  const found: Array<Mismatch> = []
  for (const table of tables) {
    const expected = serverRows(shop, table)
    const actual = await liveRows(db, table)
    const diff = difference(expected, actual)
    if (diff.missing.length > 0 || diff.extra.length > 0) found.push({ table, ...diff })
  }
  return found
}
