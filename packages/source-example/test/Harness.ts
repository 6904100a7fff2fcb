import type { Harness } from "@sluice/source-sdk/testing"
import { Effect } from "effect"
import { demoData, startExampleServer } from "../src/server.js"

/** The library API on loopback, with small pages so every read spans many pages and slices. */
export const exampleHarness = Effect.gen(function* () {
  const server = yield* startExampleServer({
    records: demoData({ authors: 24, books: 80 }),
    token: "test-token"
  })
  const settings = { apiUrl: server.url, apiToken: server.token, pageSize: "4" }
  const harness: Harness = {
    settings,
    badSettings: { ...settings, apiToken: "wrong-token" },
    touch: server.touch
  }
  return harness
})
