import { expect } from "@effect/vitest"
import { Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { WarehouseSql } from "../src/index.js"
import { casesWithLoaders, onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

const total = 20_000
const pageSize = 500
const records = Array.from({ length: total }, (_, i) =>
  order(`order-${i}`, 1 + (i % 5), new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString())
)

onEachDriver(
  "throughput",
  (it, driver) => {
    it.scoped(
      `writes ${total} records in ${pageSize}-record pages (prints rows/second)`,
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("throughput")
          const target = ordersTarget(source)
          yield* warehouse.prepare(target, "merge", { resume: false })
          const started = performance.now()
          for (let offset = 0; offset < total; offset += pageSize) {
            yield* warehouse.writePage(
              target,
              "merge",
              records.slice(offset, offset + pageSize),
              stateOf(source)
            )
          }
          const seconds = (performance.now() - started) / 1000
          console.log(
            `[throughput] ${driver.name}: ${total} records in ${seconds.toFixed(2)} s = ${Math.round(total / seconds)} rows/s`
          )
          expect(yield* sql.query(`SELECT count(*)::int AS n FROM "${source}".orders`)).toEqual([
            { n: total }
          ])
        }),
      120_000
    )
  },
  casesWithLoaders
)
