import { describe, expect, it } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import * as Partitions from "../src/internal/Partitions.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"
import { placement } from "./support/Placement.js"

describe("month math", () => {
  it("names and bounds a month's partition in UTC", () => {
    const january = Partitions.periodOf("month", "2025-01-31T23:59:59.999Z")
    expect(january).toEqual({ year: 2025, month: 1 })
    expect(Partitions.partitionName("orders", january!)).toBe("orders_p2025_01")
    expect(Partitions.bounds(january!)).toEqual({ from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z" })
    expect(Partitions.bounds({ year: 2024, month: 12 })).toEqual({
      from: "2024-12-01T00:00:00Z",
      to: "2025-01-01T00:00:00Z"
    })
  })

  it("puts an instant in the month of its UTC date, whatever its offset", () => {
    expect(Partitions.periodOf("month", "2025-02-01T00:00:00.000Z")).toEqual({ year: 2025, month: 2 })
    expect(Partitions.periodOf("month", "2025-02-01T00:30:00+01:00")).toEqual({ year: 2025, month: 1 })
    expect(Partitions.periodOf("month", "not a date")).toBeUndefined()
  })

  it("lists a page's distinct months in order", () => {
    expect(
      Partitions.periodsOf("month", [
        "2025-01-02T00:00:00Z",
        "2024-12-31T23:59:59Z",
        "2025-01-30T00:00:00Z"
      ]).map(Partitions.key)
    ).toEqual(["2024_12", "2025_01"])
  })

  it("reads a page's months as Date.parse does, whether an instant is written in UTC or not", () => {
    const instants = [
      "2025-01-31T23:59:59.999Z",
      "2025-01-31T24:00:00.000Z",
      "2025-03-31T23:30:00-05:00",
      "2025-05-01",
      "2025-06-30T23:59:60Z",
      "1999-12-31T23:59:59Z",
      "0999-01-01T00:00:00Z",
      "2025-13-01T00:00:00Z",
      "2025-07-01T00:00:00.123456Z",
      "not a date"
    ]
    for (const instant of instants) {
      const parsed = Partitions.periodOf("month", instant)
      expect({ instant, months: Partitions.periodsOf("month", [instant]) }).toEqual({
        instant,
        months: parsed === undefined ? [] : [parsed]
      })
    }
  })
})

onEachDriver("monthly partitions", (it) => {
  it.scoped(
    "rows land in the partition of their created_at month, month and year boundaries included",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("parts")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(
          target,
          "merge",
          [
            order("last-ms-of-january", 1, "2025-01-31T23:59:59.999Z"),
            order("first-ms-of-february", 1, "2025-02-01T00:00:00.000Z"),
            order("new-years-eve", 1, "2024-12-31T23:59:59.999Z"),
            order("new-year", 1, "2025-01-01T00:00:00.000Z")
          ],
          stateOf(source)
        )
        const placed = yield* placement(source)
        expect(placed.rows).toEqual([
          { id: "first-ms-of-february", partition: `${source}.orders_p2025_02` },
          { id: "last-ms-of-january", partition: `${source}.orders_p2025_01` },
          { id: "new-year", partition: `${source}.orders_p2025_01` },
          { id: "new-years-eve", partition: `${source}.orders_p2024_12` }
        ])
        expect(placed.partitions).toEqual([
          "orders_default",
          "orders_p2024_12",
          "orders_p2025_01",
          "orders_p2025_02"
        ])
        expect(placed.bound("orders_p2025_01")).toContain(
          "FROM ('2025-01-01 00:00:00+00') TO ('2025-02-01 00:00:00+00')"
        )
        expect(placed.inDefault).toBe(0)
      }),
    30_000
  )

  it.scoped(
    "two writers creating the same month at once both succeed",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("race")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        // Separate ids per writer, same months: both race to create orders_p2025_03..05.
        const page = (writer: string) =>
          ["2025-03-15T00:00:00.000Z", "2025-04-15T00:00:00.000Z", "2025-05-15T00:00:00.000Z"].map(
            (at, index) => order(`${writer}-${index}`, 1, at)
          )
        yield* Effect.all(
          ["a", "b", "c", "d"].map((writer) =>
            warehouse.writePage(target, "merge", page(writer), stateOf(source))
          ),
          { concurrency: "unbounded" }
        )
        const counts = yield* sql.query(
          `SELECT tableoid::regclass::text AS partition, count(*)::int AS n FROM "${source}".orders GROUP BY 1 ORDER BY 1`
        )
        expect(counts).toEqual([
          { partition: `${source}.orders_p2025_03`, n: 4 },
          { partition: `${source}.orders_p2025_04`, n: 4 },
          { partition: `${source}.orders_p2025_05`, n: 4 }
        ])
      }),
    30_000
  )
})
