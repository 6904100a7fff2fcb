import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Either, Exit, Option, Scope, Stream, TestClock } from "effect"
import {
  Deletions,
  Engine,
  MemoryWarehouse,
  Progress,
  type Source,
  SourceError,
  SyncMode,
  type Table,
  Warehouse
} from "../src/index.js"
import type { MemoryRun } from "../src/testing/index.js"
import { goodToken, Notebook, type NotesOptions, notesSource } from "./fixtures/Notes.js"

const now = Date.parse("2025-06-01T00:00:00.000Z")
const mark = MemoryWarehouse.deletedAtField

interface Fixture {
  readonly notebook: Notebook
  readonly source: Source.Source
  readonly connection: Source.Connection
  readonly table: Table.TableInfo
  readonly requests: { count: number }
  readonly thoroughChecks: { count: number }
}

const fixture = (options: Partial<NotesOptions> & { readonly count?: number } = {}) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(now)
    const notebook = new Notebook(options.count ?? 40)
    const requests = { count: 0 }
    const thoroughChecks = { count: 0 }
    const source = notesSource({ ...options, notebook, requests, thoroughChecks })
    const connection = yield* source.connect({ token: goodToken })
    return {
      notebook,
      source,
      connection,
      table: source.tables[0]!,
      requests,
      thoroughChecks
    } satisfies Fixture
  })

interface Run {
  readonly result: Either.Either<Engine.RunResult, unknown>
  readonly events: ReadonlyArray<Progress.SyncEvent>
}

const run = (memory: MemoryRun, f: Fixture, options: Partial<Engine.RunOptions> = {}): Effect.Effect<Run> => {
  const events: Array<Progress.SyncEvent> = []
  return Engine.run(
    f.connection,
    "notes",
    { selected: f.source.tables, all: f.source.tables },
    { mode: SyncMode.incremental, ...options }
  ).pipe(
    Effect.either,
    Effect.provideService(Warehouse.Warehouse, memory.warehouse),
    Effect.provideService(Progress.Progress, { emit: (event) => Effect.sync(() => events.push(event)) }),
    Effect.map((result) => ({ result, events }))
  )
}

const ok = (run: Run): Engine.RunResult => {
  if (Either.isLeft(run.result)) throw new Error(`expected success, got ${JSON.stringify(run.result.left)}`)
  const failed = run.result.right.tables.filter((outcome) => Either.isLeft(outcome.result))
  if (failed.length > 0 || run.result.right.deletions.failures.length > 0) {
    throw new Error(`expected success, got ${JSON.stringify(run.result.right)}`)
  }
  return run.result.right
}

/** The rows as `id@version` with a `!` when marked deleted, sorted. */
const snapshot = (memory: MemoryRun) =>
  memory.inspector
    .rows("notes", "notes")
    .pipe(
      Effect.map((rows) =>
        rows
          .map((row) => `${String(row.id)}@${String(row.version)}${row[mark] !== undefined ? "!" : ""}`)
          .sort()
      )
    )

const marked = (memory: MemoryRun) =>
  memory.inspector.rows("notes", "notes").pipe(
    Effect.map((rows) =>
      rows
        .filter((row) => row[mark] !== undefined)
        .map((row) => String(row.id))
        .sort()
    )
  )

/** What a user checks: no live note is marked deleted, and every deleted note the warehouse holds is. */
const faithful = (memory: MemoryRun, notebook: Notebook, policy: "soft" | "purge" = "soft") =>
  Effect.gen(function* () {
    const rows = yield* memory.inspector.rows("notes", "notes")
    for (const row of rows) {
      const id = String(row.id)
      if (notebook.notes.has(id)) expect(row[mark], `live note ${id} marked deleted`).toBeUndefined()
      else if (policy === "purge") throw new Error(`deleted note ${id} kept under purge`)
      else expect(row[mark], `deleted note ${id} not marked`).toBeTypeOf("string")
    }
  })

const noLiveMarked = (memory: MemoryRun, notebook: Notebook) =>
  Effect.gen(function* () {
    for (const id of yield* marked(memory))
      expect(notebook.notes.has(id), `live note ${id} marked deleted`).toBe(false)
  })

const target = (f: Fixture) => Warehouse.target("notes", f.table)

