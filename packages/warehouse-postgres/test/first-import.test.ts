import { expect } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

const at = (day: number) => `2025-0${1 + (day % 3)}-1${day % 10}T10:00:00.000Z`

// Into a table that was empty when its import began, pages are COPYed straight in (a bulk load); these are the
// cases where that COPY is refused and the page must still land as a merge would write it.
onEachDriver("first import into an empty table", (it, driver) => {
  it.scoped(
    "pages land straight in; a page repeating a key, or holding two versions of one record, still merges by version",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("first_import")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        const fresh = yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 1, at(1)), order("o-2", 1, at(2))],
          stateOf(source)
        )
        // o-2 again (higher version) next to a new o-3: the straight COPY is refused, the merge writes both.
        const overlapping = yield* warehouse.writePage(
          target,
          "merge",
          [order("o-2", 4, at(2), { orderNumber: "four" }), order("o-3", 1, at(3))],
          stateOf(source)
        )
        // After a refusal the table merges: a lower version of o-1 changes nothing.
        const stale = yield* warehouse.writePage(target, "merge", [order("o-1", 0, at(1))], stateOf(source))
        expect([fresh, overlapping, stale]).toEqual([
          { inserted: 2, updated: 0, unchanged: 0 },
          { inserted: 1, updated: 1, unchanged: 0 },
          { inserted: 0, updated: 0, unchanged: 1 }
        ])

        // A fresh shadow (full refresh) whose first page holds two versions of one record keeps the higher.
        yield* warehouse.prepare(target, "replace", { resume: false })
        const doubled = yield* warehouse.writePage(
          target,
          "replace",
          [order("o-9", 2, at(9)), order("o-9", 5, at(9), { orderNumber: "five" }), order("o-8", 1, at(8))],
          stateOf(source, "full_refresh")
        )
        expect(doubled).toEqual({ inserted: 2, updated: 0, unchanged: 1 })
        yield* warehouse.complete(target, "replace", stateOf(source, "full_refresh"))
        expect(
          yield* sql.query(`SELECT id, version, order_number FROM "${source}".orders ORDER BY id`)
        ).toEqual([
          { id: "o-8", version: 1, order_number: "N-o-8" },
          { id: "o-9", version: 5, order_number: "five" }
        ])
      }),
    30_000
  )

  it.scoped(
    "an import resumed into a table that already holds rows merges: nothing is doubled, a lower version is kept out",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("resumed_import")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(target, "merge", [order("o-1", 3, at(1))], stateOf(source))
        yield* warehouse.prepare(target, "merge", { resume: true })
        const again = yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 2, at(1)), order("o-2", 1, at(2))],
          stateOf(source)
        )
        expect(again).toEqual({ inserted: 1, updated: 0, unchanged: 1 })
        expect(yield* sql.query(`SELECT id, version FROM "${source}".orders ORDER BY id`)).toEqual([
          { id: "o-1", version: 3 },
          { id: "o-2", version: 1 }
        ])
      }),
    30_000
  )

  it.scoped(
    "large values are stored lz4-compressed where the server has lz4 (PostgreSQL), in every monthly partition",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("compressed")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(target, "merge", [order("o-1", 1, at(1))], stateOf(source))
        const methods = yield* sql.query(
          `SELECT DISTINCT c.relname AS "table", a.attcompression AS method
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
WHERE n.nspname = $1 AND a.attname = 'line_items' ORDER BY 1`,
          [source]
        )
        const method = driver.kind === "postgres" ? "l" : ""
        expect(methods).toEqual([
          { table: "orders", method },
          { table: "orders_default", method },
          { table: "orders_p2025_02", method }
        ])
      }),
    30_000
  )
})
