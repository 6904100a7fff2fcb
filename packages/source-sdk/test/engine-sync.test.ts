import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Either, Option, Schema, Stream, TestClock } from "effect"
import { Engine, JsonScan, MemoryWarehouse, type Source, SyncMode, Table, Warehouse } from "../src/index.js"
import { type MemoryRun, rowKeys, syncWith } from "../src/testing/index.js"
import { goodToken, Notebook, notesSource } from "./fixtures/Notes.js"

const now = Date.parse("2025-06-01T00:00:00.000Z")

interface Fixture {
  readonly notebook: Notebook
  readonly connection: Source.Connection
  readonly table: Table.TableInfo
}

const fixture = (
  options: { readonly count?: number; readonly flaws?: Parameters<typeof notesSource>[0]["flaws"] } = {}
) =>
  Effect.gen(function* () {
    yield* TestClock.setTime(now)
    const notebook = new Notebook(options.count ?? 40)
    const source = notesSource({ notebook, ...(options.flaws ? { flaws: options.flaws } : {}) })
    const connection = yield* source.connect({ token: goodToken })
    return { notebook, connection, table: source.tables[0]! } satisfies Fixture
  })

const sync = (
  memory: MemoryRun,
  f: Fixture,
  mode: SyncMode.SyncMode,
  options: Partial<Engine.SyncOptions> = {}
) => syncWith(memory, f.connection, "notes", f.table, { mode, ...options })

const ok = <A>(result: Either.Either<A, unknown>): A => {
  if (Either.isLeft(result)) throw new Error(`expected success, got ${JSON.stringify(result.left)}`)
  return result.right
}

const rows = (memory: MemoryRun, f: Fixture) => rowKeys(memory, "notes", f.table)

