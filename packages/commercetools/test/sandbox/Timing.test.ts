import { describe, expect, it } from "vitest"
import { Store, seedDemoData, startServer } from "../../src/sandbox/index.js"
import { keysetRead, token } from "./helpers.js"

/** A timing sanity print, not a benchmark assertion: seeding and key-set paging of 200,000 orders. */
describe("timing", () => {
  it("pages 200,000 orders by key-set, 500 at a time", async () => {
    const orders = Number(process.env.SANDBOX_TIMING_ORDERS ?? 200_000)
    const store = new Store()
    const t0 = performance.now()
    seedDemoData(store, { orders })
    store.byLastModifiedIndex("orders")
    const seeded = performance.now() - t0
    const server = await startServer({
      store,
      projectKey: "timing",
      clients: [{ clientId: "c", clientSecret: "s", scopes: ["view_orders"] }]
    })
    try {
      const t = await token(server, "c", "s")
      const t1 = performance.now()
      const seen = await keysetRead(server, t, "orders", 500)
      const paged = performance.now() - t1
      const heapMb = Math.round(process.memoryUsage().heapUsed / 1e6)
      console.log(
        `[sandbox timing] seed ${orders} orders: ${Math.round(seeded)} ms; key-set paging ${seen.length} orders ` +
          `in ${server.stats.listRequests.orders} pages: ${Math.round(paged)} ms; heap ${heapMb} MB`
      )
      expect(seen.length).toBe(orders)
      expect(server.stats.maxLimit).toBeLessThanOrEqual(500)
      expect(server.stats.maxOffset).toBeLessThanOrEqual(10_000)
    } finally {
      await server.close()
    }
  }, 600_000)
})
