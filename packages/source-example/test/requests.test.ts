import { describe, expect, it } from "@effect/vitest"
import { Engine, MemoryWarehouse, SyncMode } from "@sluice/source-sdk"
import { Duration, Effect, Either } from "effect"
import { ExampleSource } from "../src/index.js"
import { demoData, startExampleServer } from "../src/server.js"

const pageSize = 100

describe("requests a sync costs", () => {
  it.live(
    "a first import costs about the pages its tables fill, a small table one request; no change, one each",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const server = yield* startExampleServer({
            records: demoData({ authors: 18, books: 4_000 }),
            token: "t"
          })
          const connection = yield* ExampleSource.connect({ apiUrl: server.url, apiToken: server.token })
          const sync = Engine.syncTables(connection, "example", ExampleSource.tables, {
            mode: SyncMode.incremental,
            lookback: Duration.zero
          })
          const first = yield* sync
          const requests = first.map((outcome) => [outcome.table, Either.getOrThrow(outcome.result).requests])
          const books = server.records("books").length
          const pages = Math.ceil(books / pageSize)
          console.info(`first import: ${JSON.stringify(requests)} requests; books fill ${pages} pages`)
          // One `/me` proves the token before the tables sync.
          expect(server.requests()).toBe(1 + requests.reduce((sum, [, count]) => sum + Number(count), 0))
          expect(requests[0]).toEqual(["authors", 1])
          expect(Number(requests[1]?.[1])).toBeGreaterThan(pages - 1)
          expect(Number(requests[1]?.[1])).toBeLessThanOrEqual(Math.ceil(pages * 1.2))
          expect(first.map((outcome) => Either.getOrThrow(outcome.result).rows)).toEqual([18, books])

          const again = yield* sync
          expect(again.map((outcome) => Either.getOrThrow(outcome.result).requests)).toEqual([1, 1])
        }).pipe(Effect.provide(MemoryWarehouse.layer()))
      )
  )
})
