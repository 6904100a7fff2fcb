import { expect } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

const page1 = [
  order("o-1", 1, "2025-01-10T10:00:00.000Z"),
  order("o-2", 3, "2025-02-10T10:00:00.000Z"),
  order("o-3", 1, "2025-03-10T10:00:00.000Z")
]
const page2 = [order("o-4", 1, "2025-03-11T10:00:00.000Z"), order("o-5", 7, "2025-04-11T10:00:00.000Z")]

onEachDriver("merge and append", (it) => {
  it.scoped(
    "writing the same pages twice changes nothing: no duplicates, no rewritten rows",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("twice")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        const first = [
          yield* warehouse.writePage(target, "merge", page1, stateOf(source)),
          yield* warehouse.writePage(target, "merge", page2, stateOf(source))
        ]
        expect(first).toEqual([
          { inserted: 3, updated: 0, unchanged: 0 },
          { inserted: 2, updated: 0, unchanged: 0 }
        ])
        const snapshot = `SELECT id, version, xmin::text AS xmin, _synced_at FROM "${source}".orders ORDER BY id`
        const before = yield* sql.query(snapshot)

        yield* warehouse.prepare(target, "merge", { resume: false })
        const second = [
          yield* warehouse.writePage(target, "merge", page1, stateOf(source)),
          yield* warehouse.writePage(target, "merge", page2, stateOf(source))
        ]
        expect(second).toEqual([
          { inserted: 0, updated: 0, unchanged: 3 },
          { inserted: 0, updated: 0, unchanged: 2 }
        ])
        expect(yield* sql.query(snapshot)).toEqual(before)
        expect(before).toHaveLength(5)
      }),
    30_000
  )

  it.scoped(
    "a lower version never overwrites a higher one; a higher one updates every column",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("versions")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        const at = "2025-05-05T05:05:05.005Z"
        yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 5, at, { orderNumber: "five" })],
          stateOf(source)
        )
        const stale = yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 4, at, { orderNumber: "four" })],
          stateOf(source)
        )
        expect(stale).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
        expect(yield* sql.query(`SELECT version, order_number FROM "${source}".orders`)).toEqual([
          { version: 5, order_number: "five" }
        ])
        const newer = yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 6, at, { orderNumber: "six", surprise: { kept: true } })],
          stateOf(source)
        )
        expect(newer).toEqual({ inserted: 0, updated: 1, unchanged: 0 })
        expect(
          yield* sql.query(
            `SELECT version, order_number, total_price, line_items, paid, tax_rate, _extra FROM "${source}".orders`
          )
        ).toEqual([
          {
            version: 6,
            order_number: "six",
            total_price: { centAmount: 2005, currencyCode: "EUR" },
            line_items: [{ sku: "A", quantity: 6 }],
            paid: true,
            tax_rate: 0.19,
            _extra: { surprise: { kept: true } }
          }
        ])
      }),
    30_000
  )

  it.scoped(
    "a page holding the same id twice keeps the highest version",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("dupes")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        const at = "2025-06-01T00:00:00.000Z"
        const result = yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 2, at), order("o-1", 9, at), order("o-1", 3, at)],
          stateOf(source)
        )
        expect(result).toEqual({ inserted: 1, updated: 0, unchanged: 2 })
        expect(yield* sql.query(`SELECT id, version FROM "${source}".orders`)).toEqual([
          { id: "o-1", version: 9 }
        ])
      }),
    30_000
  )

  it.scoped(
    "append keeps exactly one row per (id, version) and never updates one",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("append")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "append", { resume: false })
        const at = "2025-07-01T00:00:00.000Z"
        const first = yield* warehouse.writePage(
          target,
          "append",
          [order("o-1", 1, at), order("o-1", 2, at), order("o-1", 2, at), order("o-2", 1, at)],
          stateOf(source, "append")
        )
        expect(first).toEqual({ inserted: 3, updated: 0, unchanged: 1 })
        const before = yield* sql.query(
          `SELECT id, version, xmin::text AS xmin FROM "${source}".orders ORDER BY 1, 2`
        )
        const again = yield* warehouse.writePage(
          target,
          "append",
          [order("o-1", 2, at, { orderNumber: "changed?" }), order("o-1", 3, at)],
          stateOf(source, "append")
        )
        expect(again).toEqual({ inserted: 1, updated: 0, unchanged: 1 })
        const after = yield* sql.query(
          `SELECT id, version, xmin::text AS xmin FROM "${source}".orders ORDER BY 1, 2`
        )
        expect(after.map((row) => [row.id, row.version])).toEqual([
          ["o-1", 1],
          ["o-1", 2],
          ["o-1", 3],
          ["o-2", 1]
        ])
        expect(after.slice(0, 2)).toEqual(before.slice(0, 2))
        expect(
          yield* sql.query(`SELECT order_number FROM "${source}".orders WHERE id = 'o-1' AND version = 2`)
        ).toEqual([{ order_number: "N-o-1" }])
      }),
    30_000
  )

  it.scoped(
    "a merge table and an append table are incompatible: prepare fails with a clear Conflict",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const mergeSource = yield* withSource("conflict_m")
        const appendSource = yield* withSource("conflict_a")
        yield* warehouse.prepare(ordersTarget(mergeSource), "merge", { resume: false })
        const asAppend = yield* Effect.flip(
          warehouse.prepare(ordersTarget(mergeSource), "append", { resume: false })
        )
        expect(asAppend.reason).toBe("Conflict")
        expect(asAppend.table).toBe("orders")
        expect(asAppend.message).toContain(`${mergeSource}.orders holds merged rows`)
        expect(asAppend.message).toContain("cannot be written with append")
        // merge and replace share a layout
        yield* warehouse.prepare(ordersTarget(mergeSource), "replace", { resume: false })

        yield* warehouse.prepare(ordersTarget(appendSource), "append", { resume: false })
        for (const disposition of ["merge", "replace"] as const) {
          const error = yield* Effect.flip(
            warehouse.prepare(ordersTarget(appendSource), disposition, { resume: false })
          )
          expect(error.reason).toBe("Conflict")
          expect(error.message).toContain(`${appendSource}.orders holds appended rows`)
        }
      }),
    30_000
  )
})
