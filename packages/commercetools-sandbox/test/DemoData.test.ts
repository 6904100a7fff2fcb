import { createHash } from "node:crypto"
import { describe, expect, it } from "vitest"
import { RESOURCE_TYPES, type ResourceRecord, Store, seedDemoData, startSandbox } from "../src/index.js"
import { keysetRead, token } from "./helpers.js"
import { resources } from "./support/resources.js"

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

const fingerprint = (store: Store): string => {
  const hash = createHash("sha256")
  for (const type of RESOURCE_TYPES) for (const record of store.all(type)) hash.update(JSON.stringify(record))
  return hash.digest("hex")
}

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Map<string, number> => {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

describe("demo data", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const a = new Store()
    const b = new Store()
    const c = new Store()
    seedDemoData(a, { orders: 3000, seed: 7 })
    seedDemoData(b, { orders: 3000, seed: 7 })
    seedDemoData(c, { orders: 3000, seed: 8 })
    expect(fingerprint(a)).toBe(fingerprint(b))
    expect(fingerprint(a)).not.toBe(fingerprint(c))
  }, 120_000)

  it("keeps the eight tables and the message log byte-for-byte as they were before the rest of the shop", () => {
    // Digests taken before the rest of the shop was seeded (it draws from its own stream).
    const before: Record<string, string> = {
      orders: "02d23585e7f57852d8a1b609bd25117aff3301f11b4a52733a9119145c2b5116",
      customers: "679cbf474c77c898b966f5ca75e7f78d552f8a5ee992c385c73b97900bbb65aa",
      payments: "3c558f2708c35d1808d221e9b1394a8dcd776b88cb0329f2ab0afa2430b86521",
      carts: "cb8667a110dc09a2210cca910ada5c7efc7d65a41d35bb7231e4b6be9e0cf6aa",
      products: "751603face28631436bbf38da5f32c60e3380a32790439d79a3572d2b7f80070",
      categories: "f4b2a856c1af736113274599c96e47c355bf234743fd2bba3f0a286086e4ac78",
      "discount-codes": "bea8b1da21b39d1b2cad53904f00db5263d7d40cf293dc85ad34565801fb106d",
      inventory: "9fa32cabcc683da2e59cbd2b140d5baa93031cbad82754c4b9cae3078b6bc623",
      messages: "068961782de396165cb2e0af383dcb0b5d8a3274840d6af62704cb95ab4ce4d9"
    }
    const store = new Store()
    seedDemoData(store, { orders: 500, seed: 7 })
    for (const [type, digest] of Object.entries(before)) {
      const hash = createHash("sha256")
      for (const record of store.all(type)) hash.update(JSON.stringify(record))
      expect(hash.digest("hex"), type).toBe(digest)
    }
  }, 60_000)

  it("seeds every table of the shop, referring to the records the eight tables refer to", () => {
    const store = new Store()
    const summary = seedDemoData(store, { orders: 1000, seed: 3 })
    for (const type of RESOURCE_TYPES) {
      expect(store.count(type), type).toBeGreaterThan(0)
      expect(summary.counts[type], type).toBe(store.count(type))
    }
    const ids = (type: string) => new Set(store.all(type).map((record) => record.id))
    const groups = ids("customer-groups")
    for (const customer of store.all("customers")) {
      const group = customer.customerGroup as { id: string } | undefined
      if (group !== undefined) expect(groups.has(group.id)).toBe(true)
    }
    const productTypes = ids("product-types")
    for (const product of store.all("products")) {
      expect(productTypes.has((product.productType as { id: string }).id)).toBe(true)
    }
    const channels = ids("channels")
    for (const entry of store.all("inventory")) {
      const channel = entry.supplyChannel as { id: string } | undefined
      if (channel !== undefined) expect(channels.has(channel.id)).toBe(true)
    }
    const skus = new Set(
      store.all("products").flatMap((product) => {
        const current = (
          product.masterData as {
            current: { masterVariant: { sku: string }; variants: Array<{ sku: string }> }
          }
        ).current
        return [current.masterVariant.sku, ...current.variants.map((variant) => variant.sku)]
      })
    )
    for (const price of store.all("standalone-prices")) expect(skus.has(price.sku as string)).toBe(true)
  }, 60_000)

  it("keeps the records the same whether or not it seeds the message history", () => {
    const bare = new Store()
    const full = new Store()
    seedDemoData(bare, { orders: 1000, seed: 5, deletionHistory: false })
    const summary = seedDemoData(full, { orders: 1000, seed: 5 })
    expect(bare.count("messages")).toBe(0)
    expect(full.count("messages")).toBe(summary.counts.messages)
    const deletions = full.all("messages").filter((message) => String(message.type).endsWith("Deleted"))
    expect(new Set(deletions.map((message) => message.type))).toEqual(
      new Set([
        "OrderDeleted",
        "CustomerDeleted",
        "ProductDeleted",
        "DiscountCodeDeleted",
        "InventoryEntryDeleted"
      ])
    )
    for (const type of RESOURCE_TYPES.filter((name) => name !== "messages")) {
      expect(JSON.stringify(full.all(type)), type).toBe(JSON.stringify(bare.all(type)))
    }
  }, 120_000)

  it("has the bursts the sync must survive", () => {
    const store = new Store()
    const summary = seedDemoData(store, { orders: 4000 })
    const orders = store.all("orders")
    const byModified = countBy(orders, (o) => o.lastModifiedAt)
    const largest = Math.max(...byModified.values())
    expect(largest).toBeGreaterThanOrEqual(1500)
    expect(byModified.get(summary.lastModifiedBurst.lastModifiedAt)).toBe(summary.lastModifiedBurst.size)
    const byCreated = countBy(orders, (o) => o.createdAt)
    expect(byCreated.get("2025-01-01T00:00:00.000Z") ?? 0).toBeGreaterThanOrEqual(10)
    expect(byCreated.get("2026-03-01T00:00:00.000Z") ?? 0).toBeGreaterThanOrEqual(10)
    const created = orders.map((o) => o.createdAt).sort()
    expect(created[0]! >= summary.start).toBe(true)
    expect(created[created.length - 1]! <= "2026-10-31T23:59:59.999Z").toBe(true)
  }, 120_000)

  it("has shapes that follow the API reference", () => {
    const store = new Store()
    const summary = seedDemoData(store, { orders: 2000 })
    expect(summary.counts.customers).toBe(500)
    for (const type of RESOURCE_TYPES) {
      const records = store.all(type)
      expect(records.length, type).toBeGreaterThan(0)
      for (const r of records) {
        expect(r.id, type).toMatch(UUID_V4)
        expect(Number.isInteger(r.version) && r.version >= 1, type).toBe(true)
        expect(r.createdAt, type).toMatch(ISO_MS)
        expect(r.lastModifiedAt, type).toMatch(ISO_MS)
        expect(r.createdAt <= r.lastModifiedAt, `${type} ${r.id}`).toBe(true)
      }
    }
    const ids = (type: string) => new Set(store.all(type).map((r) => r.id))
    const customers = ids("customers")
    const payments = ids("payments")
    const categories = ids("categories")
    for (const order of store.all("orders")) {
      expect(order.totalPrice).toMatchObject({ type: "centPrecision", fractionDigits: 2 })
      expect(typeof order.orderNumber).toBe("string")
      expect(["Open", "Confirmed", "Complete", "Cancelled"]).toContain(order.orderState)
      if (order.customerId !== undefined) expect(customers.has(order.customerId as string)).toBe(true)
      for (const p of (order.paymentInfo as { payments: Array<{ typeId: string; id: string }> } | undefined)
        ?.payments ?? []) {
        expect(p.typeId).toBe("payment")
        expect(payments.has(p.id)).toBe(true)
      }
      const items = order.lineItems as Array<{
        quantity: number
        totalPrice: { centAmount: number }
        variant: object
      }>
      expect(items.length).toBeGreaterThan(0)
      const sum = items.reduce((n, li) => n + li.totalPrice.centAmount, 0)
      expect((order.totalPrice as { centAmount: number }).centAmount).toBeGreaterThanOrEqual(sum)
    }
    for (const category of store.all("categories")) {
      const parent = category.parent as { typeId: string; id: string } | undefined
      const ancestors = category.ancestors as Array<{ typeId: string; id: string }>
      if (parent !== undefined) {
        expect(parent.typeId).toBe("category")
        expect(categories.has(parent.id)).toBe(true)
        expect(ancestors[ancestors.length - 1]).toEqual(parent)
      } else {
        expect(ancestors).toEqual([])
      }
    }
    const product = store.all("products")[0] as ResourceRecord
    const current = (
      product.masterData as { current: { masterVariant: { prices: Array<unknown>; sku: string } } }
    ).current
    expect(current.masterVariant.prices.length).toBeGreaterThan(0)
    expect(store.all("inventory")[0]?.supplyChannel).toMatchObject({ typeId: "channel" })
    const states = countBy(store.all("carts"), (c) => c.cartState as string)
    expect([...states.keys()].sort()).toEqual(["Active", "Merged", "Ordered"])
  }, 120_000)

  it("serves through startSandbox and pages the burst by key-set exactly once", async () => {
    const sandbox = await startSandbox({ resources, orders: 4000, projectKey: "demo-shop" })
    try {
      const t = await token(sandbox.server, sandbox.clientId, sandbox.clientSecret)
      const seen = await keysetRead(sandbox.server, t, "orders", 500)
      expect(seen.length).toBe(4000)
      expect(new Set(seen.map((r) => r.id)).size).toBe(4000)
      const projections = await keysetRead(sandbox.server, t, "product-projections", 100)
      expect(projections.length).toBeGreaterThan(0)
      expect(projections.every((p) => p.published === true)).toBe(true)
      expect(sandbox.server.stats.tokenRequests).toBe(1)
    } finally {
      await sandbox.server.close()
    }
  }, 120_000)
})
