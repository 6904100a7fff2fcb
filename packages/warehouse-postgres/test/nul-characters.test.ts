import { expect } from "@effect/vitest"
import { JsonScan, Warehouse } from "@sluice/source-sdk"
import { Effect, Stream } from "effect"
import { WarehouseSql } from "../src/index.js"
import { cases, casesWithLoaders, onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

/**
 * A scanned page's record (its nested values raw bytes) with NULs: `\u0000` escaped in a string; after an escaped
 * backslash (`\\\u0000`: a backslash, then NUL); and the text `\u0000` (`\\u0000`, `\\\\u0000`: no NUL at all).
 * Here the JSON is written in a template literal, so each backslash of the JSON is doubled.
 */
const rawPage = Buffer.from(
  `{"limit":20,"count":1,"results":[{"id":"o-2","version":1,"createdAt":"2025-01-05T10:00:00.000Z",
"lastModifiedAt":"2025-01-05T10:00:00.000Z","orderNumber":"N-\\u0000-2",
"totalPrice":{"centAmount":100,"currencyCode":"E\\u0000UR"},
"lineItems":[{"name":"\\\\\\u0000","sku":"a\\\\u0000b","note":"\\\\\\\\u0000","tab":"\\t\\u0000\\n"}],
"custom":{"k\\u0000ey":"\\u0000"}}]}`,
  "utf8"
)

const scanned = () => {
  const list = JsonScan.scanList(rawPage, "results")
  if (list === undefined) throw new Error("the page did not scan")
  return list.items
}

onEachDriver(
  "NUL characters (U+0000), which PostgreSQL cannot store",
  (it) => {
    it.scoped(
      "land as U+FFFD: in text columns, in JSON given as objects and in raw JSON; the text \\u0000 stays as it is",
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("nul")
          const target = ordersTarget(source)
          const row = (id: string) =>
            sql.query(
              `SELECT order_number, total_price->>'currencyCode' AS currency, line_items->0 AS line, _extra
               FROM "${source}".orders WHERE id = $1`,
              [id]
            )
          yield* warehouse.prepare(target, "merge", { resume: false })

          // The first page: plain values, into the empty table (the copy loader's straight COPY).
          yield* warehouse.writePage(
            target,
            "merge",
            [
              order("o-1", 1, "2025-01-01T00:00:00.000Z", {
                orderNumber: "N-\u0000-1",
                totalPrice: { centAmount: 100, currencyCode: "E\u0000UR" },
                lineItems: [{ name: "\\\u0000", sku: "a\\u0000b", note: "\\\\u0000", tab: "\t\u0000\n" }],
                custom: { "k\u0000ey": "\u0000" }
              })
            ],
            stateOf(source)
          )
          // The second page: raw JSON, into a table that has rows (the merge through the staging table).
          yield* warehouse.writePage(target, "merge", scanned(), stateOf(source))

          for (const id of ["o-1", "o-2"]) {
            expect(yield* row(id)).toEqual([
              {
                order_number: `N-\uFFFD-${id.slice(2)}`,
                currency: "E\uFFFDUR",
                line: { name: "\\\uFFFD", sku: "a\\u0000b", note: "\\\\u0000", tab: "\t\uFFFD\n" },
                _extra: { custom: { "k\uFFFDey": "\uFFFD" } }
              }
            ])
          }
          // As the database sees them: no NUL anywhere, U+FFFD where each was.
          expect(
            yield* sql.query(
              `SELECT count(*)::int AS n FROM "${source}".orders
               WHERE position(U&'\\FFFD' IN order_number) = 3 AND line_items->0->>'sku' = 'a\\u0000b'`
            )
          ).toEqual([{ n: 2 }])
        }),
      60_000
    )
  },
  casesWithLoaders
)

onEachDriver(
  "an id holding a NUL",
  (it) => {
    it.scoped(
      "is its row's id (with U+FFFD) to a reconciliation's listing and to a deletion",
      () =>
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          const sql = yield* WarehouseSql
          const source = yield* withSource("nul_id")
          const target = ordersTarget(source)
          const id = "o-\u0000-1"
          yield* warehouse.prepare(target, "merge", { resume: false })
          yield* warehouse.writePage(
            target,
            "merge",
            [order(id, 1, "2025-01-01T00:00:00.000Z")],
            stateOf(source)
          )
          expect(yield* sql.query(`SELECT id FROM "${source}".orders`)).toEqual([{ id: "o-\uFFFD-1" }])
          const listing = Stream.make([id])
          const listedFrom = "2025-06-01T00:00:00.000Z"
          expect(yield* warehouse.reconcile(target, "merge", "soft", listing, { listedFrom })).toEqual({
            marked: 0,
            purged: 0
          })
          const deletion = { id, deletedAt: "2025-03-01T00:00:00.000Z" }
          const batch = {
            target,
            disposition: "merge" as const,
            policy: "soft" as const,
            deletions: [deletion]
          }
          const feed = { source, table: "_deletions", mode: "incremental" as const }
          expect(yield* warehouse.applyDeletions([batch], feed)).toEqual({ marked: 1, purged: 0 })
        }),
      60_000
    )
  },
  cases
)
