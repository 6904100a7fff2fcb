import { describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  mismatches,
  type Shop,
  sync,
  syncWhileLive,
  withShopAndDatabase
} from "./support/index.js"

describe("(c) a live shop: records created, changed and deleted while the sync runs", () => {
  let shop: Shop
  let db: Database
  withShopAndDatabase({ orders: 3_000, seed: 7, database: "live_shop" }, (opened, fresh) => {
    shop = opened
    db = fresh
  })

  it("after one more sync (reconciling the tables without deletion messages) the warehouse equals the shop", async () => {
    // Every 2nd list request: new records, changed ones (one committed late), deletions of every kind.
    const env = { ...shop.env, DATABASE_URL: db.url }
    const { run: during, activity } = await syncWhileLive(shop, { every: 2, deletes: true, seed: 7 }, [], {
      env
    })
    expect(during.code, describeRun(during)).toBe(0)
    expect(activity.created).toBeGreaterThan(10)
    expect(activity.late).toBeGreaterThan(0)
    expect(Object.keys(activity.deleted).length).toBeGreaterThan(4)
    // The shop moved on while the first sync read it: the warehouse is behind.
    expect((await mismatches(db, shop)).length).toBeGreaterThan(0)

    const after = await sync(["--reconcile"], { env })
    expect(after.code, describeRun(after)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
  })
})
