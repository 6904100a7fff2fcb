import type { FaultPlan } from "@sluice/commercetools-sandbox"
import { describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  eventsOf,
  mismatches,
  type Shop,
  sync,
  tableNames,
  withShopAndDatabase
} from "./support/index.js"

const plan = (seed: number): FaultPlan => ({
  seed,
  // A full read of 6,000 orders now takes few pages (sliced only once the first page is full): rates high
  // enough that a run meets every kind.
  rate429: 0.12,
  rate502: 0.06,
  rate503: 0.06,
  // Retry-After alternates between 0 and 1 second (see the hook below).
  retryAfterSeconds: seed % 2,
  // The source is allowed 6 requests at once (CTP_CONCURRENCY); 6,000 orders are read in two slices, beside a
  // second table: with 25 ms of latency, a second request in flight is answered 429.
  maxConcurrent: 1
})

describe("(b) a flaky API: 429s with Retry-After, 502/503s, short-lived tokens, a concurrency cap", () => {
  let shop: Shop
  let db: Database
  withShopAndDatabase(
    { orders: 6_000, seed: 8, tokenLifetimeSeconds: 3, faults: plan(0), latencyMs: 25, database: "faults" },
    (opened, fresh) => {
      shop = opened
      db = fresh
    }
  )

  it("ends equal to the server, and reports the extra requests the faults caused", async () => {
    let requests = 0
    const stop = shop.server.onRequest(() => {
      if (++requests % 25 === 0) shop.server.setFaults(plan(requests / 25))
    })
    let result: Awaited<ReturnType<typeof sync>>
    try {
      result = await sync([], { env: { ...shop.env, CTP_CONCURRENCY: "6", DATABASE_URL: db.url } })
    } finally {
      stop()
    }
    const stats = shop.server.stats
    const injected =
      stats.faults["429"] + stats.faults["502"] + stats.faults["503"] + stats.faults.concurrency
    expect(result.code, describeRun(result)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    // The server did misbehave: faults of every kind, and tokens renewed as they expired.
    expect(stats.faults["429"]).toBeGreaterThan(0)
    expect(stats.faults["502"] + stats.faults["503"]).toBeGreaterThan(0)
    expect(stats.faults.concurrency).toBeGreaterThan(0)
    expect(stats.tokenRequests).toBeGreaterThan(1)

    // The runner reports the extra requests: per table, requests (retries included) exceed pages.
    const synced = eventsOf(result, "TableSynced")
    expect(synced).toHaveLength(tableNames.length)
    // The deletion feed (list requests to /messages) reports its own pages and requests, as running totals.
    const feed = eventsOf(result, "DeletionsApplied").at(-1)
    const pages = synced.reduce((n, event) => n + Number(event.pages), Number(feed?.pages ?? 0))
    const reported = synced.reduce((n, event) => n + Number(event.requests), Number(feed?.requests ?? 0))
    const listed = Object.values(stats.listRequests).reduce((n, count) => n + count, 0)
    console.info(
      `faults ${JSON.stringify(stats.faults)}; token requests ${stats.tokenRequests}; list requests ${listed}; runner: ${pages} pages, ${reported} requests`
    )
    expect(
      reported - pages,
      `reported ${reported} requests for ${pages} pages; server saw ${listed} list requests and injected ${injected} faults`
    ).toBeGreaterThan(0)
    // Every list request the server answered is accounted for (a request answered 401 after a token expired
    // may be counted too).
    expect(reported).toBeGreaterThanOrEqual(listed)
    expect(reported - pages).toBeGreaterThanOrEqual(Math.floor(injected * 0.9))
    // ... and retries are announced as notices.
    const notices = eventsOf(result, "Notice").map((event) => String(event.message))
    expect(
      notices.some((message) => /retr/i.test(message)),
      notices.slice(0, 5).join("\n")
    ).toBe(true)
  })
})
