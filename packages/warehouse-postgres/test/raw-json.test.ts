import { expect } from "@effect/vitest"
import { JsonScan, type RecordRows, Table, Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { ordersTable, ordersTarget, stateOf } from "./support/Fixtures.js"

/**
 * A list page as an API may send it: pretty-printed (newlines and tabs between tokens), strings with escapes,
 * quotes, backslashes, tabs and newlines, non-ASCII text, brackets inside strings, and fields no column holds.
 */
const page = (version: number) =>
  Buffer.from(
    `{
\t"limit": 20,
\t"count": 2,
\t"results": [
\t\t{
\t\t\t"id": "o-1", "version": ${version}, "createdAt": "2025-01-05T10:00:00.000Z", "lastModifiedAt": "2025-01-05T10:00:00.000Z",
\t\t\t"orderNumber": "tab\\there \\"quoted\\" back\\\\slash \\u00e9 é ✓ 😀",
\t\t\t"totalPrice": {\n\t\t\t\t"centAmount": ${100 + version},\r\n "currencyCode": "EUR"\n\t\t\t},
\t\t\t"lineItems": [ { "name": "line\\nbreak \\\\ \\"q\\"", "note": "\\t", "sku": "]}\\"[{" }, {} ],
\t\t\t"custom": { "fields": { "k\\\\ey": "v\\u0041w", "list": [1, -2.5e3, true, null] } },
\t\t\t"origin": "Customer",
\t\t\t"taxRate": 0.19
\t\t},
\t\t{"id":"o-2","version":${version},"createdAt":"2025-02-01T00:00:00.000Z","lastModifiedAt":"2025-02-01T00:00:00.000Z","lineItems":[],"custom":{}}
\t]
}`,
    "utf8"
  )

/** The page's records as the scanner makes them: objects with raw nested values, or rows of the page's bytes. */
const scanners: ReadonlyArray<readonly [string, (bytes: Buffer) => RecordRows.Records | undefined]> = [
  ["objects", (bytes) => JsonScan.scanList(bytes, "results")?.items],
  [
    "rows",
    (bytes) => {
      const shape = Table.rowShape(ordersTable())
      return shape === undefined ? undefined : JsonScan.scanRows(bytes, "results", shape)?.rows
    }
  ]
]

onEachDriver("raw JSON from a scanned page", (it) => {
  for (const [as, scan] of scanners)
    it.scoped(
      `lands equal to the parsed record, in the first import's straight COPY and in a later merge (scanned as ${as})`,
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("raw_json")
          const target = ordersTarget(source)
          const rows = () =>
            sql.query(
              `SELECT id, version, order_number, tax_rate, total_price, line_items, _extra FROM "${source}".orders ORDER BY id`
            )
          const expected = (version: number) =>
            (
              JSON.parse(page(version).toString("utf8")) as {
                results: ReadonlyArray<Record<string, unknown>>
              }
            ).results.map(({ id, orderNumber, taxRate, totalPrice, lineItems, custom, origin }) => ({
              id,
              version,
              order_number: orderNumber ?? null,
              tax_rate: taxRate ?? null,
              total_price: totalPrice ?? null,
              line_items: lineItems,
              _extra: origin === undefined ? { custom } : { custom, origin }
            }))
          const scanned = (version: number) => {
            const records = scan(page(version))
            if (records === undefined) throw new Error("the page did not scan")
            return records
          }

          yield* warehouse.prepare(target, "merge", { resume: false })
          yield* warehouse.writePage(target, "merge", scanned(1), stateOf(source))
          expect(yield* rows()).toEqual(expected(1))
          // The table is no longer empty: the next page goes through the staging table and the merge.
          const merged = yield* warehouse.writePage(target, "merge", scanned(2), stateOf(source))
          expect(merged).toEqual({ inserted: 0, updated: 2, unchanged: 0 })
          expect(yield* rows()).toEqual(expected(2))
        }),
      30_000
    )
})