describe("MemoryWarehouse deletions", () => {
  it.scoped(
    "applyDeletions marks once, keeps a record that came back, purges, and saves the feed state",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture({ count: 10 })
        const memory = yield* MemoryWarehouse.make()
        ok(yield* run(memory, f))
        const [a, b, c] = [...f.notebook.notes.keys()].sort()
        const state = {
          source: "notes",
          table: Deletions.feedStateName,
          mode: "incremental" as const,
          cursor: "x"
        }
        const batch = (policy: "soft" | "purge", deletions: ReadonlyArray<Warehouse.Deletion>) => [
          { target: target(f), disposition: "merge" as const, policy, deletions }
        ]
        const at = "2025-05-01T00:00:00.000Z"
        const first = yield* memory.warehouse.applyDeletions(
          batch("soft", [
            { id: a!, deletedAt: at, version: 1 },
            // The row is at version 1: a deletion of version 0 is older than it.
            { id: b!, deletedAt: at, version: 0 },
            { id: "unknown", deletedAt: at }
          ]),
          state
        )
        expect(first).toEqual({ marked: 1, purged: 0 })
        expect(yield* marked(memory)).toEqual([a])
        const again = yield* memory.warehouse.applyDeletions(
          batch("soft", [{ id: a!, deletedAt: at, version: 1 }]),
          state
        )
        expect(again).toEqual({ marked: 0, purged: 0 })
        expect(
          Option.getOrThrow(yield* memory.warehouse.loadState("notes", Deletions.feedStateName)).cursor
        ).toBe("x")
        const purged = yield* memory.warehouse.applyDeletions(
          batch("purge", [{ id: c!, deletedAt: at }]),
          state
        )
        expect(purged).toEqual({ marked: 0, purged: 1 })
        const status = (yield* memory.warehouse.states("notes")).find((s) => s.table === "notes")
        expect(status).toMatchObject({ rows: 9, deleted: 1 })
      })
  )

  it.scoped("append marks the latest version of a deleted record and purge removes every version", () =>
    Effect.gen(function* () {
      const f = yield* fixture({ count: 6 })
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f, { mode: SyncMode.append }))
      const [id, other] = f.notebook.touch(2)
      ok(yield* run(memory, f, { mode: SyncMode.append }))
      const state = { source: "notes", table: Deletions.feedStateName, mode: "incremental" as const }
      const deletion = (policy: "soft" | "purge", of: string) => [
        {
          target: target(f),
          disposition: "append" as const,
          policy,
          deletions: [{ id: of, deletedAt: now.toString() }]
        }
      ]
      yield* memory.warehouse.applyDeletions(deletion("soft", id!), state)
      yield* memory.warehouse.applyDeletions(deletion("soft", id!), state)
      const rows = yield* snapshot(memory)
      expect(rows).toContain(`${id}@1`)
      expect(rows).toContain(`${id}@2!`)
      expect(yield* memory.warehouse.applyDeletions(deletion("purge", other!), state)).toEqual({
        marked: 0,
        purged: 2
      })
      expect((yield* snapshot(memory)).filter((row) => row.startsWith(other!))).toEqual([])
    })
  )

  it.scoped("purgeMarked removes every version of an append record whose latest version is marked", () =>
    Effect.gen(function* () {
      const f = yield* fixture({ count: 6 })
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f, { mode: SyncMode.append }))
      const state = { source: "notes", table: Deletions.feedStateName, mode: "incremental" as const }
      const soft = (of: string) => [
        {
          target: target(f),
          disposition: "append" as const,
          policy: "soft" as const,
          deletions: [{ id: of, deletedAt: new Date(now).toISOString() }]
        }
      ]
      const [id, back] = f.notebook.touch(2)
      // `back` is marked at version 1, then comes back at version 2: it is not deleted.
      yield* memory.warehouse.applyDeletions(soft(back!), state)
      ok(yield* run(memory, f, { mode: SyncMode.append }))
      yield* memory.warehouse.applyDeletions(soft(id!), state)
      expect(yield* memory.warehouse.purgeMarked(target(f), "append")).toBe(2)
      const rows = yield* snapshot(memory)
      expect(rows.filter((row) => row.startsWith(`${id}@`))).toEqual([])
      expect(rows.filter((row) => row.startsWith(`${back}@`))).toEqual([`${back}@1!`, `${back}@2`])
      expect(rows).toHaveLength(6)
      expect(yield* memory.warehouse.purgeMarked(target(f), "append")).toBe(0)
    })
  )

  it.scoped("reconcile deletes unlisted rows created before the listing, all or nothing", () =>
    Effect.gen(function* () {
      const f = yield* fixture({ count: 10 })
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      const ids = [...f.notebook.notes.keys()].sort()
      const listed = ids.slice(2)
      const failing = Stream.concat(
        Stream.make(listed),
        Stream.fail(new SourceError({ reason: "Unavailable", message: "listing broke" }))
      )
      const failed = yield* Effect.either(
        memory.warehouse.reconcile(target(f), "merge", "soft", failing, {
          listedFrom: "2025-05-31T00:00:00.000Z"
        })
      )
      expect(Either.isLeft(failed)).toBe(true)
      expect(yield* marked(memory)).toEqual([])
      // Notes were created in 2024: a listing from before then deletes nothing.
      const early = yield* memory.warehouse.reconcile(target(f), "merge", "soft", Stream.make(listed), {
        listedFrom: "2023-01-01T00:00:00.000Z"
      })
      expect(early).toEqual({ marked: 0, purged: 0 })
      const done = yield* memory.warehouse.reconcile(
        target(f),
        "merge",
        "soft",
        Stream.make(listed.slice(0, 4), listed.slice(4)),
        {
          listedFrom: "2025-05-31T00:00:00.000Z"
        }
      )
      expect(done).toEqual({ marked: 2, purged: 0 })
      expect(yield* marked(memory)).toEqual(ids.slice(0, 2))
      const status = (yield* memory.warehouse.states("notes")).find((s) => s.table === "notes")
      expect(status).toMatchObject({ deleted: 2, lastReconciledAt: "2025-05-31T00:00:00.000Z" })
    })
  )

  it.effect("the run lock refuses a second holder until the first releases it", () =>
    Effect.gen(function* () {
      const memory = yield* MemoryWarehouse.make()
      const scope = yield* Scope.make()
      yield* Scope.extend(memory.warehouse.lock("notes"), scope)
      const second = yield* Effect.either(Effect.scoped(memory.warehouse.lock("notes")))
      expect(Either.isLeft(second) && second.left.reason).toBe("Locked")
      expect(Either.isLeft(second) && second.left.message).toMatch(/another sync of notes is running/)
      yield* Effect.scoped(memory.warehouse.lock("other"))
      yield* Scope.close(scope, Exit.void)
      yield* Effect.scoped(memory.warehouse.lock("notes"))
    })
  )
})

