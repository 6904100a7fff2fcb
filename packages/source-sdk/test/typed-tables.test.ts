import { describe, expect, it } from "@effect/vitest"
import { Chunk, Effect, Either, Option, Schema, Stream } from "effect"
import { KeysetRead, Table } from "../src/index.js"

const Post = Schema.Struct({
  key: Schema.String,
  revision: Schema.Int,
  publishedAt: Schema.String,
  editedAt: Schema.String,
  body: Schema.String
})

const posts = [
  {
    key: "a",
    revision: 1,
    publishedAt: "2025-01-01T00:00:00.000Z",
    editedAt: "2025-02-01T00:00:00.000Z",
    body: "x"
  },
  {
    key: "b",
    revision: 2,
    publishedAt: "2025-01-02T00:00:00.000Z",
    editedAt: "2025-02-02T00:00:00.000Z",
    body: "y"
  }
]

const declaration = {
  name: "posts",
  description: "Posts",
  schema: Post,
  primaryKey: "key",
  versionField: "revision",
  cursorField: "editedAt",
  partition: { field: "publishedAt", grain: "month" },
  modes: ["incremental"],
  access: ["read_posts"]
} as const

describe("a table typed from its schema", () => {
  it("rejects, at compile time, a field its schema does not have", () => {
    const read = KeysetRead.read({
      fetch: () => Effect.succeed({ records: [], requests: 1 }),
      limit: 10,
      concurrency: 1
    })
    // @ts-expect-error: "edited" is not a field of Post
    Table.make({ ...declaration, cursorField: "edited", read })
    // @ts-expect-error: "id" is not a field of Post
    Table.make({ ...declaration, primaryKey: "id", read })
    // @ts-expect-error: "version" is not a field of Post
    Table.make({ ...declaration, versionField: "version", read })
    // @ts-expect-error: "createdAt" is not a field of Post
    Table.make({ ...declaration, partition: { field: "createdAt", grain: "month" }, read })
    expect(Table.make({ ...declaration, read }).cursorField).toBe("editedAt")
  })

  it.effect("the key-set reader pages by the table's own key and cursor fields", () =>
    Effect.gen(function* () {
      const table = Table.make({
        ...declaration,
        read: KeysetRead.read({
          fetch: (query) => Effect.succeed({ records: query.limit > 0 ? posts : [], requests: 1 }),
          limit: 2,
          concurrency: 1,
          slices: [KeysetRead.whole]
        })
      })
      const since = Option.some("2025-01-01T00:00:00.000Z")
      const [first] = Chunk.toReadonlyArray(
        yield* Stream.runCollect(Stream.take(table.read({ strategy: "incremental", since, resume: {} }), 1))
      )
      expect(first?.position).toEqual(Option.some({ cursor: "2025-02-02T00:00:00.000Z", id: "b" }))
    })
  )

  it("validates records with one rule, naming the record and the field", () => {
    const valid = Table.validator(Table.make({ ...declaration, read: () => Stream.empty }))
    expect(Either.isRight(valid({ ...posts[0]!, extra: true }))).toBe(true)
    const invalid = valid({ ...posts[1]!, revision: 2.5 })
    expect(Either.isLeft(invalid) && invalid.left).toMatchObject({ table: "posts", id: "b" })
    expect(Either.isLeft(invalid) && invalid.left.message).toMatch(/^revision: Expected an integer/)
  })
})
