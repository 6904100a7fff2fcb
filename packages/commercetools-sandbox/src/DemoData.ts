import { seedDeletionHistory } from "./DeletionHistory.js"
import { applyBulkUpdate } from "./demo/BulkUpdate.js"
import { generateCarts } from "./demo/Carts.js"
import { generateCategories } from "./demo/Categories.js"
import { makeContext } from "./demo/Context.js"
import { generateCustomers } from "./demo/Customers.js"
import { makeDiscountCodes } from "./demo/DiscountCodes.js"
import { generateInventory } from "./demo/Inventory.js"
import { generateOrders } from "./demo/Orders.js"
import { generateOrderTimes } from "./demo/OrderTimes.js"
import { generateProducts } from "./demo/Products.js"
import { generateShop } from "./demo/Shop.js"
import { iso, MONTH_BOUNDARY, YEAR_BOUNDARY } from "./demo/Values.js"
import { makeRandom } from "./Random.js"
import type { ResourceType, Store } from "./Store.js"

/**
 * Deterministic, realistic demo data for the sandbox: two years of orders (ending on `endDate`), their
 * customers, payments and carts, a published catalogue with a category tree, discount codes and inventory, and
 * the rest of the shop (stores, channels, prices, shopping lists, promotions, shipping, tax, quotes, B2B units).
 * Same seed and options, same data (ids, timestamps, values), independent of the clock.
 *
 * Built-in bursts, for the sync's hard cases:
 * - a bulk update: at least 1,500 orders (for 3,000+ orders) share one `lastModifiedAt` millisecond;
 * - imports whose orders share one `createdAt` (and `lastModifiedAt`) exactly on the year and month boundary
 *   `2025-01-01T00:00:00.000Z`, and on the month boundary `2026-03-01T00:00:00.000Z`;
 * - a customer import sharing one creation millisecond.
 */
export interface DemoDataOptions {
  /** Number of orders (default 12,000); other resources scale with it. */
  readonly orders?: number
  /** PRNG seed (default 42). */
  readonly seed?: number
  /** Last instant of the data (default `2026-10-31T23:59:59.999Z`); data spans the two years before it. */
  readonly endDate?: string
  /** Size of the shared-`lastModifiedAt` order burst (default max(1,500, orders / 8), at most orders / 2). */
  readonly burstSize?: number
  /** Seed the message log of the last ten days before `endDate` (creations, deletions; default true). */
  readonly deletionHistory?: boolean
}

export interface DemoDataSummary {
  readonly counts: Record<ResourceType, number>
  /** The bulk-update burst: orders sharing one `lastModifiedAt`. */
  readonly lastModifiedBurst: { readonly lastModifiedAt: string; readonly size: number }
  /** Import bursts: orders sharing one `createdAt` on month/year boundaries. */
  readonly createdAtBursts: ReadonlyArray<{ readonly createdAt: string; readonly size: number }>
  readonly customerImport: { readonly createdAt: string; readonly size: number }
  readonly start: string
  readonly end: string
}

/**
 * An `endDate` for demo data a live client reads: the end of the day before yesterday (UTC), so the seeded
 * message history lies within the default 15 days' retention, and every record is older than a sync's settle
 * window. The same all day long.
 */
export const recentEndDate = (now: number = Date.now()): string =>
  new Date(Math.floor(now / 86_400_000) * 86_400_000 - 86_400_000 - 1).toISOString()

/** Seeds the store; returns what was created. Each generator draws from the one seeded generator, in this order. */
export const seedDemoData = (store: Store, options: DemoDataOptions = {}): DemoDataSummary => {
  const ctx = makeContext(options)
  const { random, ids, startMs, endMs, merchant } = ctx
  const hierarchy = generateCategories(ctx)
  const { categories } = hierarchy
  const catalogue = generateProducts(ctx, hierarchy)
  const { productRecords } = catalogue
  const inventory = generateInventory(ctx, catalogue.products, productRecords)
  const people = generateCustomers(ctx)
  const { customerRecords, importMs, importSize } = people
  const times = generateOrderTimes(ctx)
  const { yearBurst, monthBurst } = times
  const discountCodes = makeDiscountCodes(random, ids, startMs, endMs, merchant)
  const { orders, payments, orderCartInfo } = generateOrders(ctx, times, people, catalogue, discountCodes)
  const { bulkAt, wantedBurst } = applyBulkUpdate(ctx, orders, options.burstSize)
  const carts = generateCarts(ctx, orderCartInfo, people, catalogue)

  // The discount-code records themselves.
  const discountRecords = discountCodes.records

  store.addMany("categories", categories)
  store.addMany("products", productRecords)
  store.addMany("inventory", inventory)
  store.addMany("customers", customerRecords)
  store.addMany("discount-codes", discountRecords)
  store.addMany("orders", orders)
  store.addMany("payments", payments)
  store.addMany("carts", carts)
  // The rest of the shop draws from its own stream, so the records above are the same as without it.
  const shop = generateShop(options.seed ?? 42, {
    ctx,
    products: catalogue.products,
    customerIds: customerRecords.map((customer) => customer.id as string),
    categoryIds: categories.map((category) => category.id as string)
  })
  for (const [type, records] of Object.entries(shop)) store.addMany(type, records)
  // Its own generator, so the records above stay the same with or without the history.
  const messages =
    options.deletionHistory === false
      ? 0
      : seedDeletionHistory(store, makeRandom((options.seed ?? 42) ^ 0x6d657373), endMs)

  return {
    counts: {
      messages,
      orders: orders.length,
      customers: customerRecords.length,
      payments: payments.length,
      carts: carts.length,
      products: productRecords.length,
      categories: categories.length,
      "discount-codes": discountRecords.length,
      inventory: inventory.length,
      ...(Object.fromEntries(Object.entries(shop).map(([type, records]) => [type, records.length])) as Record<
        keyof typeof shop,
        number
      >)
    },
    lastModifiedBurst: { lastModifiedAt: bulkAt, size: wantedBurst },
    createdAtBursts: [
      { createdAt: YEAR_BOUNDARY, size: yearBurst },
      { createdAt: MONTH_BOUNDARY, size: monthBurst }
    ],
    customerImport: { createdAt: iso(importMs), size: importSize },
    start: iso(startMs),
    end: iso(endMs)
  }
}