describe("Engine.syncTable", () => {
  it.scoped("incremental merges by primary key: a changed record replaces its row", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      const first = ok((yield* sync(memory, f, SyncMode.incremental)).result)
      expect(first).toMatchObject({ rows: 40, inserted: 40, resumed: false })
      const touched = f.notebook.touch(3)
      const second = ok((yield* sync(memory, f, SyncMode.incremental)).result)
      expect(second).toMatchObject({ inserted: 0, updated: 3 })
      const stored = yield* rows(memory, f)
      expect(stored).toHaveLength(40)
      for (const id of touched) expect(stored).toContain(`${id}@2`)
    })
  )

  it.scoped("incremental merge keeps the highest version when a lower one arrives later", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      const [id] = f.notebook.touch(1)
      ok((yield* sync(memory, f, SyncMode.incremental)).result)
      // The API now serves an older version of the record with a newer timestamp (a replica lagging behind).
      const note = f.notebook.notes.get(id!)!
      f.notebook.notes.set(id!, { ...note, version: 1, lastModifiedAt: "2025-05-01T00:00:00.000Z" })
      const second = ok((yield* sync(memory, f, SyncMode.incremental)).result)
      expect(second.updated).toBe(0)
      expect(yield* rows(memory, f)).toContain(`${id}@2`)
    })
  )

  it.scoped("append keeps each (id, version) once and never updates a row", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      ok((yield* sync(memory, f, SyncMode.append)).result)
      const touched = f.notebook.touch(3)
      const second = ok((yield* sync(memory, f, SyncMode.append)).result)
      expect(second).toMatchObject({ inserted: 3, updated: 0 })
      const stored = yield* rows(memory, f)
      expect(stored).toHaveLength(43)
      for (const id of touched) expect(stored).toEqual(expect.arrayContaining([`${id}@1`, `${id}@2`]))
      const third = ok((yield* sync(memory, f, SyncMode.append)).result)
      expect(third.inserted).toBe(0)
      expect(yield* rows(memory, f)).toHaveLength(43)
    })
  )

  it.scoped("full refresh replaces the rows only when the read completes", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      let failAt = 0
      const memory = yield* MemoryWarehouse.make({ failWrite: (write) => write === failAt })
      const first = ok((yield* sync(memory, f, SyncMode.fullRefresh)).result)
      expect(yield* rows(memory, f)).toHaveLength(40)
      const removed = [...f.notebook.notes.keys()].slice(0, 5)
      for (const id of removed) f.notebook.notes.delete(id)

      failAt = first.pages + 3
      const failed = yield* sync(memory, f, SyncMode.fullRefresh)
      expect(Either.isLeft(failed.result)).toBe(true)
      expect(yield* rows(memory, f)).toHaveLength(40)

      const resumed = ok((yield* sync(memory, f, SyncMode.fullRefresh)).result)
      expect(resumed.resumed).toBe(true)
      const stored = yield* rows(memory, f)
      expect(stored).toHaveLength(35)
      for (const id of removed) expect(stored).not.toContain(`${id}@1`)
    })
  )

  it.scoped("a failed full refresh keeps the old rows", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      let failAt = 0
      const memory = yield* MemoryWarehouse.make({ failWrite: (write) => write === failAt })
      const first = ok((yield* sync(memory, f, SyncMode.fullRefresh)).result)
      const before = yield* rows(memory, f)
      f.notebook.touch(10)
      failAt = first.pages + first.pages - 1
      const failed = yield* sync(memory, f, SyncMode.fullRefresh)
      expect(Either.isLeft(failed.result)).toBe(true)
      expect(yield* rows(memory, f)).toEqual(before)
    })
  )

  describe("a crash then a resume ends equal to an uninterrupted run", () => {
    for (const mode of SyncMode.all) {
      it.scoped(`${mode.name}: at every page write, nothing lost, nothing read twice`, () =>
        Effect.gen(function* () {
          const f = yield* fixture({ count: 120 })
          const clean = yield* MemoryWarehouse.make()
          const baseline = ok((yield* sync(clean, f, mode)).result)
          const expected = yield* rows(clean, f)
          expect(baseline.pages).toBeGreaterThan(10)
          for (let n = 1; n <= baseline.pages; n++) {
            const memory = yield* MemoryWarehouse.make({ failWrite: (write) => write === n })
            const crashed = yield* sync(memory, f, mode)
            expect(Either.isLeft(crashed.result)).toBe(true)
            const written = crashed.events.filter((event) => event._tag === "PageWritten").length
            expect(written).toBe(n - 1)
            const before = yield* memory.warehouse.loadState("notes", "notes")
            expect(Option.getOrUndefined(before)?.checkpoint?.pages ?? 0).toBe(n - 1)
            const resumed = ok((yield* sync(memory, f, mode)).result)
            expect(resumed.resumed).toBe(n > 1)
            expect(yield* rows(memory, f)).toEqual(expected)
            const checkpointRows = Option.getOrUndefined(before)?.checkpoint?.rows ?? 0
            expect(checkpointRows + resumed.rows).toBe(baseline.rows)
            const after = Option.getOrUndefined(yield* memory.warehouse.loadState("notes", "notes"))
            expect(after?.checkpoint).toBeUndefined()
            expect(after?.cursor).toBe(baseline.cursor)
          }
        })
      )
    }
  })

  it.scoped("an invalid record fails the sync naming its id and field, and its page is not written", () =>
    Effect.gen(function* () {
      const f = yield* fixture({ flaws: ["undecodable"] })
      const memory = yield* MemoryWarehouse.make()
      const run = yield* sync(memory, f, SyncMode.incremental)
      expect(Either.isLeft(run.result)).toBe(true)
      const failure = Either.getLeft(run.result).pipe(Option.getOrThrow)
      expect(failure._tag).toBe("RecordInvalid")
      if (failure._tag !== "RecordInvalid") return
      expect(f.notebook.notes.has(failure.id)).toBe(true)
      expect(failure.message).toMatch(/^version: /)
      expect(yield* rows(memory, f)).toEqual([])
      expect(run.events.at(-1)).toMatchObject({
        _tag: "TableFailed",
        table: "notes",
        reason: "RecordInvalid"
      })
      expect(run.events.at(-1)).toMatchObject({ message: expect.stringContaining(failure.id) })
    })
  )

  it.scoped("gives each page's memory back once the page is written, never one whose write failed", () =>
    Effect.gen(function* () {
      const f = yield* fixture({ count: 120 })
      // Each page says when its memory is given back, and what the warehouse held at that moment.
      const released: Array<{ readonly page: number; readonly written: number }> = []
      const tracked = (memory: MemoryRun): Fixture => {
        let pages = 0
        return {
          ...f,
          connection: {
            ...f.connection,
            read: (table, request) =>
              f.connection.read(table, request).pipe(
                Stream.mapEffect((page) =>
                  Effect.sync(() => {
                    const index = pages++
                    const release = () =>
                      Effect.runSync(
                        Effect.map(memory.inspector.writes, (written) =>
                          released.push({ page: index, written })
                        )
                      )
                    return { ...page, release }
                  })
                )
              )
          }
        }
      }
      const memory = yield* MemoryWarehouse.make()
      const done = ok((yield* sync(memory, tracked(memory), SyncMode.incremental)).result)
      expect(done.pages).toBeGreaterThan(3)
      // Every page once, in order, each after its own write.
      expect(released).toEqual(Array.from({ length: done.pages }, (_, page) => ({ page, written: page + 1 })))

      released.length = 0
      const failing = yield* MemoryWarehouse.make({ failWrite: (write) => write === 3 })
      const crashed = yield* sync(failing, tracked(failing), SyncMode.incremental)
      expect(Either.isLeft(crashed.result)).toBe(true)
      expect(released.map(({ page }) => page)).toEqual([0, 1])
    })
  )

  it.scoped(
    "rows checked against another schema are checked again: an invalid record still fails the sync",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture({ flaws: ["undecodable"] })
        // A schema that takes any note (and any version): rows scanned with it are not proof for the notes table.
        const lax = Table.rowShape({ schema: Schema.Struct({ id: Schema.String }) })
        if (lax === undefined) throw new Error("a struct has a shape")
        const asRows: Fixture = {
          ...f,
          connection: {
            ...f.connection,
            read: (table, request) =>
              f.connection.read(table, request).pipe(
                Stream.map((page) => {
                  const bytes = Buffer.from(JSON.stringify({ results: page.records }), "utf8")
                  const rows = JsonScan.scanRows(bytes, "results", lax)?.rows
                  if (rows === undefined) throw new Error("every note has an id")
                  return { ...page, rows }
                })
              )
          }
        }
        const memory = yield* MemoryWarehouse.make()
        const run = yield* sync(memory, asRows, SyncMode.incremental)
        const failure = Either.getLeft(run.result).pipe(Option.getOrThrow)
        expect(failure._tag).toBe("RecordInvalid")
        if (failure._tag !== "RecordInvalid") return
        expect(failure.message).toMatch(/^version: /)
        expect(yield* rows(memory, f)).toEqual([])
      })
  )

  it.scoped("emits TableStarted, a PageWritten per page with running totals, then TableSynced", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      const run = yield* sync(memory, f, SyncMode.incremental)
      const result = ok(run.result)
      const [started, ...rest] = run.events
      const synced = rest.pop()
      expect(started).toEqual({
        _tag: "TableStarted",
        source: "notes",
        table: "notes",
        mode: "incremental",
        resumed: false
      })
      expect(rest.every((event) => event._tag === "PageWritten")).toBe(true)
      expect(rest).toHaveLength(result.pages)
      const totals = rest.map((event) => (event._tag === "PageWritten" ? event.rows : -1))
      expect(totals).toEqual([...totals].sort((a, b) => a - b))
      expect(totals.at(-1)).toBe(40)
      expect(synced).toMatchObject({ _tag: "TableSynced", rows: 40, pages: result.pages, inserted: 40 })
    })
  )

  it.scoped("the next incremental run reads from the stored cursor minus the lookback", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      const memory = yield* MemoryWarehouse.make()
      const first = ok((yield* sync(memory, f, SyncMode.incremental)).result)
      const second = yield* sync(memory, f, SyncMode.incremental, { lookback: Duration.minutes(10) })
      const since = new Date(Date.parse(first.cursor!) - 10 * 60_000).toISOString()
      expect(second.events[0]).toMatchObject({ _tag: "TableStarted", since })
    })
  )

  it.scoped("the stored cursor is capped at the read's start when records carry later timestamps", () =>
    Effect.gen(function* () {
      const f = yield* fixture()
      f.notebook.touch(2, new Date(now + 60_000))
      const memory = yield* MemoryWarehouse.make()
      const result = ok((yield* sync(memory, f, SyncMode.incremental)).result)
      expect(result.cursor).toBe(new Date(now).toISOString())
    })
  )
})

describe("Engine.syncTables", () => {
  it.scoped(
    "a warehouse that stays unreachable stops the run: no further table is tried, one cause for all",
    () =>
      Effect.gen(function* () {
        const f = yield* fixture()
        const memory = yield* MemoryWarehouse.make({ failWrite: () => true })
        const outcomes = yield* Engine.syncTables(f.connection, "notes", [f.table, f.table], {
          mode: SyncMode.incremental
        }).pipe(Effect.provideService(Warehouse.Warehouse, memory.warehouse))
        expect(outcomes.map((outcome) => Either.isLeft(outcome.result))).toEqual([true, true])
        const [first, second] = outcomes.map((outcome) =>
          Either.getLeft(outcome.result).pipe(Option.getOrThrow)
        )
        expect(second).toBe(first)
        expect(first?._tag).toBe("WarehouseError")
        // Only the first table wrote (and failed); the second was never started.
        expect(yield* memory.inspector.writes).toBe(1)
      })
  )
})
