import { describe, expect, it } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import * as Partitions from "../src/internal/Partitions.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf, withGrain } from "./support/Fixtures.js"
import { placement } from "./support/Placement.js"

describe("year math", () => {
  it("names and bounds a year's partition in UTC", () => {
    const year = Partitions.periodOf("year", "2025-12-31T23:59:59.999Z")
    expect(year).toEqual({ year: 2025 })
    expect(Partitions.partitionName("products", year!)).toBe("products_p2025")
    expect(Partitions.bounds(year!)).toEqual({ from: "2025-01-01T00:00:00Z", to: "2026-01-01T00:00:00Z" })
  })

  it("puts an instant in the year of its UTC date, whatever its offset", () => {
    expect(Partitions.periodOf("year", "2026-01-01T00:00:00.000Z")).toEqual({ year: 2026 })
    expect(Partitions.periodOf("year", "2026-01-01T00:30:00+01:00")).toEqual({ year: 2025 })
    expect(Partitions.periodOf("year", "not a date")).toBeUndefined()
  })

  it("lists a page's distinct years in order", () => {
    expect(
      Partitions.periodsOf("year", [
        "2025-06-02T00:00:00Z",
        "2024-12-31T23:59:59Z",
        "2025-01-30T00:00:00Z"
      ]).map(Partitions.key)
    ).toEqual(["2024", "2025"])
  })

  it("reads a table's grain from its partitions' names; none but the default says nothing", () => {
    expect(Partitions.grainOf("orders", ["orders_default", "orders_p2025_01"])).toBe("month")
    expect(Partitions.grainOf("orders", ["orders_default", "orders_p2025"])).toBe("year")
    expect(Partitions.grainOf("orders", ["orders_default"])).toBeUndefined()
    expect(Partitions.grainOf("orders", [])).toBeUndefined()
  })
})

onEachDriver("yearly partitions", (it) => {
  it.scoped(
    "rows land in the partition of their created_at year, its first and last millisecond included",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("years")
        const target = withGrain(ordersTarget(source), "year")
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(
          target,
          "merge",
          [
            order("first-ms-of-2025", 1, "2025-01-01T00:00:00.000Z"),
            order("last-ms-of-2025", 1, "2025-12-31T23:59:59.999Z"),
            order("last-ms-of-2024", 1, "2024-12-31T23:59:59.999Z"),
            order("first-ms-of-2026", 1, "2026-01-01T00:00:00.000Z"),
            order("mid-2025", 1, "2025-07-15T12:00:00.000Z")
          ],
          stateOf(source)
        )
        const placed = yield* placement(source)
        expect(placed.rows).toEqual([
          { id: "first-ms-of-2025", partition: `${source}.orders_p2025` },
          { id: "first-ms-of-2026", partition: `${source}.orders_p2026` },
          { id: "last-ms-of-2024", partition: `${source}.orders_p2024` },
          { id: "last-ms-of-2025", partition: `${source}.orders_p2025` },
          { id: "mid-2025", partition: `${source}.orders_p2025` }
        ])
        expect(placed.partitions).toEqual(["orders_default", "orders_p2024", "orders_p2025", "orders_p2026"])
        expect(placed.bound("orders_p2025")).toContain(
          "FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00')"
        )
        expect(placed.inDefault).toBe(0)
      }),
    30_000
  )
})
