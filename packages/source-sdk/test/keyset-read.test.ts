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
    cursorField: "lastModifiedAt",
    primaryKey: "id",
    limit: options.limit ?? 4,
    slices: options.slices ?? KeysetRead.hexSlices,
    concurrency: 1
  })
  return { read, queries }
}

const pages = (stream: Stream.Stream<Table.Page, unknown>) =>
  Stream.runCollect(stream).pipe(Effect.map(Chunk.toReadonlyArray))

const ids = (read: ReadonlyArray<Table.Page>) =>
  read.flatMap((page) => page.records.map((record) => record.id))

describe("KeysetRead.read", () => {
  it.effect("reads a full read by slices, ordered by id, each record once", () =>
    Effect.gen(function* () {
      const notebook = new Notebook(40)
      const { read, queries } = reader(notebook)
      const result = yield* pages(read({ strategy: "full", since: Option.none(), resume: {} }))
      expect(new Set(queries.map((query) => query.range.name))).toEqual(
        new Set(KeysetRead.hexSlices.map((slice) => slice.name))
      )
      expect(queries.every((query) => query.order === "id")).toBe(true)
      expect(ids(result).sort()).toEqual([...notebook.notes.keys()].sort())
    })
  )

  it.effect("slices a first incremental read (no cursor yet), ordered by cursor", () =>
    Effect.gen(function* () {
      const { read, queries } = reader(new Notebook(20))
      yield* pages(read({ strategy: "incremental", since: Option.none(), resume: {} }))
      expect(new Set(queries.map((query) => query.range.name)).size).toBe(16)
      expect(queries.every((query) => query.order === "cursor")).toBe(true)
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
