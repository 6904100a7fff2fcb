import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Option, Stream } from "effect"
import { KeysetRead, type Table } from "../src/index.js"
import { Notebook } from "./fixtures/Notes.js"

const reader = (
  notebook: Notebook,
  options: { limit?: number; slices?: ReadonlyArray<KeysetRead.KeyRange> } = {}
) => {
  const queries: Array<KeysetRead.KeysetQuery> = []
  const read = KeysetRead.read({
    fetch: (query) =>
      Effect.sync(() => {
        queries.push(query)
        return { records: notebook.query(query, new Set()), requests: 1 }
      }),
    limit: options.limit ?? 4,
    ...(options.slices !== undefined ? { slices: options.slices } : {}),
    concurrency: 1
  })
  const fields = { primaryKey: "id", cursorField: "lastModifiedAt" }
  return { read: (request: Table.ReadRequest) => read(request, fields), queries }
}

const pages = (stream: Stream.Stream<Table.Page, unknown>) =>
  Stream.runCollect(stream).pipe(Effect.map(Chunk.toReadonlyArray))

const ids = (read: ReadonlyArray<Table.Page>) =>
  read.flatMap((page) => page.records.map((record) => record.id))

describe("KeysetRead.read", () => {
  it.effect("reads a table that fits one page with one request, unsliced", () =>
    Effect.gen(function* () {
      const notebook = new Notebook(18)
      const { read, queries } = reader(notebook, { limit: 500 })
      const result = yield* pages(read({ strategy: "full", since: Option.none(), resume: {} }))
      expect(queries).toEqual([
        { order: "id", since: Option.none(), after: Option.none(), range: KeysetRead.whole, limit: 500 }
      ])
      expect(ids(result)).toHaveLength(18)
      const first = reader(notebook, { limit: 500 })
      yield* pages(first.read({ strategy: "incremental", since: Option.none(), resume: {} }))
      expect(first.queries).toHaveLength(1)
    })
  )

  it.effect(
    "splits a large read after a full first page, each record once, in about as many requests as pages",
    () =>
      Effect.gen(function* () {
        const notebook = new Notebook(2_000)
        const { read, queries } = reader(notebook, { limit: 20 })
        const result = yield* pages(read({ strategy: "full", since: Option.none(), resume: {} }))
        expect(queries[0]?.range).toEqual(KeysetRead.whole)
        const slices = new Set(queries.slice(1).map((query) => query.range.name))
        expect(slices.size).toBeGreaterThan(8)
        expect(queries.every((query) => query.order === "id")).toBe(true)
        expect(ids(result).sort()).toEqual([...notebook.notes.keys()].sort())
        // 2,000 records fill 100 pages of 20.
        expect(queries.length).toBeLessThanOrEqual(120)
        const requests = result.reduce((sum, page) => sum + page.requests, 0)
        expect(requests).toBe(queries.length)
      })
  )

  it("splits the keys after the first page by how much of the key space that page covered", () => {
    expect(KeysetRead.split("f0000000-0000")).toEqual([{ name: "1/1" }])
    expect(KeysetRead.split("not-hex")).toEqual([{ name: "rest" }])
    const many = KeysetRead.split("01000000-0000")
    expect(many).toHaveLength(KeysetRead.maxSlices)
    expect(many[0]).toEqual({ name: "1/16", to: many[1]?.from })
    expect(many.at(-1)?.to).toBeUndefined()
    const bounds = many.slice(1).map((range) => range.from!)
    expect([...bounds].sort()).toEqual(bounds)
    expect(bounds.every((bound) => bound > "01000000")).toBe(true)
    expect(KeysetRead.split("40000000-0000")).toHaveLength(1)
    expect(KeysetRead.split("01000000-0000")).toEqual(many)
  })

  it.effect(
    "a read resumed after its first page, or partway through a slice, neither re-reads nor skips",
    () =>
      Effect.gen(function* () {
        const notebook = new Notebook(600)
        const all = [...notebook.notes.keys()].sort()
        const clean = reader(notebook, { limit: 10 })
        const pagesRead = yield* pages(clean.read({ strategy: "full", since: Option.none(), resume: {} }))
        const firstPage = pagesRead[0]!
        expect(firstPage.slice).toBe("all")
        const after = { all: { _tag: "After" as const, position: Option.getOrThrow(firstPage.position) } }
        const resumed = reader(notebook, { limit: 10 })
        const rest = yield* pages(resumed.read({ strategy: "full", since: Option.none(), resume: after }))
        expect([...ids([firstPage]), ...ids(rest)].sort()).toEqual(all)
        expect(resumed.queries.every((query) => query.range.name !== "all")).toBe(true)

        // Partway: the first page, and one slice's first page, were written before the crash.
        const sliced = rest.find((page) => !page.done)!
        const partway = {
          ...after,
          [sliced.slice]: { _tag: "After" as const, position: Option.getOrThrow(sliced.position) }
        }
        const again = reader(notebook, { limit: 10 })
        const remainder = yield* pages(
          again.read({ strategy: "full", since: Option.none(), resume: partway })
        )
        expect([...ids([firstPage, sliced]), ...ids(remainder)].sort()).toEqual(all)
      })
  )

  it.effect("reads incrementally from a cursor as a single slice, ordered by (cursor, id)", () =>
    Effect.gen(function* () {
      const notebook = new Notebook(20)
      const touched = notebook.touch(3)
      const { read, queries } = reader(notebook)
      const since = Option.some("2025-01-01T00:00:00.000Z")
      const result = yield* pages(read({ strategy: "incremental", since, resume: {} }))
      expect(queries).toEqual([
        { order: "cursor", since, after: Option.none(), range: KeysetRead.whole, limit: 4 }
      ])
      expect(result.map((page) => page.slice)).toEqual(["all"])
      expect(ids(result).sort()).toEqual([...touched].sort())
    })
  )

  it.effect("ends a slice at a short page, and after a full one asks once more", () =>
    Effect.gen(function* () {
      const { read, queries } = reader(new Notebook(8), { limit: 4, slices: [KeysetRead.whole] })
      const result = yield* pages(read({ strategy: "full", since: Option.none(), resume: {} }))
      expect(result.map((page) => [page.records.length, page.done])).toEqual([
        [4, false],
        [4, false],
        [0, true]
      ])
      expect(queries).toHaveLength(3)
      expect(Option.isNone(result[2]!.position)).toBe(true)

      const short = reader(new Notebook(6), { limit: 4, slices: [KeysetRead.whole] })
      const two = yield* pages(short.read({ strategy: "full", since: Option.none(), resume: {} }))
      expect(two.map((page) => [page.records.length, page.done])).toEqual([
        [4, false],
        [2, true]
      ])
    })
  )

  it.effect("continues each page strictly after the previous page's last (cursor, id), across ties", () =>
    Effect.gen(function* () {
      const notebook = new Notebook(30)
      const tie = "2025-02-01T00:00:00.000Z"
      for (const id of [...notebook.notes.keys()].slice(0, 10)) {
        notebook.update(id, (note) => ({ ...note, lastModifiedAt: tie }))
      }
      const { read, queries } = reader(notebook, { limit: 3 })
      const result = yield* pages(read({ strategy: "incremental", since: Option.some(tie), resume: {} }))
      expect(ids(result)).toHaveLength(10)
      expect(new Set(ids(result)).size).toBe(10)
      expect(queries[1]?.after).toEqual(result[0]?.position)
      expect(Option.getOrUndefined(result[0]!.position)?.cursor).toBe(tie)
    })
  )

  it.effect("on resume, skips Done slices and continues After positions", () =>
    Effect.gen(function* () {
      const notebook = new Notebook(40)
      const slices: ReadonlyArray<KeysetRead.KeyRange> = [
        { name: "low", to: "8" },
        { name: "high", from: "8" }
      ]
      const all = [...notebook.notes.keys()].sort()
      const lastLow = all.filter((id) => id < "8")[2]!
      const { read, queries } = reader(notebook, { slices })
      const result = yield* pages(
        read({
          strategy: "full",
          since: Option.none(),
          resume: { low: { _tag: "After", position: { id: lastLow } }, high: { _tag: "Done" } }
        })
      )
      expect(queries.every((query) => query.range.name === "low")).toBe(true)
      expect(queries[0]?.after).toEqual(Option.some({ id: lastLow }))
      expect(ids(result)).toEqual(all.filter((id) => id < "8" && id > lastLow))
    })
  )

  it.effect("a resumed read whose slices are all Done reads nothing", () =>
    Effect.gen(function* () {
      const { read, queries } = reader(new Notebook(10), { slices: [KeysetRead.whole] })
      const result = yield* pages(
        read({ strategy: "full", since: Option.none(), resume: { all: { _tag: "Done" } } })
      )
      expect(result).toEqual([])
      expect(queries).toEqual([])
    })
  )
})