describe("Engine.run deletion step", () => {
  it.scoped(
    "a deleted note is marked after one incremental run; no live note is; a rerun changes nothing",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture()
        const memory = yield* MemoryWarehouse.make()
        ok(yield* run(memory, f))
        f.notebook.touch(3)
        const deleted = f.notebook.remove(4)
        const second = yield* run(memory, f)
        expect(ok(second).deletions).toMatchObject({ marked: 4, purged: 0 })
        expect(yield* marked(memory)).toEqual([...deleted].sort())
        yield* faithful(memory, f.notebook)
        const applied = second.events.filter((event) => event._tag === "DeletionsApplied")
        expect(applied.at(-1)).toMatchObject({ done: true })
        const before = yield* snapshot(memory)
        const third = ok(yield* run(memory, f))
        expect(third.deletions).toMatchObject({ marked: 0, purged: 0 })
        expect(yield* snapshot(memory)).toEqual(before)
        const status = (yield* memory.warehouse.states("notes")).find((s) => s.table === "notes")
        expect(status).toMatchObject({ rows: 40, deleted: 4 })
      })
  )

  it.scoped(
    "--deletes purge removes deleted rows, and a table whose policy is purge is purged by default",
    () =>
      Effect.gen(function* () {
        for (const setup of [
          { options: { deletes: "purge" as const } },
          { table: { deletes: "purge" as const } }
        ]) {
          const f = yield* fixture(setup.table ?? {})
          const memory = yield* MemoryWarehouse.make()
          ok(yield* run(memory, f))
          f.notebook.remove(3)
          expect(ok(yield* run(memory, f, setup.options ?? {})).deletions).toMatchObject({
            marked: 0,
            purged: 3
          })
          expect(yield* memory.inspector.rows("notes", "notes")).toHaveLength(37)
          yield* faithful(memory, f.notebook, "purge")
        }
      })
  )

  it.scoped("a --deletes purge run removes the rows earlier soft runs marked, with nothing new deleted", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      const deleted = f.notebook.remove(4)
      expect(ok(yield* run(memory, f)).deletions).toMatchObject({ marked: 4, purged: 0 })
      expect(yield* marked(memory)).toEqual([...deleted].sort())
      // A change a day later moves the feed's cursor past the settle window: it no longer rereads those deletions.
      f.notebook.touch(1, new Date("2025-01-02T00:00:00.000Z"))
      ok(yield* run(memory, f))
      const purge = yield* run(memory, f, { deletes: "purge" })
      expect(ok(purge).deletions).toMatchObject({ marked: 0, purged: 4 })
      expect(purge.events.filter((event) => event._tag === "MarkedRowsPurged")).toEqual([
        { _tag: "MarkedRowsPurged", source: "notes", table: "notes", purged: 4 }
      ])
      expect(yield* marked(memory)).toEqual([])
      expect(yield* memory.inspector.rows("notes", "notes")).toHaveLength(36)
      yield* faithful(memory, f.notebook, "purge")
      const again = yield* run(memory, f, { deletes: "purge" })
      expect(ok(again).deletions).toMatchObject({ marked: 0, purged: 0 })
      expect(again.events.some((event) => event._tag === "MarkedRowsPurged")).toBe(false)
    })
  )

  it.scoped("an idle run costs one request for the table and one for the feed", () =>
    Effect.gen(function* () {
      // Pages larger than what the settle window re-reads: one page per read.
      const f = yield* fixture({ limit: 50 })
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      f.notebook.remove(2)
      ok(yield* run(memory, f))
      f.requests.count = 0
      ok(yield* run(memory, f))
      expect(f.requests.count).toBe(2)
    })
  )

  it.scoped(
    "without a feed, a table relies on reconciliation: due after reconcile-after, or at once on --reconcile",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture({ feed: false })
        const memory = yield* MemoryWarehouse.make()
        ok(yield* run(memory, f))
        const deleted = f.notebook.remove(3)
        // The first import reconciled the table as of its start: nothing is due yet.
        const quiet = yield* run(memory, f)
        expect(ok(quiet).deletions.reconciled).toEqual([])
        expect(quiet.events.find((event) => event._tag === "ReliesOnReconciliation")).toMatchObject({
          table: "notes",
          action: "later",
          reason: "notes has no deletion feed"
        })
        expect(yield* marked(memory)).toEqual([])
        yield* TestClock.adjust(Duration.minutes(1))
        const forced = yield* run(memory, f, { reconcile: true })
        expect(ok(forced).deletions).toMatchObject({ reconciled: ["notes"], marked: 3 })
        expect(forced.events.find((event) => event._tag === "TableReconciled")).toMatchObject({
          table: "notes",
          listed: 37,
          marked: 3,
          purged: 0
        })
        expect(yield* marked(memory)).toEqual([...deleted].sort())

        f.notebook.remove(2)
        yield* TestClock.adjust(Duration.hours(23))
        expect(ok(yield* run(memory, f)).deletions.reconciled).toEqual([])
        yield* TestClock.adjust(Duration.hours(2))
        expect(ok(yield* run(memory, f)).deletions).toMatchObject({ reconciled: ["notes"], marked: 2 })
        yield* faithful(memory, f.notebook)
        const status = (yield* memory.warehouse.states("notes")).find((s) => s.table === "notes")
        expect(status?.lastReconciledAt).toBe(
          new Date(
            now + Duration.toMillis(Duration.sum(Duration.hours(25), Duration.minutes(1))) - 5 * 60_000
          ).toISOString()
        )
      })
  )

  it.scoped("a table without feed or id listing is reported as such and never reconciled", () =>
    Effect.gen(function* () {
      const f = yield* fixture({ feed: false, listing: false })
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      const forced = yield* run(memory, f, { reconcile: true })
      expect(forced.events.find((event) => event._tag === "ReliesOnReconciliation")).toMatchObject({
        action: "unlisted"
      })
      expect(ok(forced).deletions.reconciled).toEqual([])
    })
  )

  it.scoped(
    "a table kept as a history is left alone: no reconciliation, not reported uncovered, rows stay",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture({ feed: false, kept: "notes are an event history" })
        const memory = yield* MemoryWarehouse.make()
        ok(yield* run(memory, f))
        expect(f.notebook.remove(3)).toHaveLength(3)
        const forced = yield* run(memory, f, { reconcile: true })
        expect(forced.events.filter((event) => event._tag === "ReliesOnReconciliation")).toEqual([])
        expect(ok(forced).deletions).toMatchObject({ reconciled: [], uncovered: [], marked: 0 })
        expect((yield* snapshot(memory)).filter((row) => row.endsWith("!"))).toEqual([])
      })
  )

  it.scoped("when the feed's coverage says deletions are not recorded, reconciliation catches them", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      f.notebook.messagesEnabled = false
      const deleted = f.notebook.remove(3)
      yield* TestClock.adjust(Duration.hours(25))
      const next = yield* run(memory, f)
      expect(ok(next).deletions).toMatchObject({ reconciled: ["notes"], marked: 3 })
      expect(next.events.find((event) => event._tag === "ReliesOnReconciliation")).toMatchObject({
        reason: "the notebook does not record deletions",
        action: "reconcile"
      })
      expect(yield* marked(memory)).toEqual([...deleted].sort())
    })
  )

  it.scoped(
    "the feed's coverage is checked thoroughly once per reconcile-after period, and on --reconcile",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture()
        const memory = yield* MemoryWarehouse.make()
        ok(yield* run(memory, f))
        ok(yield* run(memory, f))
        ok(yield* run(memory, f))
        expect(f.thoroughChecks.count).toBe(1)
        yield* TestClock.adjust(Duration.hours(25))
        ok(yield* run(memory, f))
        ok(yield* run(memory, f))
        expect(f.thoroughChecks.count).toBe(2)
        ok(yield* run(memory, f, { reconcile: true }))
        expect(f.thoroughChecks.count).toBe(3)
      })
  )

  it.scoped("a feed deletion reaches a table this run does not sync", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      const deleted = f.notebook.remove(2)
      const result = yield* Engine.run(
        f.connection,
        "notes",
        { selected: [], all: f.source.tables },
        {
          mode: SyncMode.incremental
        }
      ).pipe(Effect.provideService(Warehouse.Warehouse, memory.warehouse))
      expect(result.deletions.marked).toBe(2)
      expect(yield* marked(memory)).toEqual([...deleted].sort())
    })
  )

  it.scoped("a second run while one holds the lock fails at once and changes nothing", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      ok(yield* run(memory, f))
      f.notebook.remove(2)
      const before = yield* snapshot(memory)
      yield* memory.warehouse.lock("notes")
      const second = yield* run(memory, f)
      expect(Either.isLeft(second.result) && second.result.left).toMatchObject({
        _tag: "WarehouseError",
        reason: "Locked"
      })
      expect(second.events).toEqual([])
      expect(yield* snapshot(memory)).toEqual(before)
    })
  )

  describe("killed at any write and rerun: no deletion lost, none applied to a live note", () => {
    for (const mode of [SyncMode.incremental, SyncMode.append]) {
      it.scoped(mode.name, () =>
        Effect.gen(function* () {
          const prepare = Effect.gen(function* () {
            const f = yield* fixture({ count: 30 })
            let crashAt = Number.POSITIVE_INFINITY
            const memory = yield* MemoryWarehouse.make({ failWrite: (write) => write >= crashAt })
            ok(yield* run(memory, f, { mode }))
            f.notebook.touch(4)
            f.notebook.remove(7)
            return { f, memory, crashAt: (at: number) => (crashAt = at) }
          })
          const clean = yield* prepare
          const start = yield* clean.memory.inspector.writes
          ok(yield* run(clean.memory, clean.f, { mode, reconcile: true }))
          const expected = yield* snapshot(clean.memory)
          const writes = (yield* clean.memory.inspector.writes) - start
          expect(writes).toBeGreaterThan(4)
          for (let n = 1; n <= writes; n++) {
            const current = yield* prepare
            current.crashAt((yield* current.memory.inspector.writes) + n)
            yield* run(current.memory, current.f, { mode, reconcile: true })
            yield* noLiveMarked(current.memory, current.f.notebook)
            current.crashAt(Number.POSITIVE_INFINITY)
            ok(yield* run(current.memory, current.f, { mode, reconcile: true }))
            expect(yield* snapshot(current.memory), `crash at write ${n}`).toEqual(expected)
            yield* faithful(current.memory, current.f.notebook)
          }
        })
      )
    }
  })
})
