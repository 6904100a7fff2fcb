import { makeRandom } from "../Random.js"
import type { ResourceType } from "../Store.js"
import { generateBusinessUnits } from "./BusinessUnits.js"
import { generateCartDiscounts } from "./CartDiscounts.js"
import { generateChannels } from "./Channels.js"
import type { DemoContext } from "./Context.js"
import { generateCustomerGroups } from "./CustomerGroups.js"
import type { DemoProduct, DemoRecord, DemoContext as Span } from "./Draw.js"
import { generateProductDiscounts } from "./ProductDiscounts.js"
import { generateProductTypes } from "./ProductTypes.js"
import { generateQuotes } from "./Quotes.js"
import { generateShippingMethods } from "./ShippingMethods.js"
import { generateShoppingLists } from "./ShoppingLists.js"
import { generateStandalonePrices } from "./StandalonePrices.js"
import { generateStates } from "./States.js"
import { generateStores } from "./Stores.js"
import { generateTaxCategories } from "./TaxCategories.js"
import { generateTypes } from "./Types.js"
import type { Json, Product } from "./Values.js"
import { generateZones, ZONES } from "./Zones.js"

/** The store types the rest of the shop fills (`products` are the catalogue's records, served as they are). */
export type ShopType = Extract<
  ResourceType,
  | "stores"
  | "channels"
  | "customer-groups"
  | "states"
  | "product-types"
  | "standalone-prices"
  | "shopping-lists"
  | "tax-categories"
  | "shipping-methods"
  | "zones"
  | "cart-discounts"
  | "product-discounts"
  | "types"
  | "quotes"
  | "business-units"
>

/** What the rest of the shop refers to among the records drawn before it (read, never drawn from). */
export interface ShopInput {
  readonly ctx: DemoContext
  readonly products: ReadonlyArray<Product>
  readonly customerIds: ReadonlyArray<string>
  readonly categoryIds: ReadonlyArray<string>
}

/** Seed of the shop's own stream: the eight tables' draws stay exactly as they were without it. */
const SHOP_STREAM = 0x73686f70

const englishOf = (value: Json): string => String(Object.values(value)[0] ?? "")

const demoProduct = (product: Product): DemoProduct => ({
  id: product.id,
  key: product.key,
  productTypeId: product.productType.id,
  name: englishOf(product.name),
  slug: englishOf(product.slug),
  variants: product.variants.map((variant, index) => ({
    id: index + 1,
    sku: variant.sku,
    centAmount: ((variant.prices.EUR as Json).value as { centAmount: number }).centAmount
  }))
})

/**
 * Gives records the ids the eight tables already refer to (customer groups, product types, the tax category,
 * ...): every occurrence of the drawn id is replaced, references among the new records included.
 */
const adopt = (
  records: ReadonlyArray<DemoRecord>,
  ids: ReadonlyArray<readonly [index: number, id: string]>
): ReadonlyArray<DemoRecord> => {
  let text = JSON.stringify(records)
  for (const [index, id] of ids) {
    const drawn = records[index]?.id
    if (typeof drawn === "string") text = text.split(drawn).join(id)
  }
  return JSON.parse(text) as ReadonlyArray<DemoRecord>
}

/**
 * The rest of the shop (stores, channels, groups, states, types, prices, lists, tax, shipping, promotions, B2B),
 * drawn from its own seeded stream after the eight tables, over the same two years; it refers to their
 * customers, products and categories and reuses the ids their records already refer to.
 */
export const generateShop = (
  seed: number,
  { ctx, products, customerIds, categoryIds }: ShopInput
): Readonly<Record<ShopType, ReadonlyArray<DemoRecord>>> => {
  const random = makeRandom(seed ^ SHOP_STREAM)
  const rand = random.next
  const span = (count: number): Span => ({
    start: new Date(ctx.startMs),
    end: new Date(ctx.endMs),
    count
  })
  const scaled = (per: number, min: number): number => Math.max(min, Math.round(ctx.orderCount / per))

  const drawnChannels = generateChannels(rand, span(4))
  // warehouse-us-east and warehouse-eu-central are the inventory's supply channels.
  const channels = adopt(drawnChannels, [
    [0, ctx.channels[1]?.ref.id ?? ""],
    [1, ctx.channels[0]?.ref.id ?? ""]
  ])
  const rolesOf = (record: DemoRecord) => record.roles as ReadonlyArray<string>
  const stores = generateStores(rand, {
    ...span(3),
    distributionChannelIds: channels
      .filter((c) => rolesOf(c).includes("ProductDistribution"))
      .map((c) => c.id as string),
    supplyChannelIds: channels
      .filter((c) => rolesOf(c).includes("InventorySupply"))
      .map((c) => c.id as string)
  })
  const storeKeys = stores.map((store) => store.key as string)
  const customerGroups = adopt(
    generateCustomerGroups(rand, span(2)),
    ctx.customerGroups.map((group, index) => [index, group.id] as const)
  )
  const drawnStates = generateStates(rand, span(100))
  const states = adopt(drawnStates, [[0, ctx.lineItemStates.initial.id]])
  const productTypes = adopt(
    generateProductTypes(rand, span(4)),
    ctx.productTypes.map((type, index) => [index, type.ref.id] as const)
  )
  const taxCategories = adopt(generateTaxCategories(rand, span(3)), [[0, ctx.taxCategory.id]])
  const zones = generateZones(rand, span(ZONES.length))
  const shippingMethods = adopt(
    generateShippingMethods(rand, {
      ...span(3),
      taxCategoryId: ctx.taxCategory.id,
      zones: zones.map((zone, index) => ({
        id: zone.id as string,
        currencyCode: ZONES[index % ZONES.length]?.currencyCode ?? "EUR"
      })),
      storeKeys
    }),
    [[0, ctx.shippingMethod.id]]
  )
  const cartDiscounts = generateCartDiscounts(rand, { ...span(6), storeKeys, categoryIds })
  const productIds = products.map((product) => product.id)
  const productDiscounts = generateProductDiscounts(rand, { ...span(4), categoryIds, productIds })
  const types = adopt(generateTypes(rand, span(3)), [[0, ctx.orderType.id]])
  const skus = products.flatMap((product) => product.variants.map((variant) => variant.sku))
  const standalonePrices = generateStandalonePrices(rand, {
    ...span(scaled(20, 10)),
    skus,
    customerGroupIds: customerGroups.map((group) => group.id as string),
    channelIds: channels.map((channel) => channel.id as string)
  })
  const listed = products.filter((product) => product.published).map(demoProduct)
  const shoppingLists = generateShoppingLists(rand, {
    ...span(scaled(20, 10)),
    customerIds,
    products: listed,
    storeKeys
  })
  const businessUnits = generateBusinessUnits(rand, { ...span(5), customerIds, storeKeys })
  const quotes = generateQuotes(rand, {
    ...span(scaled(50, 5)),
    customerIds,
    businessUnitKeys: businessUnits.map((unit) => unit.key as string),
    storeKeys,
    products: listed
  })
  return {
    stores,
    channels,
    "customer-groups": customerGroups,
    states,
    "product-types": productTypes,
    "standalone-prices": standalonePrices,
    "shopping-lists": shoppingLists,
    "tax-categories": taxCategories,
    "shipping-methods": shippingMethods,
    zones,
    "cart-discounts": cartDiscounts,
    "product-discounts": productDiscounts,
    types,
    quotes,
    "business-units": businessUnits
  }
}
