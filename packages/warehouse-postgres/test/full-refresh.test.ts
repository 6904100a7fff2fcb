import { expect } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

const old = [order("old-1", 1, "2024-11-02T00:00:00.000Z"), order("old-2", 1, "2025-01-02T00:00:00.000Z")]
const fresh1 = [order("new-1", 1, "2025-01-03T00:00:00.000Z"), order("new-2", 2, "2025-02-03T00:00:00.000Z")]
const fresh2 = [order("new-3", 1, "2025-03-03T00:00:00.000Z")]

onEachDriver("full refresh", (it) => {
  it.scoped(
    "an interrupted refresh leaves the old rows readable and complete; the resumed retry swaps the new ones in",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("refresh")
        const target = ordersTarget(source)
        const state = stateOf(source, "full_refresh")
        const ids = () =>
          sql
            .query(`SELECT id FROM "${source}".orders ORDER BY id`)
            .pipe(Effect.map((rows) => rows.map((row) => row.id)))

        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(target, "replace", old, state)
        expect(yield* ids()).toEqual([]) // readers see nothing of a refresh until it completes
        yield* warehouse.complete(target, "replace", state)
        expect(yield* ids()).toEqual(["old-1", "old-2"])

        // The next refresh writes one page, then fails on the second (a version that is not a number).
        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(target, "replace", fresh1, state)
        const failed = yield* Effect.flip(
          warehouse.writePage(
            target,
            "replace",
            [order("new-3", 1, "2025-03-03T00:00:00.000Z", { version: "three" })],
            state
          )
        )
        expect(failed.reason).toBe("Query")
        expect(yield* ids()).toEqual(["old-1", "old-2"])
        expect(
          yield* sql
            .query(`SELECT count(*)::int AS n FROM "${source}__shadow".orders`)
            .pipe(Effect.map((r) => r[0]?.n))
        ).toBe(2)

        // The retry resumes into the same shadow and swaps it in.
        yield* warehouse.prepare(target, "replace", { resume: true })
        yield* warehouse.writePage(target, "replace", fresh2, state)
        yield* warehouse.complete(target, "replace", {
          ...state,
          lastCompletedAt: "2025-03-04T00:00:00.000Z"
        })
        expect(yield* ids()).toEqual(["new-1", "new-2", "new-3"])
        const partitions = yield* sql.query(
          `SELECT n.nspname AS schema, c.relname AS name FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE i.inhparent = '"${source}".orders'::regclass ORDER BY c.relname`
        )
        expect(partitions).toEqual(
          ["orders_default", "orders_p2025_01", "orders_p2025_02", "orders_p2025_03"].map((name) => ({
            schema: source,
            name
          }))
        )
        expect(yield* sql.query(`SELECT to_regclass('"${source}__shadow".orders')::text AS shadow`)).toEqual([
          { shadow: null }
        ])
        // A second complete (a retry after the swap committed) changes nothing.
        yield* warehouse.complete(target, "replace", state)
        expect(yield* ids()).toEqual(["new-1", "new-2", "new-3"])
        const states = yield* warehouse.states(source)
        expect(states).toEqual([{ source, table: "orders", mode: "full_refresh", rows: 3, deleted: 0 }])
      }),
    30_000
  )

  it.scoped(
    "resume: false starts a fresh shadow; a new page after a swap writes the new month's partition",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("fresh")
        const target = ordersTarget(source)
        const state = stateOf(source, "full_refresh")
        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(target, "replace", old, state)
        yield* warehouse.prepare(target, "replace", { resume: false })
        expect(yield* sql.query(`SELECT count(*)::int AS n FROM "${source}__shadow".orders`)).toEqual([
          { n: 0 }
        ])
        yield* warehouse.writePage(target, "replace", fresh1, state)
        yield* warehouse.complete(target, "replace", state)
        // The swapped-in table is an ordinary merge target afterwards.
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(
          target,
          "merge",
          [order("late", 1, "2025-09-09T00:00:00.000Z")],
          stateOf(source)
        )
        expect(
          yield* sql.query(
            `SELECT id, tableoid::regclass::text AS partition FROM "${source}".orders ORDER BY id`
          )
        ).toEqual([
          { id: "late", partition: `${source}.orders_p2025_09` },
          { id: "new-1", partition: `${source}.orders_p2025_01` },
          { id: "new-2", partition: `${source}.orders_p2025_02` }
        ])
      }),
    30_000
  )
})
