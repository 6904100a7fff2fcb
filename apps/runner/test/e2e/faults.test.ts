import type { FaultPlan } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  eventsOf,
  freshDatabase,
  mismatches,
  type Shop,
  startShop,
  sync,
  tableNames
} from "./support/index.js"

const plan = (seed: number): FaultPlan => ({
  seed,
  rate429: 0.05,
  rate502: 0.015,
  rate503: 0.015,
  // Retry-After alternates between 0 and 1 second (see the hook below).
  retryAfterSeconds: seed % 2,
  // The source is allowed 6 requests at once (CTP_CONCURRENCY): with 25 ms of latency, a third in flight is
  // answered 429.
  maxConcurrent: 2
})

describe("(b) a flaky API: 429s with Retry-After, 502/503s, short-lived tokens, a concurrency cap", () => {
  let shop: Shop
  let db: Database
  beforeAll(async () => {
    shop = await startShop({
      orders: 3_000,
      seed: 8,
      tokenLifetimeSeconds: 3,
      faults: plan(0),
      latencyMs: 25
    })
    db = await freshDatabase("faults")
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

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
    const pages = synced.reduce((n, event) => n + Number(event.pages), 0)
    const reported = synced.reduce((n, event) => n + Number(event.requests), 0)
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
