import { describe, expect, it } from "@effect/vitest"
import { Engine, MemoryWarehouse, SyncMode } from "@sluice/source-sdk"
import { Checks, readAll, syncWith } from "@sluice/source-sdk/testing"
import { Effect, Either, Option, Stream } from "effect"
import { ExampleSource } from "../src/index.js"
import { demoData, type ServerOptions, startExampleServer } from "../src/server.js"

const serve = (options: Partial<ServerOptions> = {}) =>
  startExampleServer({ records: demoData({ authors: 10, books: 40 }), token: "t0ken", ...options }).pipe(
    Effect.map((server) => ({
      server,
      settings: { apiUrl: server.url, apiToken: server.token, pageSize: "4" }
    }))
  )

const table = (name: string) => ExampleSource.tables.find((candidate) => candidate.name === name)!

describe("example source", () => {
  it.scoped("check names the permission a token lacks, per table, and warns when the token can write", () =>
    Effect.gen(function* () {
      const { settings } = yield* serve({ permissions: ["read_authors", "write_authors"] })
      const connection = yield* ExampleSource.connect(settings)
      const report = yield* connection.check
      expect(report.tables).toEqual([
        { table: "authors", readable: true, message: "readable as demo" },
        {
          table: "books",
          readable: false,
          missing: "read_books",
          message: "the credentials lack read_books or read_catalogue"
        }
      ])
      expect(report.warnings).toEqual([
        "the credentials can write (write_authors); read-only credentials are enough"
      ])
    })
  )

  it.scoped("reading a table without its permission fails with Access, naming the permission", () =>
    Effect.gen(function* () {
      const { settings } = yield* serve({ permissions: ["read_authors"] })
      const connection = yield* ExampleSource.connect(settings)
      const error = yield* Effect.flip(readAll(connection, table("books")))
      expect(error).toMatchObject({ reason: "Access", status: 403, access: "read_books" })
    })
  )

  it.live("reads a bulk import sharing one millisecond across many pages, each record once", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { server, settings } = yield* serve()
        const bulk = server
          .records("books")
          .filter((book) => book.lastModifiedAt === server.records("books")[0]!.lastModifiedAt)
        expect(bulk).toHaveLength(20)
        const connection = yield* ExampleSource.connect(settings)
        const pages = yield* connection
          .read(table("books"), {
            strategy: "incremental",
            since: Option.some(bulk[0]!.lastModifiedAt),
            resume: {}
          })
          .pipe(Stream.runCollect)
        const ids = [...pages].flatMap((page) => page.records.map((record) => String(record.id)))
        expect(new Set(ids).size).toBe(ids.length)
        for (const book of bulk) expect(ids).toContain(book.id)
        expect([...pages].length).toBeGreaterThan(5)
      })
    )
  )

  it.live("retries a server that answers 503 now and then, and counts the retries as requests", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { settings } = yield* serve({ unavailableEvery: 3 })
        const connection = yield* ExampleSource.connect(settings)
        const memory = yield* Checks.memoryWarehouse()
        const run = yield* syncWith(memory, connection, "example", table("authors"), {
          mode: SyncMode.fullRefresh
        })
        const result: Engine.TableResult = Either.getOrThrow(run.result)
        expect(result.rows).toBe(10)
        expect(result.requests).toBeGreaterThan(result.pages)
      })
    )
  )

  it.live("keeps fields the schema does not name, for the warehouse's _extra column", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { settings } = yield* serve()
        const connection = yield* ExampleSource.connect(settings)
        const books = yield* readAll(connection, table("books"))
        expect(books.some((book) => typeof book.shelf === "string")).toBe(true)
      })
    )
  )

  it.scoped("names missing settings by their env variables, and rejects a page size over the API's cap", () =>
    Effect.gen(function* () {
      const missing = yield* Effect.flip(ExampleSource.connect({}))
      expect(missing.message).toBe("missing settings: apiUrl (EXAMPLE_API_URL), apiToken (EXAMPLE_API_TOKEN)")
      const invalid = yield* Effect.flip(
        ExampleSource.connect({ apiUrl: "http://127.0.0.1:1", apiToken: "x", pageSize: "500" })
      )
      expect(invalid.message).toContain('invalid pageSize (EXAMPLE_PAGE_SIZE) "500"')
    })
  )

  it.live("the sandbox serves demo data a sync reads end to end", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const sandbox = yield* ExampleSource.sandbox!({ scale: 60 })
        const connection = yield* ExampleSource.connect(sandbox.settings)
        const outcomes = yield* Engine.syncTables(connection, "example", ExampleSource.tables, {
          mode: SyncMode.incremental
        }).pipe(Effect.provide(MemoryWarehouse.layer()))
        expect(
          outcomes.map((outcome) => [outcome.table, Either.map(outcome.result, (result) => result.rows)])
        ).toEqual([
          ["authors", Either.right(15)],
          ["books", Either.right(60)]
        ])
      })
    )
  )
})
