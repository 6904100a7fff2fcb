import { describe, expect, it } from "@effect/vitest"
import { Effect, Option, Stream } from "effect"
import { InFlight, KeysetRead } from "../src/index.js"
import { Notebook } from "./fixtures/Notes.js"

const megabyte = 2 ** 20

/** A sliced read whose every page weighs `pageBytes`, consumed slowly; the most the budget ever held. */
const readUnder = (budgetBytes: number, pageBytes: number) =>
  Effect.gen(function* () {
    const notebook = new Notebook(2_000)
    let fetched = 0
    const read = KeysetRead.read({
      fetch: (query) =>
        Effect.sync(() => {
          fetched++
          return { records: notebook.query(query, new Set()), requests: 1, bytes: pageBytes }
        }),
      limit: 20,
      concurrency: 6
    })
    const budget = InFlight.make(budgetBytes)
    const ledger = InFlight.ledger(budget)
    let most = 0
    let records = 0
    yield* read(
      { strategy: "full", since: Option.none(), resume: {} },
      { primaryKey: "id", cursorField: "id" }
    ).pipe(
      Stream.buffer({ capacity: 4 }),
      Stream.runForEach((page) =>
        Effect.gen(function* () {
          most = Math.max(most, budget.held())
          records += page.records.length
          // A slow writer: the readers would run ahead if nothing stopped them.
          yield* Effect.yieldNow()
          yield* Effect.yieldNow()
          ledger.give(page.held ?? 0)
        })
      ),
      Effect.locally(InFlight.current, ledger)
    )
    ledger.close()
    return { most, records, fetched, left: budget.held() }
  })

describe("InFlight: pages read but not yet written are bounded by bytes", () => {
  it.effect("ten pages' worth of budget holds at most ten pages, whatever the slices and buffers", () =>
    Effect.gen(function* () {
      const result = yield* readUnder(10 * megabyte, megabyte)
      expect(result.records).toBe(2_000)
      expect(result.most).toBeLessThanOrEqual(10 * megabyte)
      expect(result.most).toBeGreaterThanOrEqual(4 * megabyte)
      expect(result.left).toBe(0)
    })
  )

  it.effect("the same budget with records ten times larger holds the same bytes (fewer pages)", () =>
    Effect.gen(function* () {
      const result = yield* readUnder(10 * megabyte, 10 * megabyte)
      expect(result.records).toBe(2_000)
      // The first page's estimate (1 MiB) is settled up once: one page over budget at most, then never again.
      expect(result.most).toBeLessThanOrEqual(20 * megabyte)
      expect(result.left).toBe(0)
    })
  )

  it.effect("a page larger than the whole budget still goes, alone", () =>
    Effect.gen(function* () {
      const result = yield* readUnder(megabyte, 5 * megabyte)
      expect(result.records).toBe(2_000)
      expect(result.most).toBeLessThanOrEqual(5 * megabyte + megabyte)
    })
  )

  it.effect("a table that ends holding pages gives them back, so the tables sharing the budget go on", () =>
    Effect.gen(function* () {
      const budget = InFlight.make(2 * megabyte)
      const failed = InFlight.ledger(budget)
      yield* failed.take(megabyte)
      failed.force(megabyte)
      expect(budget.held()).toBe(2 * megabyte)
      const other = InFlight.ledger(budget)
      const waiting = yield* Effect.fork(other.take(megabyte))
      yield* Effect.yieldNow()
      expect(budget.held()).toBe(2 * megabyte)
      failed.close()
      yield* waiting.await
      expect(budget.held()).toBe(megabyte)
      other.close()
      expect(budget.held()).toBe(0)
    })
  )
})
