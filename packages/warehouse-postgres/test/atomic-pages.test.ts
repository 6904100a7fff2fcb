import { expect } from "@effect/vitest"
import {
  Engine,
  type Source,
  type SourceRecord,
  SyncMode,
  Warehouse,
  WarehouseError
} from "@sluice/source-sdk"
import { Effect, Option, Stream } from "effect"
import { WarehouseSql } from "../src/index.js"
import { casesWithLoaders, onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTable, ordersTarget, stateOf } from "./support/Fixtures.js"

/** A source whose `orders` read returns fixed pages, resuming after the checkpoint's position. */
const pagedConnection = (pages: ReadonlyArray<ReadonlyArray<SourceRecord>>): Source.Connection => ({
  check: Effect.succeed({ tables: [], warnings: [] }),
  ready: Effect.void,
  read: (_table, request) => {
    const progress = request.resume.all
    const positionOf = (page: ReadonlyArray<SourceRecord>) => {
      const last = page[page.length - 1]!
      return { cursor: String(last.lastModifiedAt), id: String(last.id) }
    }
    const start =
      progress === undefined
        ? 0
        : progress._tag === "Done"
          ? pages.length
          : pages.findIndex((page) => positionOf(page).id === progress.position.id) + 1
    return Stream.fromIterable(
      pages.slice(start).map((records, index) => ({ records, index: start + index }))
    ).pipe(
      Stream.map(({ records, index }) => ({
        slice: "all",
        records,
        position: Option.some(positionOf(records)),
        done: index === pages.length - 1,
        requests: 1
      }))
    )
  }
})

const pages = Array.from({ length: 5 }, (_, page) =>
  Array.from({ length: 4 }, (_, i) => {
    const n = page * 4 + i
    return order(
      `o-${String(n).padStart(2, "0")}`,
      1 + (n % 3),
      new Date(Date.UTC(2024, 10, 1 + n * 3)).toISOString()
    )
  })
)

const rowsOf = (source: string) =>
  Effect.flatMap(WarehouseSql, (sql) =>
    sql.query(
      `SELECT id, version, created_at, last_modified_at, order_number, total_cents, tax_rate, paid, total_price, line_items, _extra
       FROM "${source}".orders ORDER BY id`
    )
  )

onEachDriver(
  "atomic pages",
  (it, driver) => {
    it.scoped(
      "a failed write rolls back: the page and its state are both absent and the connection is usable",
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("rollback")
          const target = ordersTarget(source)
          yield* warehouse.prepare(target, "merge", { resume: false })
          yield* warehouse.writePage(target, "merge", [order("good-1", 1, "2025-01-01T00:00:00.000Z")], {
            ...stateOf(source),
            cursor: "after-first-page"
          })
          const failure = yield* Effect.flip(
            warehouse.writePage(
              target,
              "merge",
              [
                order("good-2", 1, "2025-01-02T00:00:00.000Z"),
                order("bad", 1, "2025-01-03T00:00:00.000Z", { version: "seven" })
              ],
              { ...stateOf(source), cursor: "after-second-page" }
            )
          )
          expect(failure).toBeInstanceOf(WarehouseError)
          expect(failure.reason).toBe("Query")
          expect(failure.table).toBe("orders")
          expect(failure.message).toContain(`${source}.orders`)
          expect(failure.message).toMatch(/bigint/)
          expect(yield* sql.query(`SELECT id FROM "${source}".orders ORDER BY id`)).toEqual([
            { id: "good-1" }
          ])
          const state = yield* warehouse.loadState(source, "orders")
          expect(Option.map(state, (s) => s.cursor)).toEqual(Option.some("after-first-page"))
          if (driver.kind === "postgres") {
            const aborted = yield* sql.query(
              "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'sluice' AND state = 'idle in transaction (aborted)'"
            )
            expect(aborted).toEqual([{ n: 0 }])
          }
          // The same warehouse keeps working: the next page and state land.
          const next = yield* warehouse.writePage(
            target,
            "merge",
            [order("good-2", 1, "2025-01-02T00:00:00.000Z")],
            {
              ...stateOf(source),
              cursor: "after-retry"
            }
          )
          expect(next).toEqual({ inserted: 1, updated: 0, unchanged: 0 })
          expect(Option.map(yield* warehouse.loadState(source, "orders"), (s) => s.cursor)).toEqual(
            Option.some("after-retry")
          )
        }),
      30_000
    )

    it.scoped(
      "after a crash between two pages, data and checkpoint agree and the resumed sync ends equal to an uninterrupted one",
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const crashed = yield* withSource("crashed")
          const reference = yield* withSource("reference")
          const connection = pagedConnection(pages)
          const table = ordersTable()

          // Crash as the third page is written: nothing of it lands.
          let writes = 0
          const crashing: Warehouse.WarehouseShape = {
            ...warehouse,
            writePage: (target, disposition, records, state) =>
              ++writes === 3
                ? Effect.fail(new WarehouseError({ reason: "Connection", message: "simulated crash" }))
                : warehouse.writePage(target, disposition, records, state)
          }
          const failed = yield* Effect.flip(
            Engine.syncTable(connection, crashed, table, { mode: SyncMode.incremental }).pipe(
              Effect.provideService(Warehouse.Warehouse, crashing)
            )
          )
          expect(failed._tag).toBe("WarehouseError")
          const stored = Option.getOrThrow(yield* warehouse.loadState(crashed, "orders"))
          expect(stored.checkpoint?.pages).toBe(2)
          expect(stored.checkpoint?.slices.all).toEqual({
            _tag: "After",
            position: { cursor: String(pages[1]![3]!.lastModifiedAt), id: "o-07" }
          })
          const landed = yield* rowsOf(crashed)
          expect(landed.map((row) => row.id)).toEqual(
            pages
              .slice(0, 2)
              .flat()
              .map((record) => record.id)
          )
          expect(landed).toHaveLength(stored.checkpoint?.rows ?? -1)

          const resumed = yield* Engine.syncTable(connection, crashed, table, { mode: SyncMode.incremental })
          expect(resumed.resumed).toBe(true)
          expect(resumed.pages).toBe(3)
          const uninterrupted = yield* Engine.syncTable(connection, reference, table, {
            mode: SyncMode.incremental
          })
          expect(uninterrupted.pages).toBe(5)
          expect(yield* rowsOf(crashed)).toEqual(yield* rowsOf(reference))
          expect(yield* rowsOf(crashed)).toHaveLength(20)
          const [finalState] = yield* warehouse.states(crashed)
          expect(finalState?.checkpoint).toBeUndefined()
          expect(finalState?.cursor).toBe(uninterrupted.cursor)
          expect(finalState?.rows).toBe(20)
        }),
      60_000
    )
  },
  casesWithLoaders
)
