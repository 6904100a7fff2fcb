import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  eventsOf,
  freshDatabase,
  listRequests,
  mismatches,
  type Shop,
  startShop,
  sync,
  tableNames
} from "./support/index.js"

describe("(d) an incremental sync with nothing new", () => {
  let shop: Shop
  let db: Database
  beforeAll(async () => {
    shop = await startShop({ orders: 2_000, seed: 4 })
    db = await freshDatabase("idle")
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  it("writes nothing and costs one list request per table plus at most one token request", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])

    shop.server.resetStats()
    const second = await sync([], { env })
    expect(second.code, describeRun(second)).toBe(0)

    const synced = eventsOf(second, "TableSynced")
    expect(synced.map((event) => event.table).sort()).toEqual([...tableNames].sort())
    for (const event of synced) {
      expect({ table: event.table, inserted: event.inserted, updated: event.updated }).toEqual({
        table: event.table,
        inserted: 0,
        updated: 0
      })
    }
    expect(eventsOf(second, "PageWritten").every((page) => page.inserted === 0 && page.updated === 0)).toBe(
      true
    )

    const stats = shop.server.stats
    expect(Object.fromEntries(tableNames.map((table) => [table, listRequests(shop, table)]))).toEqual(
      Object.fromEntries(tableNames.map((table) => [table, 1]))
    )
    expect(stats.tokenRequests).toBeLessThanOrEqual(1)
    expect(stats.apiRequests).toBe(tableNames.length)
    expect(await mismatches(db, shop)).toEqual([])
  })
})
