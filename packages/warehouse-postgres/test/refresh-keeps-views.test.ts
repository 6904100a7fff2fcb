import { expect } from "@effect/vitest"
import { Views, Warehouse } from "@sluice/source-sdk"
import { Effect, Schema } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { Order, order, ordersTarget, stateOf } from "./support/Fixtures.js"

const old = [order("old-1", 1, "2024-11-02T00:00:00.000Z"), order("old-2", 1, "2025-01-02T00:00:00.000Z")]
const fresh = [order("new-1", 1, "2025-01-03T00:00:00.000Z"), order("new-2", 2, "2025-02-03T00:00:00.000Z")]

onEachDriver("full refresh under users' views", (it) => {
  it.scoped(
    "a view and a view on that view show the new rows after a refresh; a failed refresh leaves the old rows and the views",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("views")
        const target = ordersTarget(source)
        const state = stateOf(source, "full_refresh")
        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(target, "replace", old, state)
        yield* warehouse.complete(target, "replace", state)

        // What a dbt user builds: a model over the table, and one over that model.
        yield* sql.query(
          `CREATE VIEW "${source}".paid_orders AS SELECT id, order_number, total_cents FROM "${source}".orders WHERE _deleted_at IS NULL`
        )
        yield* sql.query(
          `CREATE VIEW "${source}".order_totals AS SELECT count(*)::int AS orders, sum(total_cents)::int AS cents FROM "${source}".paid_orders`
        )
        const read = () =>
          Effect.all({
            ids: sql
              .query(`SELECT id FROM "${source}".paid_orders ORDER BY id`)
              .pipe(Effect.map((rows) => rows.map((row) => row.id))),
            totals: sql.query(`SELECT orders, cents FROM "${source}".order_totals`)
          })
        expect(yield* read()).toEqual({ ids: ["old-1", "old-2"], totals: [{ orders: 2, cents: 4000 }] })

        // A refresh that fails before it completes changes nothing readers see.
        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(target, "replace", [fresh[0]!], state)
        const failed = yield* Effect.flip(
          warehouse.writePage(
            target,
            "replace",
            [order("bad", 1, "2025-03-03T00:00:00.000Z", { version: "three" })],
            state
          )
        )
        expect(failed.reason).toBe("Query")
        expect(yield* read()).toEqual({ ids: ["old-1", "old-2"], totals: [{ orders: 2, cents: 4000 }] })

        // The retry resumes and completes: the same views now show the new rows.
        yield* warehouse.prepare(target, "replace", { resume: true })
        yield* warehouse.writePage(target, "replace", [fresh[1]!], state)
        yield* warehouse.complete(target, "replace", state)
        expect(yield* read()).toEqual({ ids: ["new-1", "new-2"], totals: [{ orders: 2, cents: 4001 }] })
        // Once more, from a fresh shadow: still the same views, still working.
        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(target, "replace", old, state)
        yield* warehouse.complete(target, "replace", state)
        expect(yield* read()).toEqual({ ids: ["old-1", "old-2"], totals: [{ orders: 2, cents: 4000 }] })
        expect(yield* sql.query(`SELECT to_regclass('"${source}__shadow".orders')::text AS shadow`)).toEqual([
          { shadow: null }
        ])
      }),
    30_000
  )

  it.scoped(
    "a refresh after a field left the schema keeps its column (NULL) and the views reading it",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("evolve")
        const state = stateOf(source, "full_refresh")
        yield* warehouse.prepare(ordersTarget(source), "replace", { resume: false })
        yield* warehouse.writePage(ordersTarget(source), "replace", old, state)
        yield* warehouse.complete(ordersTarget(source), "replace", state)
        yield* sql.query(`CREATE VIEW "${source}".rates AS SELECT id, tax_rate FROM "${source}".orders`)

        const narrower = ordersTarget(source, Order.pipe(Schema.omit("taxRate")))
        yield* warehouse.prepare(narrower, "replace", { resume: false })
        yield* warehouse.writePage(narrower, "replace", fresh, state)
        yield* warehouse.complete(narrower, "replace", state)
        // The field is no longer a column of the source's schema: its value is kept in _extra, the column stays.
        expect(yield* sql.query(`SELECT id, tax_rate FROM "${source}".rates ORDER BY id`)).toEqual([
          { id: "new-1", tax_rate: null },
          { id: "new-2", tax_rate: null }
        ])
      }),
    30_000
  )

  it.scoped(
    "a refresh that changes a column's type replaces the declared views; a user's view on that column fails it, old rows intact",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("retype")
        const state = stateOf(source, "full_refresh")
        const enriched = [
          Views.derived({
            name: "orders_enriched",
            description: "all columns",
            columns: { is_paid: Views.value(["paid"], "boolean") }
          })
        ]
        const asNumber = { ...ordersTarget(source), views: enriched }
        const asText = {
          ...ordersTarget(
            source,
            Schema.Struct({ ...Order.fields, taxRate: Schema.optional(Schema.String) })
          ),
          views: enriched
        }
        yield* warehouse.prepare(asNumber, "replace", { resume: false })
        yield* warehouse.writePage(asNumber, "replace", old, state)
        yield* warehouse.complete(asNumber, "replace", state)

        // The declared view reads every column, tax_rate included; the refresh re-creates it with the new type.
        yield* warehouse.prepare(asText, "replace", { resume: false })
        yield* warehouse.writePage(
          asText,
          "replace",
          fresh.map((record) => ({ ...record, taxRate: "19%" })),
          state
        )
        yield* warehouse.complete(asText, "replace", state)
        expect(yield* sql.query(`SELECT id, tax_rate FROM "${source}".orders_enriched ORDER BY id`)).toEqual([
          { id: "new-1", tax_rate: "19%" },
          { id: "new-2", tax_rate: "19%" }
        ])

        // A user's view reading the column blocks the type change: the refresh fails and changes nothing.
        yield* sql.query(`CREATE VIEW "${source}".rates AS SELECT id, tax_rate FROM "${source}".orders`)
        yield* warehouse.prepare(asNumber, "replace", { resume: false })
        yield* warehouse.writePage(asNumber, "replace", old, state)
        const failed = yield* Effect.flip(warehouse.complete(asNumber, "replace", state))
        expect(failed.message).toContain("rates")
        expect(yield* sql.query(`SELECT id, tax_rate FROM "${source}".rates ORDER BY id`)).toEqual([
          { id: "new-1", tax_rate: "19%" },
          { id: "new-2", tax_rate: "19%" }
        ])
      }),
    30_000
  )
})
