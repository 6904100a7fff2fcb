import { expect } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf, withGrain } from "./support/Fixtures.js"

/** A table an earlier version built monthly, before its declaration turned yearly. */
const built = [order("jan", 1, "2025-01-10T00:00:00.000Z"), order("feb", 1, "2025-02-10T00:00:00.000Z")]

onEachDriver("an existing table keeps its grain until a full refresh", (it) => {
  const placed = (source: string) =>
    Effect.flatMap(WarehouseSql, (sql) =>
      sql.query(
        `SELECT id, version::int AS version, tableoid::regclass::text AS partition FROM "${source}".orders ORDER BY id`
      )
    )
  const children = (source: string) =>
    Effect.flatMap(WarehouseSql, (sql) =>
      sql.query(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = '"${source}".orders'::regclass ORDER BY c.relname`
      )
    ).pipe(Effect.map((rows) => rows.map((row) => row.name)))

  it.scoped(
    "a monthly table declared yearly keeps syncing into monthly partitions",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("kept")
        const monthly = ordersTarget(source)
        yield* warehouse.prepare(monthly, "merge", { resume: false })
        yield* warehouse.writePage(monthly, "merge", built, stateOf(source))

        const yearly = withGrain(monthly, "year")
        yield* warehouse.prepare(yearly, "merge", { resume: false })
        yield* warehouse.writePage(
          yearly,
          "merge",
          [
            order("jan", 2, "2025-01-10T00:00:00.000Z"),
            order("mar", 1, "2025-03-31T23:59:59.999Z"),
            order("dec-2024", 1, "2024-12-01T00:00:00.000Z")
          ],
          stateOf(source)
        )
        expect(yield* placed(source)).toEqual([
          { id: "dec-2024", version: 1, partition: `${source}.orders_p2024_12` },
          { id: "feb", version: 1, partition: `${source}.orders_p2025_02` },
          { id: "jan", version: 2, partition: `${source}.orders_p2025_01` },
          { id: "mar", version: 1, partition: `${source}.orders_p2025_03` }
        ])
        expect(yield* children(source)).toEqual([
          "orders_default",
          "orders_p2024_12",
          "orders_p2025_01",
          "orders_p2025_02",
          "orders_p2025_03"
        ])
      }),
    30_000
  )

  it.scoped(
    "a table with only its default partition takes the declared grain",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("bare")
        const monthly = ordersTarget(source)
        yield* warehouse.prepare(monthly, "merge", { resume: false })
        const yearly = withGrain(monthly, "year")
        yield* warehouse.prepare(yearly, "merge", { resume: false })
        yield* warehouse.writePage(yearly, "merge", built, stateOf(source))
        expect(yield* children(source)).toEqual(["orders_default", "orders_p2025"])
      }),
    30_000
  )

  it.scoped(
    "a full refresh rebuilds it yearly, and later syncs write yearly partitions",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("rebuilt")
        const monthly = ordersTarget(source)
        yield* warehouse.prepare(monthly, "merge", { resume: false })
        yield* warehouse.writePage(monthly, "merge", built, stateOf(source))

        const yearly = withGrain(monthly, "year")
        const state = stateOf(source, "full_refresh")
        yield* warehouse.prepare(yearly, "replace", { resume: false })
        yield* warehouse.writePage(
          yearly,
          "replace",
          [...built, order("new-year", 1, "2026-01-01T00:00:00.000Z")],
          state
        )
        // Until the swap, readers still see the monthly table.
        expect(yield* children(source)).toEqual(["orders_default", "orders_p2025_01", "orders_p2025_02"])
        yield* warehouse.complete(yearly, "replace", state)
        expect(yield* children(source)).toEqual(["orders_default", "orders_p2025", "orders_p2026"])
        expect(yield* placed(source)).toEqual([
          { id: "feb", version: 1, partition: `${source}.orders_p2025` },
          { id: "jan", version: 1, partition: `${source}.orders_p2025` },
          { id: "new-year", version: 1, partition: `${source}.orders_p2026` }
        ])

        // The next incremental sync of the rebuilt table writes yearly partitions.
        yield* warehouse.prepare(yearly, "merge", { resume: false })
        yield* warehouse.writePage(
          yearly,
          "merge",
          [order("jan", 2, "2025-01-10T00:00:00.000Z"), order("2027", 1, "2027-05-05T00:00:00.000Z")],
          stateOf(source)
        )
        expect(yield* children(source)).toEqual([
          "orders_default",
          "orders_p2025",
          "orders_p2026",
          "orders_p2027"
        ])
        expect(yield* placed(source)).toEqual([
          { id: "2027", version: 1, partition: `${source}.orders_p2027` },
          { id: "feb", version: 1, partition: `${source}.orders_p2025` },
          { id: "jan", version: 2, partition: `${source}.orders_p2025` },
          { id: "new-year", version: 1, partition: `${source}.orders_p2026` }
        ])
      }),
    30_000
  )
})
