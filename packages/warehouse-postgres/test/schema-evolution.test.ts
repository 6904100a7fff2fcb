import { expect } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect, Schema } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { Order, order, ordersTarget, stateOf } from "./support/Fixtures.js"

const OrderWithChannel = Schema.Struct({ ...Order.fields, salesChannel: Schema.optional(Schema.String) })

onEachDriver("schema evolution", (it) => {
  it.scoped(
    "a field added to the schema adds its column on the next prepare, without losing a row",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("evolve")
        const before = ordersTarget(source)
        yield* warehouse.prepare(before, "merge", { resume: false })
        yield* warehouse.writePage(
          before,
          "merge",
          [
            order("o-1", 1, "2025-01-01T00:00:00.000Z", { salesChannel: "web" }),
            order("o-2", 1, "2025-02-01T00:00:00.000Z")
          ],
          stateOf(source)
        )
        // Unknown to the schema yet: kept whole in _extra.
        expect(yield* sql.query(`SELECT id, _extra FROM "${source}".orders ORDER BY id`)).toEqual([
          { id: "o-1", _extra: { salesChannel: "web" } },
          { id: "o-2", _extra: null }
        ])

        const after = ordersTarget(source, OrderWithChannel)
        yield* warehouse.prepare(after, "merge", { resume: false })
        yield* warehouse.prepare(after, "merge", { resume: false }) // idempotent
        const columns = yield* sql.query(
          `SELECT column_name, data_type FROM information_schema.columns
           WHERE table_schema = $1 AND table_name = 'orders' AND column_name = 'sales_channel'`,
          [source]
        )
        expect(columns).toEqual([{ column_name: "sales_channel", data_type: "text" }])
        yield* warehouse.writePage(
          after,
          "merge",
          [order("o-3", 1, "2025-02-02T00:00:00.000Z", { salesChannel: "store" })],
          stateOf(source)
        )
        expect(
          yield* sql.query(`SELECT id, sales_channel, _extra FROM "${source}".orders ORDER BY id`)
        ).toEqual([
          { id: "o-1", sales_channel: null, _extra: { salesChannel: "web" } },
          { id: "o-2", sales_channel: null, _extra: null },
          { id: "o-3", sales_channel: "store", _extra: null }
        ])
        // The monthly partitions got the column too.
        expect(
          yield* sql.query(
            `SELECT count(*)::int AS n FROM "${source}".orders_p2025_02 WHERE sales_channel IS NULL`
          )
        ).toEqual([{ n: 1 }])
      }),
    30_000
  )

  it.scoped(
    "a table created before deletes gains _deleted_at on the next prepare, null on every row",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("evolve_deleted")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(
          target,
          "merge",
          [order("o-1", 1, "2025-01-01T00:00:00.000Z")],
          stateOf(source)
        )
        yield* sql.query(`ALTER TABLE "${source}".orders DROP COLUMN _deleted_at`)
        yield* warehouse.prepare(target, "merge", { resume: false })
        expect(yield* sql.query(`SELECT id, _deleted_at FROM "${source}".orders`)).toEqual([
          { id: "o-1", _deleted_at: null }
        ])
      }),
    30_000
  )
})
