import { readFileSync } from "node:fs"
import {
  type DemoProduct,
  type DemoRecord,
  generateBusinessUnits,
  generateCartDiscounts,
  generateChannels,
  generateCustomerGroups,
  generateProductDiscounts,
  generateProductTypes,
  generateQuotes,
  generateShippingMethods,
  generateShoppingLists,
  generateStandalonePrices,
  generateStates,
  generateStores,
  generateTaxCategories,
  generateTypes,
  generateZones,
  type Rand,
  ZONES
} from "@sluice/commercetools-sandbox/demo"
import { ParseResult, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { Tables } from "../src/index.js"

/** mulberry32: a seeded `rand` for the generators. */
const seeded = (seed: number): Rand => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const start = new Date("2024-11-01T00:00:00.000Z")
const end = new Date("2026-10-31T23:59:59.999Z")
const ids = (records: ReadonlyArray<DemoRecord>) => records.map((record) => record.id as string)
const keys = (records: ReadonlyArray<DemoRecord>) => records.map((record) => record.key as string)

/** Product projections as the sandbox serves them, built from the reference's product example. */
const projections = (count: number): ReadonlyArray<DemoRecord> => {
  const product = JSON.parse(readFileSync(new URL("./fixtures/products.json", import.meta.url), "utf8"))
  const current = product.masterData.current
  const withSku = (index: number) => (variant: Record<string, unknown>) => ({
    ...variant,
    sku: `SKU-${index}-${String(variant.id)}`
  })
  return Array.from({ length: count }, (_, index) => ({
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    version: 3,
    key: `product-${index}`,
    productType: product.productType,
    taxCategory: product.taxCategory,
    ...current,
    masterVariant: withSku(index)(current.masterVariant),
    variants: current.variants.map(withSku(index)),
    published: index % 10 !== 9,
    hasStagedChanges: index % 4 === 0,
    createdAt: "2025-02-01T10:00:00.000Z",
    lastModifiedAt: "2025-03-01T10:00:00.000Z"
  }))
}

const CUSTOMERS = Array.from(
  { length: 40 },
  (_, i) => `c0000000-0000-4000-8000-${String(i).padStart(12, "0")}`
)
const CATEGORIES = ["a0000000-0000-4000-8000-000000000001", "a0000000-0000-4000-8000-000000000002"]

interface ProductData {
  readonly name: Record<string, string>
  readonly slug: Record<string, string>
  readonly masterVariant: { readonly id: number; readonly sku?: string }
  readonly variants: ReadonlyArray<{ readonly id: number; readonly sku?: string }>
}

/** Every generator, called in the order the sandbox would: each gets the ids of what it refers to. */
const generate = (seed: number): Record<string, ReadonlyArray<DemoRecord>> => {
  const rand = seeded(seed)
  const base = { start, end }
  const channels = generateChannels(rand, { ...base, count: 4 })
  const roles = (role: string) => channels.filter((c) => (c.roles as Array<string>).includes(role))
  const stores = generateStores(rand, {
    ...base,
    count: 3,
    distributionChannelIds: ids(roles("ProductDistribution")),
    supplyChannelIds: ids(roles("InventorySupply"))
  })
  const customerGroups = generateCustomerGroups(rand, { ...base, count: 3 })
  const states = generateStates(rand, { ...base, count: 8 })
  const productTypes = generateProductTypes(rand, { ...base, count: 4 })
  const products = projections(20)
  const demoProducts: ReadonlyArray<DemoProduct> = products.map((product) => {
    const current = product as unknown as ProductData
    return {
      id: product.id as string,
      key: product.key as string,
      productTypeId: ids(productTypes)[0]!,
      name: Object.values(current.name)[0] ?? "",
      slug: Object.values(current.slug)[0] ?? "",
      variants: [current.masterVariant, ...current.variants].map((variant, v) => ({
        id: variant.id,
        sku: variant.sku ?? `${product.key}-${v}`,
        centAmount: 4999
      }))
    }
  })
  const skus = demoProducts.flatMap((product) => product.variants.map((variant) => variant.sku))
  const standalonePrices = generateStandalonePrices(rand, {
    ...base,
    count: 200,
    skus,
    customerGroupIds: ids(customerGroups),
    channelIds: ids(channels)
  })
  const shoppingLists = generateShoppingLists(rand, {
    ...base,
    count: 100,
    customerIds: CUSTOMERS,
    products: demoProducts,
    storeKeys: keys(stores)
  })
  const taxCategories = generateTaxCategories(rand, { ...base, count: 3 })
  const zones = generateZones(rand, { ...base, count: 3 })
  const shippingMethods = generateShippingMethods(rand, {
    ...base,
    count: 3,
    taxCategoryId: ids(taxCategories)[0]!,
    zones: zones.map((zone, i) => ({ id: zone.id as string, currencyCode: ZONES[i]!.currencyCode })),
    storeKeys: keys(stores)
  })
  const cartDiscounts = generateCartDiscounts(rand, {
    ...base,
    count: 6,
    storeKeys: keys(stores),
    categoryIds: CATEGORIES
  })
  const productDiscounts = generateProductDiscounts(rand, {
    ...base,
    count: 4,
    categoryIds: CATEGORIES,
    productIds: ids(products)
  })
  const types = generateTypes(rand, { ...base, count: 3 })
  const businessUnits = generateBusinessUnits(rand, {
    ...base,
    count: 5,
    customerIds: CUSTOMERS,
    storeKeys: keys(stores)
  })
  const quotes = generateQuotes(rand, {
    ...base,
    count: 50,
    customerIds: CUSTOMERS,
    businessUnitKeys: keys(businessUnits),
    storeKeys: keys(stores),
    products: demoProducts
  })
  return {
    stores,
    channels,
    customer_groups: customerGroups,
    states,
    product_types: productTypes,
    standalone_prices: standalonePrices,
    shopping_lists: shoppingLists,
    tax_categories: taxCategories,
    shipping_methods: shippingMethods,
    zones,
    cart_discounts: cartDiscounts,
    product_discounts: productDiscounts,
    types,
    quotes,
    business_units: businessUnits
  }
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

/** Tables the sandbox serves from what it derives or stores rather than from these generators. */
const derived = new Set(["messages", "products"])

describe("demo data for the new tables", () => {
  const data = generate(42)

  it("covers every extra table but messages (the sandbox derives those) and products (its stored catalogue, test/shop.test.ts in the sandbox), in the asked-for sizes", () => {
    expect(Object.keys(data).sort()).toEqual(
      Tables.extraTables
        .map((table) => table.name)
        .filter((name) => !derived.has(name))
        .sort()
    )
    const sizes = Object.fromEntries(Object.entries(data).map(([name, records]) => [name, records.length]))
    expect(sizes).toEqual({
      stores: 3,
      channels: 4,
      customer_groups: 3,
      states: 8,
      product_types: 4,
      standalone_prices: 20, // one per variant: the example product has only its master variant
      shopping_lists: 100,
      tax_categories: 3,
      shipping_methods: 3,
      zones: 3,
      cart_discounts: 6,
      product_discounts: 4,
      types: 3,
      quotes: 50,
      business_units: 5
    })
  })

  for (const table of Tables.extraTables.filter((t) => !derived.has(t.name))) {
    it(`${table.name}: every record passes the table's schema as the engine checks it`, () => {
      const validate = ParseResult.validateEither(Schema.encodedBoundSchema(table.schema), { errors: "all" })
      const records = data[table.name] ?? []
      for (const record of records) {
        const result = validate(record, { onExcessProperty: "ignore" })
        if (result._tag === "Left") {
          const issues = ParseResult.ArrayFormatter.formatIssueSync(result.left)
          expect.fail(
            `${table.name} ${String(record.id)}: ${issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`
          )
        }
        expect(record.id).toMatch(UUID_V4)
        expect(record.createdAt).toMatch(ISO_MS)
        expect((record.createdAt as string) <= (record.lastModifiedAt as string)).toBe(true)
        expect((record.lastModifiedAt as string) <= end.toISOString()).toBe(true)
        expect((record.createdAt as string) >= start.toISOString()).toBe(true)
      }
      expect(new Set(ids(records)).size).toBe(records.length)
      const withKeys = keys(records).filter((key) => key !== undefined)
      expect(new Set(withKeys).size).toBe(withKeys.length)
    })
  }

  it("prices one SKU each, at most `count` of them", () => {
    const skus = Array.from({ length: 300 }, (_, i) => `SKU-${i}`)
    const prices = generateStandalonePrices(seeded(1), {
      start,
      end,
      count: 200,
      skus,
      customerGroupIds: [],
      channelIds: []
    })
    expect(prices.map((price) => price.sku)).toEqual(skus.slice(0, 200))
  })

  it("is deterministic for a seed and differs across seeds", () => {
    expect(JSON.stringify(generate(42))).toBe(JSON.stringify(data))
    expect(JSON.stringify(generate(43))).not.toBe(JSON.stringify(data))
  })

  it("links records to the ones they name", () => {
    const idSet = (name: string) => new Set(ids(data[name] ?? []))
    const keySet = (name: string) => new Set(keys(data[name] ?? []))
    for (const store of data.stores ?? [])
      for (const channel of store.distributionChannels as Array<{ id: string }>)
        expect(idSet("channels").has(channel.id)).toBe(true)
    for (const method of data.shipping_methods ?? []) {
      expect(idSet("tax_categories").has((method.taxCategory as { id: string }).id)).toBe(true)
      for (const rate of method.zoneRates as Array<{ zone: { id: string } }>)
        expect(idSet("zones").has(rate.zone.id)).toBe(true)
    }
    const states = new Map((data.states ?? []).map((s) => [s.id, s]))
    for (const state of states.values())
      for (const next of (state.transitions as Array<{ id: string }> | undefined) ?? [])
        expect(states.get(next.id)?.type).toBe(state.type)
    for (const quote of data.quotes ?? []) {
      expect(keySet("business_units").has((quote.businessUnit as { key: string }).key)).toBe(true)
      const items = quote.lineItems as Array<{ totalPrice: { centAmount: number } }>
      const sum = items.reduce((total, item) => total + item.totalPrice.centAmount, 0)
      expect((quote.totalPrice as { centAmount: number }).centAmount).toBe(sum)
    }
    for (const unit of data.business_units ?? []) {
      expect(keySet("business_units").has((unit.topLevelUnit as { key: string }).key)).toBe(true)
      if (unit.unitType === "Division") {
        const parent = (data.business_units ?? []).find(
          (u) => u.key === (unit.parentUnit as { key: string }).key
        )
        expect((parent?.createdAt as string) <= (unit.createdAt as string)).toBe(true)
      }
    }
  })
})
