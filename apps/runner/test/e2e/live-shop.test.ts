import { makeRandom } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  freshDatabase,
  mismatches,
  type Shop,
  startShop,
  sync
} from "./support/index.js"

/** Seeded, so the run is the same every time. */
const seeded = (seed: number) => {
  const random = makeRandom(seed)
  return () => random.next()
}

/** A new record shaped like an existing one: same fields, no id, key or timestamps (the store assigns them). */
const copyOf = (record: Record<string, unknown> | undefined): Record<string, unknown> => {
  const {
    id: _id,
    key: _key,
    version: _version,
    createdAt: _c,
    lastModifiedAt: _m,
    ...rest
  } = structuredClone(record ?? {})
  return rest
}

describe("(c) a live shop: records created and changed while the sync runs", () => {
  let shop: Shop
  let db: Database
  beforeAll(async () => {
    shop = await startShop({ orders: 3_000, seed: 7 })
    db = await freshDatabase("live_shop")
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  it("after one more incremental sync the warehouse equals the shop", async () => {
    const next = seeded(7)
    const activity = { created: 0, updated: 0, late: 0 }
    const pick = (type: string) => {
      const all = shop.store.byIdIndex(type)
      return all[Math.floor(next() * all.length)]
    }
    // Every 4th list request: a new order and customer, three changed orders (one committed late, stamped a
    // minute in the past), a changed payment and cart.
    let lists = 0
    const stop = shop.server.onRequest((info) => {
      if (info.kind !== "list" || ++lists % 4 !== 0) return
      const customer = shop.store.create("customers", {
        ...copyOf(pick("customers")),
        email: `live-${lists}@example.com`
      })
      shop.store.create("orders", {
        ...copyOf(pick("orders")),
        orderNumber: `LIVE-${lists}`,
        customerId: customer.id,
        orderState: "Open"
      })
      activity.created += 2
      for (let k = 0; k < 3; k++) {
        const order = pick("orders")
        if (order === undefined) continue
        const late = k === 0
        shop.store.update(
          "orders",
          order.id,
          (record) => {
            record.orderState = "Confirmed"
          },
          late ? Date.now() - 60_000 : undefined
        )
        activity.updated++
        if (late) activity.late++
      }
      for (const type of ["payments", "carts"]) {
        const record = pick(type)
        if (record === undefined) continue
        shop.store.update(type, record.id)
        activity.updated++
      }
    })
    const env = { ...shop.env, DATABASE_URL: db.url }
    let during: Awaited<ReturnType<typeof sync>>
    try {
      during = await sync([], { env })
    } finally {
      stop()
    }
    expect(during.code, describeRun(during)).toBe(0)
    expect(activity.created).toBeGreaterThan(20)
    // The shop moved on while the first sync read it: the warehouse is behind.
    expect((await mismatches(db, shop)).length).toBeGreaterThan(0)

    const after = await sync([], { env })
    expect(after.code, describeRun(after)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
  })
})
