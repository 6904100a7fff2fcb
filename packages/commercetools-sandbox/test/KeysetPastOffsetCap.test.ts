import { describe, expect, it } from "vitest"
import { Store, seedDemoData, startServer } from "../src/index.js"
import { keysetRead, token } from "./helpers.js"
import { resources } from "./support/resources.js"

/** Key-set paging past the offset cap reads every order once. Speed is measured by `pnpm bench`, not here. */
describe("key-set paging past the 10,000 offset cap", () => {
  it("reads every one of 12,000 orders (offsets would pass 10,000), 500 at a time, with no offset", async () => {
    const orders = Number(process.env.SANDBOX_TIMING_ORDERS ?? 12_000)
    const store = new Store()
    const t0 = performance.now()
    seedDemoData(store, { orders })
    store.byLastModifiedIndex("orders")
    const seeded = performance.now() - t0
    const server = await startServer({
      resources,
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
      expect(new Set(seen.map((order) => order.id)).size).toBe(orders)
      expect(server.stats.maxLimit).toBeLessThanOrEqual(500)
      expect(server.stats.maxOffset).toBeLessThanOrEqual(10_000)
    } finally {
      await server.close()
    }
  }, 600_000)
})
