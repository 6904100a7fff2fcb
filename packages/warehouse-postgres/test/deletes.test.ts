import { expect } from "@effect/vitest"
import { SourceError, Warehouse, WarehouseError } from "@sluice/source-sdk"
import { Chunk, Effect, Exit, Option, Scope, Stream } from "effect"
import { WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

const feedState = (source: string) => ({
  source,
  table: "_deletions",
  mode: "incremental" as const,
  cursor: "c-1"
})
const at = (day: number) => `2025-01-${String(day).padStart(2, "0")}T00:00:00.000Z`

onEachDriver("deletes", (it) => {
  const seeded = (prefix: string, disposition: "merge" | "append" = "merge") =>
    Effect.gen(function* () {
      const warehouse = yield* Warehouse.Warehouse
      const source = yield* withSource(prefix)
      const target = ordersTarget(source)
      yield* warehouse.prepare(target, disposition, { resume: false })
      yield* warehouse.writePage(
        target,
        disposition,
        [order("o-1", 1, at(1)), order("o-2", 3, at(2)), order("o-3", 1, at(3))],
        stateOf(source)
      )
      return { warehouse, sql: yield* WarehouseSql, source, target }
    })

  const rowsOf = (source: string) =>
    Effect.flatMap(WarehouseSql, (sql) =>
      sql.query(
        `SELECT id, version, to_char(_deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS deleted FROM "${source}".orders ORDER BY id, version`
      )
    )

  it.scoped(
    "a soft delete marks the row and keeps it; the same deletions again change nothing; the feed's state lands with them",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("soft")
        const batch = {
          target,
          disposition: "merge" as const,
          policy: "soft" as const,
          deletions: [
            { id: "o-1", deletedAt: "2025-03-01T00:00:00.000Z" },
            { id: "o-404", deletedAt: "2025-03-01T00:00:00.000Z" }
          ]
        }
        expect(yield* warehouse.applyDeletions([batch], feedState(source))).toEqual({ marked: 1, purged: 0 })
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-1", version: 1, deleted: "2025-03-01" },
          { id: "o-2", version: 3, deleted: null },
          { id: "o-3", version: 1, deleted: null }
        ])
        expect(
          yield* warehouse.applyDeletions(
            [{ ...batch, deletions: [{ id: "o-1", deletedAt: "2025-04-01T00:00:00.000Z" }] }],
            feedState(source)
          )
        ).toEqual({ marked: 0, purged: 0 })
        expect((yield* rowsOf(source))[0]).toEqual({ id: "o-1", version: 1, deleted: "2025-03-01" })
        expect(Option.getOrThrow(yield* warehouse.loadState(source, "_deletions")).cursor).toBe("c-1")
        const orders = (yield* warehouse.states(source)).find((state) => state.table === "orders")
        expect(orders).toMatchObject({ rows: 3, deleted: 1 })
      }),
    30_000
  )

  it.scoped(
    "purge removes the row; a deletion older than the row's version leaves it; a higher version written later revives a marked row",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("purge")
        const result = yield* warehouse.applyDeletions(
          [
            {
              target,
              disposition: "merge",
              policy: "purge",
              deletions: [{ id: "o-1", deletedAt: at(20), version: 1 }]
            },
            {
              target,
              disposition: "merge",
              policy: "soft",
              deletions: [
                { id: "o-2", deletedAt: at(20), version: 2 },
                { id: "o-3", deletedAt: at(20), version: 1 }
              ]
            }
          ],
          feedState(source)
        )
        expect(result).toEqual({ marked: 1, purged: 1 })
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-2", version: 3, deleted: null },
          { id: "o-3", version: 1, deleted: "2025-01-20" }
        ])
        // The record came back (a product published again): a higher version clears the mark.
        yield* warehouse.writePage(target, "merge", [order("o-3", 2, at(3))], stateOf(source))
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-2", version: 3, deleted: null },
          { id: "o-3", version: 2, deleted: null }
        ])
      }),
    30_000
  )

  it.scoped(
    "append tables: soft marks the latest version only, purge removes every version; tables not synced yet are skipped",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("append", "append")
        yield* warehouse.writePage(
          target,
          "append",
          [order("o-1", 2, at(1)), order("o-2", 4, at(2))],
          stateOf(source)
        )
        const missing = { ...target, table: "carts" }
        const batches = [
          {
            target,
            disposition: "append" as const,
            policy: "soft" as const,
            deletions: [{ id: "o-1", deletedAt: at(25) }]
          },
          {
            target,
            disposition: "append" as const,
            policy: "purge" as const,
            deletions: [{ id: "o-2", deletedAt: at(25) }]
          },
          {
            target: missing,
            disposition: "merge" as const,
            policy: "soft" as const,
            deletions: [{ id: "c-1", deletedAt: at(25) }]
          }
        ]
        expect(yield* warehouse.applyDeletions(batches, feedState(source))).toEqual({ marked: 1, purged: 2 })
        expect(yield* warehouse.applyDeletions(batches, feedState(source))).toEqual({ marked: 0, purged: 0 })
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-1", version: 1, deleted: null },
          { id: "o-1", version: 2, deleted: "2025-01-25" },
          { id: "o-3", version: 1, deleted: null }
        ])
      }),
    30_000
  )

  it.scoped(
    "purgeMarked removes the rows earlier runs marked deleted and nothing else; again it removes none",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("pmerge")
        const soft = {
          target,
          disposition: "merge" as const,
          policy: "soft" as const,
          deletions: [
            { id: "o-1", deletedAt: at(20) },
            { id: "o-3", deletedAt: at(21) }
          ]
        }
        expect(yield* warehouse.applyDeletions([soft], feedState(source))).toEqual({ marked: 2, purged: 0 })
        expect(yield* warehouse.purgeMarked(target, "merge")).toBe(2)
        expect(yield* rowsOf(source)).toEqual([{ id: "o-2", version: 3, deleted: null }])
        expect(yield* warehouse.purgeMarked(target, "merge")).toBe(0)
        expect(yield* warehouse.purgeMarked({ ...target, table: "carts" }, "merge")).toBe(0)
        const orders = (yield* warehouse.states(source)).find((state) => state.table === "orders")
        expect(orders).toMatchObject({ rows: 1, deleted: 0 })
      }),
    30_000
  )

  it.scoped(
    "purgeMarked on append removes every version of a record whose latest version is marked, not one that came back",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("pappend", "append")
        const soft = (id: string) => [
          {
            target,
            disposition: "append" as const,
            policy: "soft" as const,
            deletions: [{ id, deletedAt: at(20) }]
          }
        ]
        // o-3 is marked at version 1, then written again at version 2: it came back.
        yield* warehouse.applyDeletions(soft("o-3"), feedState(source))
        yield* warehouse.writePage(
          target,
          "append",
          [order("o-1", 2, at(1)), order("o-2", 4, at(2)), order("o-3", 2, at(3))],
          stateOf(source)
        )
        yield* warehouse.applyDeletions(soft("o-1"), feedState(source))
        expect(yield* warehouse.purgeMarked(target, "append")).toBe(2)
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-2", version: 3, deleted: null },
          { id: "o-2", version: 4, deleted: null },
          { id: "o-3", version: 1, deleted: "2025-01-20" },
          { id: "o-3", version: 2, deleted: null }
        ])
        expect(yield* warehouse.purgeMarked(target, "append")).toBe(0)
      }),
    30_000
  )

  it.scoped(
    "reconcile with a listing of many chunks marks exactly the unlisted rows created before the listing, and records when",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("reconcile")
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        const total = 3_000
        const ids = Array.from({ length: total }, (_, i) => `o-${String(i).padStart(5, "0")}`)
        yield* warehouse.writePage(
          target,
          "merge",
          ids.map((id, i) => order(id, 1, i === 7 ? "2025-06-02T00:00:00.000Z" : at(1 + (i % 28)))),
          stateOf(source)
        )
        // Gone from the source: every 100th id; o-00007 is not listed either but was created after the listing began.
        const listed = ids.filter((_, i) => i % 100 !== 0 && i !== 7)
        const chunks = Stream.fromIterable(listed).pipe(
          Stream.grouped(500),
          Stream.map((chunk) => Chunk.toReadonlyArray(chunk))
        )
        const listedFrom = "2025-06-01T00:00:00.000Z"
        const result = yield* warehouse.reconcile(target, "merge", "soft", chunks, { listedFrom })
        expect(result).toEqual({ marked: 30, purged: 0 })
        const sql = yield* WarehouseSql
        const marked = yield* sql.query(
          `SELECT id FROM "${source}".orders WHERE _deleted_at = $1::timestamptz ORDER BY id`,
          [listedFrom]
        )
        expect(marked.map((row) => row.id)).toEqual(ids.filter((_, i) => i % 100 === 0))
        expect(Option.getOrThrow(yield* warehouse.loadState(source, "orders")).lastReconciledAt).toBe(
          "2025-06-01T00:00:00.000Z"
        )
        expect((yield* warehouse.states(source))[0]).toMatchObject({ rows: total, deleted: 30 })
        // The listing table is gone.
        expect(
          yield* sql.query(
            `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename LIKE '_sluice%'`,
            [source]
          )
        ).toEqual([{ n: 0 }])

        const purged = yield* warehouse.reconcile(target, "merge", "purge", chunks, { listedFrom })
        expect(purged).toEqual({ marked: 0, purged: 30 })
        expect((yield* warehouse.states(source))[0]).toMatchObject({ rows: total - 30, deleted: 0 })
      }),
    60_000
  )

  it.scoped(
    "a listing that fails half-way changes nothing",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("reconcile_fails")
        const failing = Stream.make(["o-2"]).pipe(
          Stream.concat(Stream.fail(new SourceError({ reason: "Unavailable", message: "connection reset" })))
        )
        const error = yield* warehouse
          .reconcile(target, "merge", "soft", failing, { listedFrom: "2025-06-01T00:00:00.000Z" })
          .pipe(Effect.flip)
        expect(error).toBeInstanceOf(SourceError)
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-1", version: 1, deleted: null },
          { id: "o-2", version: 3, deleted: null },
          { id: "o-3", version: 1, deleted: null }
        ])
        expect(
          Option.getOrThrow(yield* warehouse.loadState(source, "orders")).lastReconciledAt
        ).toBeUndefined()
      }),
    30_000
  )

  it.scoped(
    "a listing emptied before it is used (crash recovery truncates unlogged tables) deletes nothing",
    () =>
      Effect.gen(function* () {
        const { warehouse, sql, source, target } = yield* seeded("reconcile_lost")
        const truncated = Stream.fromEffect(
          Effect.orDie(sql.query(`TRUNCATE "${source}"._sluice_listed_orders`))
        ).pipe(Stream.drain)
        const listed = Stream.make(["o-1"]).pipe(
          Stream.concat(truncated),
          Stream.concat(Stream.make(["o-2"]))
        )
        const error = yield* warehouse
          .reconcile(target, "merge", "soft", listed, { listedFrom: "2025-06-01T00:00:00.000Z" })
          .pipe(Effect.flip)
        expect(error).toBeInstanceOf(WarehouseError)
        expect(error.message).toContain("were lost")
        expect((yield* rowsOf(source)).filter((row) => row.deleted !== null)).toEqual([])
      }),
    30_000
  )

  it.scoped(
    "a deletion applied while a full refresh is interrupted is marked in its shadow too: the resumed refresh swaps it in marked",
    () =>
      Effect.gen(function* () {
        const { warehouse, source, target } = yield* seeded("refresh_shadow")
        // A refresh writes o-1 and o-2 into its shadow, then stops (the process died) before completing.
        yield* warehouse.prepare(target, "replace", { resume: false })
        yield* warehouse.writePage(
          target,
          "replace",
          [order("o-1", 1, at(1)), order("o-2", 3, at(2))],
          stateOf(source, "full_refresh")
        )
        const deletion = { id: "o-1", deletedAt: "2025-03-01T00:00:00.000Z" }
        const applied = yield* warehouse.applyDeletions(
          [{ target, disposition: "merge", policy: "soft", deletions: [deletion] }],
          feedState(source)
        )
        expect(applied).toEqual({ marked: 1, purged: 0 })
        // The next run resumes the refresh, which finds nothing more to read, and swaps the shadow in.
        yield* warehouse.prepare(target, "replace", { resume: true })
        yield* warehouse.complete(target, "replace", stateOf(source, "full_refresh"))
        expect(yield* rowsOf(source)).toEqual([
          { id: "o-1", version: 1, deleted: "2025-03-01" },
          { id: "o-2", version: 3, deleted: null }
        ])
      }),
    30_000
  )

  it.scoped(
    "the run lock is refused while held, with a clear message, and granted again after release",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const source = yield* withSource("locked")
        const first = yield* Scope.make()
        yield* warehouse.lock(source).pipe(Scope.extend(first))
        const refused = yield* warehouse.lock(source).pipe(Effect.scoped, Effect.flip)
        expect(refused).toBeInstanceOf(WarehouseError)
        expect(refused.reason).toBe("Locked")
        expect(refused.message).toContain(`another sync of ${source} is running into`)
        // Another source is independent.
        yield* warehouse.lock(`${source}_other`).pipe(Effect.scoped)
        yield* Scope.close(first, Exit.void)
        yield* warehouse.lock(source).pipe(Effect.scoped)
      }),
    30_000
  )
})
