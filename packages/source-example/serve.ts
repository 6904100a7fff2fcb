/**
 * Runs the example's library API alone, so the runner (or anything else) can be pointed at it:
 *   pnpm --filter @sluice/source-example serve --port 4010 --books 500
 * then, in another terminal: EXAMPLE_API_URL=http://127.0.0.1:4010 EXAMPLE_API_TOKEN=local-token pnpm runner sync example
 */
import { parseArgs } from "node:util"
import { NodeRuntime } from "@effect/platform-node"
import { Effect } from "effect"
import { demoData, startExampleServer } from "./src/server.js"

const { values } = parseArgs({
  // pnpm passes a `--` through when given one.
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    port: { type: "string", default: "4010" },
    books: { type: "string", default: "200" },
    token: { type: "string", default: "local-token" }
  }
})
const books = Number(values.books)

const serve = Effect.gen(function* () {
  const server = yield* startExampleServer({
    records: demoData({ authors: Math.max(5, Math.round(books / 4)), books }),
    token: values.token,
    port: Number(values.port)
  })
  yield* Effect.logInfo(`library API at ${server.url} with ${books} books (Ctrl-C stops it)`)
  yield* Effect.logInfo(`EXAMPLE_API_URL=${server.url} EXAMPLE_API_TOKEN=${server.token}`)
  return yield* Effect.never
})

NodeRuntime.runMain(Effect.scoped(serve))
