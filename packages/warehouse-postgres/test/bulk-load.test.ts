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
  "bulk load",
  (it) => {
    it.scoped(
      `keeps every one of ${total} records written in ${pageSize}-record pages across many monthly partitions`,
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("bulk_load")
          const target = ordersTarget(source)
          yield* warehouse.prepare(target, "merge", { resume: false })
          for (let offset = 0; offset < total; offset += pageSize) {
            yield* warehouse.writePage(
              target,
              "merge",
              records.slice(offset, offset + pageSize),
              stateOf(source)
            )
          }
          expect(yield* sql.query(`SELECT count(*)::int AS n FROM "${source}".orders`)).toEqual([
            { n: total }
          ])
        }),
      120_000
    )
  },
  casesWithLoaders
)
