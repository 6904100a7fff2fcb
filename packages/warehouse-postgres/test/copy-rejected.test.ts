import { expect } from "@effect/vitest"
import { Warehouse, WarehouseError } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { casesWithLoaders, onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

onEachDriver(
  "a page the database rejects",
  (it) => {
    it.scoped(
      "a value its column's type cannot hold (a number beyond bigint) fails the page at once, and the next page lands",
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("rejected")
          const target = ordersTarget(source)
          yield* warehouse.prepare(target, "merge", { resume: false })
          const failure = yield* warehouse
            .writePage(
              target,
              "merge",
              // 1e20 is an integer (the schema's Int allows it), written as its digits; bigint ends at 2^63 - 1.
              [order("o-1", 1, "2025-01-01T00:00:00.000Z", { totalCents: 1e20 })],
              stateOf(source)
            )
            .pipe(Effect.flip, Effect.timeout("20 seconds"))
          expect(failure).toBeInstanceOf(WarehouseError)
          expect(failure.reason).toBe("Query")
          expect(failure.message).toContain(`${source}.orders`)
          expect(failure.message).toContain("out of range")
          yield* warehouse.writePage(
            target,
            "merge",
            [order("o-2", 1, "2025-01-01T00:00:00.000Z")],
            stateOf(source)
          )
          expect(yield* sql.query(`SELECT id FROM "${source}".orders`)).toEqual([{ id: "o-2" }])
        }),
      60_000
    )
  },
  casesWithLoaders
)
