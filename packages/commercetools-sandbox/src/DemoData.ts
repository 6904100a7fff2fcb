import { seedDeletionHistory } from "./DeletionHistory.js"
import { makeRandom, type Random } from "./Random.js"
import type { ResourceType, Store } from "./Store.js"

/**
 * Deterministic, realistic demo data for the sandbox: two years of orders (ending on `endDate`), their
 * customers, payments and carts, a published catalogue with a category tree, discount codes and inventory.
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

type Json = Record<string, unknown>
type Ref = { readonly typeId: string; readonly id: string }

const DAY = 86_400_000
const LOCALE = "en-US"
const YEAR_BOUNDARY = "2025-01-01T00:00:00.000Z"
const MONTH_BOUNDARY = "2026-03-01T00:00:00.000Z"

const dayPrefixes = new Map<number, ReadonlyArray<number>>()
const ISO: Array<number> = new Array<number>(24).fill(0)

/** `Date#toISOString` for integral epoch milliseconds, faster and as one flat string (day prefixes cached). */
const iso = (ms: number): string => {
  const day = Math.floor(ms / DAY)
  let prefix = dayPrefixes.get(day)
  if (prefix === undefined) {
    prefix = Array.from(new Date(day * DAY).toISOString().slice(0, 11), (c) => c.charCodeAt(0))
    dayPrefixes.set(day, prefix)
  }
  for (let k = 0; k < 11; k++) ISO[k] = prefix[k] as number
  let rest = ms - day * DAY
  const put = (at: number, value: number, digits: number): void => {
    for (let d = digits - 1; d >= 0; d--) {
      ISO[at + d] = 48 + (value % 10)
      value = Math.floor(value / 10)
    }
  }
  const hours = Math.floor(rest / 3_600_000)
  rest -= hours * 3_600_000
  const minutes = Math.floor(rest / 60_000)
  rest -= minutes * 60_000
  const seconds = Math.floor(rest / 1000)
  put(11, hours, 2)
  ISO[13] = 58
  put(14, minutes, 2)
  ISO[16] = 58
  put(17, seconds, 2)
  ISO[19] = 46
  put(20, rest - seconds * 1000, 3)
  ISO[23] = 90
  return String.fromCharCode.apply(null, ISO)
}

/** One frozen empty array shared by every empty list field (saves allocations; mutate by replacing). */
const EMPTY: ReadonlyArray<never> = Object.freeze([] as Array<never>)
const loc = (text: string): Json => ({ [LOCALE]: text })
const ref = (typeId: string, id: string): Ref => ({ typeId, id })
const moneyCache = new Map<string, Map<number, Json>>()

/**
 * CentPrecisionMoney. Values are interned (one frozen object per currency and amount) to keep 200k orders
 * cheap; replace a money field rather than mutating it.
 */
const money = (currencyCode: string, centAmount: number): Json => {
  let byAmount = moneyCache.get(currencyCode)
  if (byAmount === undefined) {
    byAmount = new Map()
    moneyCache.set(currencyCode, byAmount)
  }
  let value = byAmount.get(centAmount)
  if (value === undefined) {
    value = Object.freeze({ type: "centPrecision", currencyCode, centAmount, fractionDigits: 2 })
    byAmount.set(centAmount, value)
  }
  return value
}
const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/(^-|-$)/g, "")

interface Market {
  readonly country: string
  readonly currency: string
  readonly taxRate: Json
  readonly rate: number
  readonly included: boolean
  readonly cities: ReadonlyArray<readonly [string, string]>
  readonly streets: ReadonlyArray<string>
  readonly weight: number
}

const taxRate = (name: string, amount: number, country: string, included: boolean, id: string): Json => ({
  name,
  amount,
  includedInPrice: included,
  country,
  id,
  subRates: []
})

const FIRST_NAMES = [
  "Emma",
  "Liam",
  "Olivia",
  "Noah",
  "Ava",
  "Elijah",
  "Sophia",
  "James",
  "Mia",
  "Lucas",
  "Amelia",
  "Mateo",
  "Hannah",
  "Felix",
  "Lena",
  "Jonas",
  "Clara",
  "Paul",
  "Charlotte",
  "Oliver",
  "Isla",
  "Jack",
  "Freya",
  "Leo",
  "Sanne",
  "Daan",
  "Julia",
  "Finn",
  "Maya",
  "Ethan"
]
const LAST_NAMES = [
  "Smith",
  "Johnson",
  "Williams",
  "Brown",
  "Jones",
  "Garcia",
  "Miller",
  "Davis",
  "Müller",
  "Schmidt",
  "Schneider",
  "Fischer",
  "Weber",
  "Taylor",
  "Wilson",
  "Evans",
  "Thomas",
  "de Vries",
  "Jansen",
  "Bakker",
  "Visser",
  "Meyer",
  "Wagner",
  "Becker",
  "Clark",
  "Lewis",
  "Walker",
  "Hall",
  "Young",
  "King"
]
const ADJECTIVES = [
  "Classic",
  "Essential",
  "Premium",
  "Organic",
  "Vintage",
  "Modern",
  "Everyday",
  "Urban",
  "Nordic",
  "Coastal",
  "Heritage",
  "Lightweight",
  "Recycled",
  "Signature",
  "Compact"
]

interface CategoryNode {
  readonly name: string
  readonly nouns?: ReadonlyArray<string>
  readonly children?: ReadonlyArray<CategoryNode>
}

const CATEGORY_TREE: ReadonlyArray<CategoryNode> = [
  {
    name: "Women",
    children: [
      { name: "Dresses", nouns: ["Dress", "Maxi Dress", "Wrap Dress"] },
      { name: "Tops", nouns: ["Blouse", "T-Shirt", "Knit Sweater"] },
      { name: "Women's Shoes", nouns: ["Sneaker", "Ankle Boot", "Loafer"] }
    ]
  },
  {
    name: "Men",
    children: [
      { name: "Shirts", nouns: ["Oxford Shirt", "Polo", "Henley"] },
      { name: "Trousers", nouns: ["Chino", "Jeans", "Jogger"] },
      { name: "Men's Shoes", nouns: ["Runner", "Derby", "Chelsea Boot"] }
    ]
  },
  {
    name: "Home",
    children: [
      { name: "Kitchen", nouns: ["Chef's Knife", "Dutch Oven", "Mug Set"] },
      { name: "Living", nouns: ["Throw Blanket", "Floor Lamp", "Cushion"] },
      { name: "Bedding", nouns: ["Duvet Cover", "Pillow", "Sheet Set"] }
    ]
  },
  {
    name: "Electronics",
    children: [
      {
        name: "Audio",
        children: [
          { name: "Headphones", nouns: ["Headphones", "Earbuds"] },
          { name: "Speakers", nouns: ["Bluetooth Speaker", "Soundbar"] }
        ]
      },
      { name: "Accessories", nouns: ["Charger", "Phone Case", "USB-C Cable"] }
    ]
  },
  { name: "Sale" }
]

const SIZES = ["XS", "S", "M", "L", "XL"]
const COLORS = ["black", "white", "navy", "olive", "sand", "red", "grey"]

interface Variant {
  readonly json: Json
  readonly sku: string
  readonly prices: Record<string, Json>
  /** The variant as a line item holds it, per currency: only the price that applied. */
  readonly inLineItem: Record<string, Json>
}

interface Product {
  readonly id: string
  readonly key: string
  readonly name: Json
  readonly slug: Json
  readonly productType: Ref
  readonly variants: ReadonlyArray<Variant>
  readonly basePrice: number
  readonly published: boolean
}

interface Customer {
  readonly id: string
  readonly email: string
  readonly createdAtMs: number
  readonly market: Market
  readonly address: Json
}

/** Seeds the store; returns what was created. */
export const seedDemoData = (store: Store, options: DemoDataOptions = {}): DemoDataSummary => {
  const random = makeRandom(options.seed ?? 42)
  const orderCount = Math.max(0, Math.floor(options.orders ?? 12_000))
  const endMs = Date.parse(options.endDate ?? "2026-10-31T23:59:59.999Z")
  if (Number.isNaN(endMs)) throw new Error(`Invalid endDate: ${options.endDate}`)
  const startMs = endMs - 730 * DAY
  const ids = (): string => random.uuid()
  const storefront = { isPlatformClient: false, clientId: "storefront-client" }
  const merchant = { isPlatformClient: true, user: ref("user", ids()) }

  // --- reference data ---------------------------------------------------------------------------------------
  const markets: ReadonlyArray<Market> = [
    {
      country: "US",
      currency: "USD",
      rate: 0.07,
      included: false,
      taxRate: taxRate("US sales tax", 0.07, "US", false, random.hex(8)),
      cities: [
        ["New York", "10001"],
        ["Austin", "73301"],
        ["Seattle", "98101"],
        ["Chicago", "60601"]
      ],
      streets: ["Main St", "Oak Avenue", "Maple Drive", "2nd Street"],
      weight: 50
    },
    {
      country: "DE",
      currency: "EUR",
      rate: 0.19,
      included: true,
      taxRate: taxRate("MwSt 19%", 0.19, "DE", true, random.hex(8)),
      cities: [
        ["Berlin", "10115"],
        ["München", "80331"],
        ["Hamburg", "20095"],
        ["Köln", "50667"]
      ],
      streets: ["Hauptstraße", "Gartenweg", "Schillerstraße", "Bahnhofstraße"],
      weight: 25
    },
    {
      country: "GB",
      currency: "GBP",
      rate: 0.2,
      included: true,
      taxRate: taxRate("VAT 20%", 0.2, "GB", true, random.hex(8)),
      cities: [
        ["London", "EC1A 1BB"],
        ["Manchester", "M1 1AE"],
        ["Bristol", "BS1 4DJ"]
      ],
      streets: ["High Street", "Station Road", "Church Lane"],
      weight: 15
    },
    {
      country: "NL",
      currency: "EUR",
      rate: 0.21,
      included: true,
      taxRate: taxRate("BTW 21%", 0.21, "NL", true, random.hex(8)),
      cities: [
        ["Amsterdam", "1011 AB"],
        ["Utrecht", "3511 AA"],
        ["Rotterdam", "3011 AA"]
      ],
      streets: ["Kerkstraat", "Dorpsstraat", "Molenweg"],
      weight: 10
    }
  ]
  const marketWeights = markets.map((m) => m.weight)
  const productTypes = ["apparel", "home", "electronics"].map((key) => ({
    key,
    ref: ref("product-type", ids())
  }))
  const taxCategory = ref("tax-category", ids())
  const shippingMethod = ref("shipping-method", ids())
  const customerGroups = [ref("customer-group", ids()), ref("customer-group", ids())]
  const lineItemStates = { initial: ref("state", ids()), shipped: ref("state", ids()) }
  const initialStates = new Map<number, ReadonlyArray<Json>>()
  const initialState = (quantity: number): ReadonlyArray<Json> => {
    let state = initialStates.get(quantity)
    if (state === undefined) {
      state = Object.freeze([Object.freeze({ quantity, state: lineItemStates.initial })])
      initialStates.set(quantity, state)
    }
    return state
  }
  const unitPrice = (variant: Variant, market: Market): number =>
    ((variant.prices[market.currency] as Json).value as { centAmount: number }).centAmount
  /** A line item as orders and carts hold it: `quantity` of a variant at the market's price, added `at`. */
  const lineItemOf = (
    product: Product,
    variant: Variant,
    market: Market,
    quantity: number,
    at: string,
    extra: Readonly<Record<string, Json>> = {}
  ): Json => ({
    id: ids(),
    productId: product.id,
    productKey: product.key,
    name: product.name,
    productType: product.productType,
    productSlug: product.slug,
    variant: variant.inLineItem[market.currency],
    price: variant.prices[market.currency],
    quantity,
    discountedPricePerQuantity: EMPTY,
    perMethodTaxRate: EMPTY,
    ...extra,
    addedAt: at,
    lastModifiedAt: at,
    state: initialState(quantity),
    priceMode: "Platform",
    lineItemMode: "Standard",
    totalPrice: money(market.currency, unitPrice(variant, market) * quantity),
    taxedPricePortions: []
  })
  const channels = [
    { ref: ref("channel", ids()), key: "warehouse-eu" },
    { ref: ref("channel", ids()), key: "warehouse-us" }
  ]
  const orderType = ref("type", ids())
  const paymentMethods = [
    { paymentInterface: "stripe", method: "card", name: loc("Credit card") },
    { paymentInterface: "paypal", method: "paypal", name: loc("PayPal") },
    { paymentInterface: "adyen", method: "klarna", name: loc("Klarna Pay Later") },
    { paymentInterface: "adyen", method: "ideal", name: loc("iDEAL") }
  ]

  // --- categories -------------------------------------------------------------------------------------------
  const setupMs = startMs - 200 * DAY
  const categories: Array<Json> = []
  const leafCategories: Array<{ ref: Ref; nouns: ReadonlyArray<string>; ancestors: Array<Ref> }> = []
  const saleCategory: { ref?: Ref } = {}
  const addCategory = (node: CategoryNode, ancestors: Array<Ref>, position: number): void => {
    const id = ids()
    const key = slugify(node.name)
    const createdAtMs = setupMs + categories.length * 1_000
    const modified = random.chance(0.3)
    const parent = ancestors[ancestors.length - 1]
    categories.push({
      id,
      version: modified ? random.int(2, 6) : 1,
      key,
      name: loc(node.name),
      slug: loc(key),
      description: loc(`${node.name} at the Sluice demo store.`),
      ancestors: ancestors.slice(),
      ...(parent === undefined ? {} : { parent }),
      orderHint: `0.${position + 1}`,
      externalId: `cat-${1000 + categories.length}`,
      metaTitle: loc(`${node.name} | Sluice Demo`),
      assets: EMPTY,
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(modified ? createdAtMs + random.int(1, 500) * DAY : createdAtMs),
      createdBy: merchant,
      lastModifiedBy: merchant
    })
    const self = ref("category", id)
    if (node.name === "Sale") saleCategory.ref = self
    if (node.nouns !== undefined)
      leafCategories.push({ ref: self, nouns: node.nouns, ancestors: [...ancestors, self] })
    node.children?.forEach((child, i) => {
      addCategory(child, [...ancestors, self], i)
    })
  }
  CATEGORY_TREE.forEach((node, i) => {
    addCategory(node, [], i)
  })

  // --- products ---------------------------------------------------------------------------------------------
  const productCount = Math.min(1000, Math.max(40, Math.round(orderCount / 40)))
  const products: Array<Product> = []
  const productRecords: Array<Json> = []
  for (let p = 0; p < productCount; p++) {
    const leaf = leafCategories[p % leafCategories.length] as (typeof leafCategories)[number]
    const noun = random.pick(leaf.nouns)
    const title = `${random.pick(ADJECTIVES)} ${noun}`
    const key = `product-${String(p + 1).padStart(5, "0")}`
    const id = ids()
    const type =
      productTypes[Math.min(2, Math.floor((leafCategories.indexOf(leaf) / leafCategories.length) * 3))]!
    const basePrice = random.int(9, 249) * 100 + random.pick([0, 50, 95, 99])
    const variantCount = type.key === "apparel" ? random.int(2, 4) : random.int(1, 2)
    const variants: Array<Variant> = []
    for (let v = 1; v <= variantCount; v++) {
      const sku = `SKU-${String(p + 1).padStart(5, "0")}-${v}`
      const prices: Record<string, Json> = {
        USD: { id: random.uuid(), value: money("USD", basePrice), country: "US" },
        EUR: { id: random.uuid(), value: money("EUR", Math.round((basePrice * 0.93) / 10) * 10 - 1) },
        GBP: {
          id: random.uuid(),
          value: money("GBP", Math.round((basePrice * 0.8) / 10) * 10 - 1),
          country: "GB"
        }
      }
      const attributes =
        type.key === "apparel"
          ? [
              { name: "size", value: SIZES[(v + p) % SIZES.length] },
              {
                name: "color",
                value: { key: COLORS[p % COLORS.length], label: loc(COLORS[p % COLORS.length] ?? "") }
              }
            ]
          : [{ name: "brand", value: random.pick(["Acme", "Northwind", "Contoso", "Fabrikam"]) }]
      const images = [
        {
          url: `https://images.sluice-demo.example/${key}/${v}.jpg`,
          dimensions: { w: 1200, h: 1200 },
          label: title
        }
      ]
      const inLineItem: Record<string, Json> = {}
      for (const currency of ["USD", "EUR", "GBP"]) {
        inLineItem[currency] = {
          id: v,
          sku,
          key: `${key}-${v}`,
          prices: [prices[currency]],
          images,
          attributes,
          assets: EMPTY
        }
      }
      variants.push({
        sku,
        prices,
        inLineItem,
        json: {
          id: v,
          sku,
          key: `${key}-${v}`,
          prices: [prices.USD, prices.EUR, prices.GBP],
          images,
          attributes,
          assets: []
        }
      })
    }
    const createdAtMs = setupMs + 30 * DAY + Math.floor(random.next() * (endMs - setupMs - 60 * DAY))
    const lastModifiedAtMs = Math.min(
      endMs,
      createdAtMs + Math.floor(random.next() * random.next() * 400 * DAY)
    )
    const published = random.next() > 0.05
    const hasStagedChanges = published && random.chance(0.1)
    const categoriesOf = [leaf.ref, ...(random.chance(0.15) && saleCategory.ref ? [saleCategory.ref] : [])]
    const name = loc(title)
    const slug = loc(`${slugify(title)}-${p + 1}`)
    const current: Json = {
      name,
      description: loc(`The ${title.toLowerCase()}: made to last, designed for every day.`),
      slug,
      categories: categoriesOf,
      categoryOrderHints: {},
      metaTitle: loc(`${title} | Sluice Demo`),
      metaDescription: loc(`Buy the ${title} online.`),
      searchKeywords: {},
      masterVariant: variants[0]?.json,
      variants: variants.slice(1).map((v) => v.json),
      attributes: []
    }
    const staged: Json = hasStagedChanges
      ? {
          ...current,
          name: loc(`${title} (New Season)`),
          description: loc(`The new-season ${title.toLowerCase()}.`)
        }
      : current
    products.push({ id, key, name, slug, productType: type.ref, variants, basePrice, published })
    productRecords.push({
      id,
      version: random.int(2, 12),
      key,
      productType: type.ref,
      masterData: { published, hasStagedChanges, current, staged },
      taxCategory,
      priceMode: "Embedded",
      lastVariantId: variantCount,
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(Math.max(createdAtMs, lastModifiedAtMs)),
      createdBy: merchant,
      lastModifiedBy: merchant
    })
  }
  const sellable = products.filter((p) => p.published)

  // --- inventory ----------------------------------------------------------------------------------------------
  const inventory: Array<Json> = []
  for (const product of products) {
    for (const variant of product.variants) {
      for (const channel of channels) {
        const createdAtMs = Date.parse(productRecords[products.indexOf(product)]?.createdAt as string)
        const onStock = random.chance(0.08) ? 0 : random.int(0, 400)
        const reserved = Math.min(onStock, random.int(0, 12))
        const modifiedMs = Math.min(endMs, createdAtMs + Math.floor(random.next() * (endMs - createdAtMs)))
        inventory.push({
          id: ids(),
          version: random.int(1, 40),
          key: `${variant.sku}-${channel.key}`,
          sku: variant.sku,
          supplyChannel: channel.ref,
          quantityOnStock: onStock,
          availableQuantity: onStock - reserved,
          restockableInDays: onStock === 0 ? random.int(3, 30) : undefined,
          createdAt: iso(createdAtMs),
          lastModifiedAt: iso(modifiedMs)
        })
      }
    }
  }

  // --- customers ----------------------------------------------------------------------------------------------
  const customerCount = Math.max(1, Math.round(orderCount / 4))
  const importMs = startMs - 45 * DAY
  const importSize = Math.min(2000, Math.floor(customerCount / 5))
  const customerTimes: Array<number> = []
  for (let i = 0; i < customerCount; i++) {
    customerTimes.push(
      i < importSize ? importMs : startMs - 30 * DAY + Math.floor(random.next() * (endMs - startMs))
    )
  }
  customerTimes.sort((a, b) => a - b)
  const customers: Array<Customer> = []
  const customerRecords: Array<Json> = []
  const makeAddress = (first: string, last: string, email: string, market: Market): Json => {
    const [city, postalCode] = random.pick(market.cities)
    return {
      id: random.hex(8),
      firstName: first,
      lastName: last,
      streetName: random.pick(market.streets),
      streetNumber: String(random.int(1, 240)),
      postalCode,
      city,
      country: market.country,
      email
    }
  }
  for (let i = 0; i < customerCount; i++) {
    const first = random.pick(FIRST_NAMES)
    const last = random.pick(LAST_NAMES)
    const email = `${slugify(first)}.${slugify(last)}.${i + 1}@example.com`
    const market = random.weighted(markets, marketWeights)
    const address = makeAddress(first, last, email, market)
    const createdAtMs = customerTimes[i] as number
    const modified = random.chance(0.45)
    const id = ids()
    customers.push({ id, email, createdAtMs, market, address })
    const addressId = address.id as string
    customerRecords.push({
      id,
      version: modified ? random.int(2, 9) : 1,
      customerNumber: `C${String(100000 + i)}`,
      email,
      firstName: first,
      lastName: last,
      addresses: [address],
      defaultShippingAddressId: addressId,
      defaultBillingAddressId: addressId,
      shippingAddressIds: [addressId],
      billingAddressIds: [addressId],
      isEmailVerified: random.chance(0.8),
      customerGroup: random.chance(0.1) ? random.pick(customerGroups) : undefined,
      stores: EMPTY,
      authenticationMode: "Password",
      locale: market.country === "DE" ? "de-DE" : market.country === "NL" ? "nl-NL" : "en-US",
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(
        modified ? Math.min(endMs, createdAtMs + Math.floor(random.next() * 300 * DAY)) : createdAtMs
      ),
      createdBy: storefront,
      lastModifiedBy: storefront
    })
  }

  // --- orders, payments, carts --------------------------------------------------------------------------------
  const yearBurst = orderCount >= 40 ? Math.min(300, Math.max(10, Math.floor(orderCount / 40))) : 0
  const monthBurst = yearBurst
  const orderTimes: Array<number> = []
  const weightOf = (ms: number): number => {
    const month = new Date(ms).getUTCMonth()
    const seasonal = month === 10 ? 1.6 : month === 11 ? 1.9 : month === 0 ? 0.8 : 1
    return seasonal * (0.8 + (0.4 * (ms - startMs)) / (endMs - startMs))
  }
  const yearBurstMs = Date.parse(YEAR_BOUNDARY)
  const monthBurstMs = Date.parse(MONTH_BOUNDARY)
  for (let i = 0; i < yearBurst; i++) orderTimes.push(yearBurstMs)
  for (let i = 0; i < monthBurst; i++) orderTimes.push(monthBurstMs)
  while (orderTimes.length < orderCount) {
    const t = startMs + Math.floor(random.next() * (endMs - startMs))
    if (random.next() * 2.3 < weightOf(t)) orderTimes.push(t)
  }
  orderTimes.sort((a, b) => a - b)
  const importedAt = new Set([yearBurstMs, monthBurstMs])

  const customerByTime = customers.map((c) => c.createdAtMs)
  const customersBefore = (t: number): number => {
    let lo = 0
    let hi = customerByTime.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if ((customerByTime[mid] as number) <= t) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  const discountCodes = makeDiscountCodes(random, ids, startMs, endMs, merchant)
  const shippingRates = new Map<string, Json>()
  for (const market of markets) {
    shippingRates.set(market.currency, {
      price: money(market.currency, 595),
      freeAbove: money(market.currency, 7500),
      tiers: []
    })
  }

  const shippingInfos = new Map<string, Json>()
  const shippingInfoOf = (market: Market, cents: number): Json => {
    const key = `${market.country}:${cents}`
    let info = shippingInfos.get(key)
    if (info === undefined) {
      info = Object.freeze({
        shippingMethodName: "Standard",
        price: money(market.currency, cents),
        shippingRate: shippingRates.get(market.currency),
        taxRate: market.taxRate,
        taxCategory,
        shippingMethod,
        deliveries: EMPTY,
        shippingMethodState: "MatchesCart"
      })
      shippingInfos.set(key, info)
    }
    return info
  }
  const paymentStatuses = {
    failed: Object.freeze({ interfaceCode: "declined", interfaceText: "The card was declined." }),
    ok: Object.freeze({ interfaceCode: "succeeded", interfaceText: "Payment succeeded." })
  }
  const orders: Array<Json> = []
  const payments: Array<Json> = []
  const orderCartInfo: Array<{ cartId: string; order: Json; createdAtMs: number }> = []
  const recentCutoff = endMs - 14 * DAY

  for (let i = 0; i < orderCount; i++) {
    const createdAtMs = orderTimes[i] as number
    const imported = importedAt.has(createdAtMs)
    const known = customersBefore(createdAtMs)
    const guest = known === 0 || random.chance(0.12)
    const customer = guest ? undefined : customers[Math.floor(random.next() * known)]
    const market = customer?.market ?? random.weighted(markets, marketWeights)
    const email = customer?.email ?? `guest.${i + 1}@example.net`
    const address =
      customer?.address ?? makeAddress(random.pick(FIRST_NAMES), random.pick(LAST_NAMES), email, market)

    const lineItems: Array<Json> = []
    const addedAt = iso(createdAtMs - random.int(60, 3600) * 1000)
    let itemsTotal = 0
    const itemCount = random.weighted([1, 2, 3, 4, 5], [45, 28, 15, 8, 4])
    for (let l = 0; l < itemCount; l++) {
      const product = random.pick(sellable.length > 0 ? sellable : products)
      const variant = random.pick(product.variants)
      const quantity = random.weighted([1, 2, 3], [80, 15, 5])
      itemsTotal += unitPrice(variant, market) * quantity
      lineItems.push(lineItemOf(product, variant, market, quantity, addedAt, { taxRate: market.taxRate }))
    }
    const shippingCents = itemsTotal >= 7500 ? 0 : 595
    const totalCents = itemsTotal + shippingCents
    const net = market.included ? Math.round(totalCents / (1 + market.rate)) : totalCents
    const gross = market.included ? totalCents : Math.round(totalCents * (1 + market.rate))
    const totalPrice = money(market.currency, totalCents)

    const age = endMs - createdAtMs
    const recent = createdAtMs > recentCutoff
    const paymentFailed = random.chance(0.03)
    let orderState: string
    let shipmentState: string
    let paymentState: string
    if (paymentFailed) {
      orderState = "Cancelled"
      shipmentState = "Pending"
      paymentState = "Failed"
    } else if (recent) {
      orderState = random.weighted(["Open", "Confirmed"], [40, 60])
      shipmentState = random.weighted(["Pending", "Ready", "Shipped", "Backorder"], [35, 30, 30, 5])
      paymentState = random.weighted(["Pending", "Paid"], [30, 70])
    } else {
      orderState = random.weighted(["Complete", "Confirmed", "Cancelled"], [86, 9, 5])
      shipmentState =
        orderState === "Cancelled" ? "Pending" : random.weighted(["Delivered", "Shipped"], [85, 15])
      paymentState = orderState === "Cancelled" ? random.weighted(["Failed", "CreditOwed"], [40, 60]) : "Paid"
    }
    const modifications = imported ? 0 : random.weighted([0, 1, 2, 3, 5], [15, 30, 30, 15, 10])
    const spanMs = Math.min(age, modifications === 0 ? 0 : random.int(10, 20 * 24 * 60) * 60_000)
    const lastModifiedAtMs = Math.min(endMs, createdAtMs + spanMs)
    const orderId = ids()
    const cartId = ids()
    const paymentId = paymentState === "Failed" && random.chance(0.2) ? undefined : ids()
    const code = random.chance(0.1) ? random.pick(discountCodes) : undefined

    const order: Json = {
      type: "Order",
      id: orderId,
      version: 1 + modifications + (modifications > 0 ? random.int(0, 2) : 0),
      orderNumber: `SLU-${String(100000 + i)}`,
      customerId: customer?.id,
      anonymousId: customer === undefined ? random.uuid() : undefined,
      customerEmail: email,
      lineItems,
      customLineItems: EMPTY,
      totalPrice,
      taxedPrice: {
        totalNet: money(market.currency, net),
        totalGross: money(market.currency, gross),
        taxPortions: [
          { rate: market.rate, amount: money(market.currency, gross - net), name: market.taxRate.name }
        ],
        totalTax: money(market.currency, gross - net)
      },
      shippingAddress: address,
      billingAddress: address,
      shippingMode: "Single",
      shippingInfo: shippingInfoOf(market, shippingCents),
      shipping: EMPTY,
      taxMode: "Platform",
      taxRoundingMode: "HalfEven",
      taxCalculationMode: "LineItemLevel",
      inventoryMode: "None",
      orderState,
      shipmentState,
      paymentState,
      completedAt: orderState === "Complete" ? iso(lastModifiedAtMs) : undefined,
      country: market.country,
      origin: "Customer",
      cart: ref("cart", cartId),
      paymentInfo: paymentId === undefined ? undefined : { payments: [ref("payment", paymentId)] },
      discountCodes:
        code === undefined ? EMPTY : [{ discountCode: ref("discount-code", code), state: "MatchesCart" }],
      directDiscounts: EMPTY,
      refusedGifts: EMPTY,
      itemShippingAddresses: EMPTY,
      syncInfo: EMPTY,
      returnInfo: EMPTY,
      lastMessageSequenceNumber: 1 + modifications,
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(lastModifiedAtMs),
      createdBy: imported ? merchant : storefront,
      lastModifiedBy: modifications > 0 ? merchant : imported ? merchant : storefront
    }
    orders.push(order)
    orderCartInfo.push({ cartId, order, createdAtMs })

    if (paymentId !== undefined) {
      const method = random.pick(paymentMethods)
      const authAt = createdAtMs - random.int(2, 30) * 1000
      const transactions: Array<Json> = [
        {
          id: ids(),
          timestamp: iso(authAt),
          type: "Authorization",
          amount: totalPrice,
          interactionId: `auth_${random.hex(16)}`,
          state: paymentState === "Failed" ? "Failure" : "Success"
        }
      ]
      let paymentModifiedMs = authAt
      if (paymentState === "Paid" || paymentState === "CreditOwed") {
        const chargeAt = Math.min(endMs, createdAtMs + random.int(1, 72) * 3_600_000)
        transactions.push({
          id: ids(),
          timestamp: iso(chargeAt),
          type: "Charge",
          amount: totalPrice,
          interactionId: `ch_${random.hex(16)}`,
          state: "Success"
        })
        paymentModifiedMs = chargeAt
        if (paymentState === "CreditOwed" || random.chance(0.03)) {
          const refundAt = Math.min(endMs, chargeAt + random.int(1, 20) * DAY)
          transactions.push({
            id: ids(),
            timestamp: iso(refundAt),
            type: "Refund",
            amount: totalPrice,
            interactionId: `re_${random.hex(16)}`,
            state: paymentState === "CreditOwed" ? "Pending" : "Success"
          })
          paymentModifiedMs = refundAt
        }
      }
      payments.push({
        id: paymentId,
        version: transactions.length * 2,
        key: `pay-${orderId.slice(0, 8)}`,
        customer: customer === undefined ? undefined : ref("customer", customer.id),
        anonymousId: order.anonymousId,
        interfaceId: `pi_${random.hex(24)}`,
        amountPlanned: totalPrice,
        paymentMethodInfo: method,
        paymentStatus: paymentState === "Failed" ? paymentStatuses.failed : paymentStatuses.ok,
        transactions,
        interfaceInteractions: EMPTY,
        createdAt: iso(authAt - 1000),
        lastModifiedAt: iso(paymentModifiedMs),
        createdBy: storefront,
        lastModifiedBy: storefront
      })
    }
  }

  // The bulk update: one job touched many orders in the same millisecond (an ERP export flag).
  const bulkAtMs = endMs - 140 * DAY - (endMs % 1000) + 123
  const bulkAt = iso(bulkAtMs)
  const eligible: Array<number> = []
  for (let i = 0; i < orders.length; i++) {
    const order = orders[i] as Json
    if ((order.lastModifiedAt as string) < bulkAt) eligible.push(i)
  }
  const wantedBurst = Math.min(
    eligible.length,
    options.burstSize ?? Math.min(Math.floor(orderCount / 2), Math.max(1500, Math.floor(orderCount / 8)))
  )
  for (let k = 0; k < wantedBurst; k++) {
    const j = k + Math.floor(random.next() * (eligible.length - k))
    const chosen = eligible[j] as number
    eligible[j] = eligible[k] as number
    eligible[k] = chosen
    const order = orders[chosen] as Json
    order.version = (order.version as number) + 1
    order.lastModifiedAt = bulkAt
    order.lastModifiedBy = merchant
    order.custom = { type: orderType, fields: { erpExported: true, erpBatch: "2026-06-migration" } }
  }

  // Carts: ordered carts of the most recent orders, plus active (often abandoned) and merged ones.
  const cartCount = Math.round(orderCount / 2)
  const carts: Array<Json> = []
  const orderedCarts = Math.min(orderCartInfo.length, Math.floor(cartCount * 0.4))
  for (let k = 0; k < orderedCarts; k++) {
    const info = orderCartInfo[orderCartInfo.length - 1 - k] as (typeof orderCartInfo)[number]
    const order = info.order
    carts.push({
      type: "Cart",
      id: info.cartId,
      version: (order.lineItems as Array<unknown>).length + 4,
      customerId: order.customerId,
      anonymousId: order.anonymousId,
      customerEmail: order.customerEmail,
      lineItems: order.lineItems,
      customLineItems: EMPTY,
      totalPrice: order.totalPrice,
      taxedPrice: order.taxedPrice,
      cartState: "Ordered",
      shippingAddress: order.shippingAddress,
      billingAddress: order.billingAddress,
      shippingMode: "Single",
      shippingInfo: order.shippingInfo,
      shipping: EMPTY,
      inventoryMode: "None",
      taxMode: "Platform",
      taxRoundingMode: "HalfEven",
      priceRoundingMode: "HalfEven",
      taxCalculationMode: "LineItemLevel",
      deleteDaysAfterLastModification: 90,
      discountCodes: order.discountCodes,
      directDiscounts: EMPTY,
      refusedGifts: EMPTY,
      itemShippingAddresses: EMPTY,
      paymentInfo: order.paymentInfo,
      country: order.country,
      origin: "Customer",
      totalLineItemQuantity: (order.lineItems as Array<{ quantity: number }>).reduce(
        (n, li) => n + li.quantity,
        0
      ),
      createdAt: iso(info.createdAtMs - random.int(300, 7200) * 1000),
      lastModifiedAt: order.createdAt,
      createdBy: storefront,
      lastModifiedBy: storefront
    })
  }
  while (carts.length < cartCount) {
    const merged = random.chance(0.15)
    const createdAtMs = endMs - Math.floor(random.next() * 120 * DAY)
    const known = customersBefore(createdAtMs)
    const customer =
      known > 0 && random.chance(0.5) ? customers[Math.floor(random.next() * known)] : undefined
    const market = customer?.market ?? random.weighted(markets, marketWeights)
    const product = random.pick(sellable.length > 0 ? sellable : products)
    const variant = random.pick(product.variants)
    const quantity = random.int(1, 2)
    const lineItem = lineItemOf(product, variant, market, quantity, iso(createdAtMs))
    carts.push({
      type: "Cart",
      id: ids(),
      version: random.int(1, 8),
      customerId: customer?.id,
      anonymousId: customer === undefined ? random.uuid() : undefined,
      customerEmail: customer?.email,
      lineItems: [lineItem],
      customLineItems: EMPTY,
      totalPrice: lineItem.totalPrice as Json,
      cartState: merged ? "Merged" : "Active",
      shippingMode: "Single",
      shipping: EMPTY,
      inventoryMode: "None",
      taxMode: "Platform",
      taxRoundingMode: "HalfEven",
      priceRoundingMode: "HalfEven",
      taxCalculationMode: "LineItemLevel",
      deleteDaysAfterLastModification: 90,
      discountCodes: EMPTY,
      directDiscounts: EMPTY,
      refusedGifts: EMPTY,
      itemShippingAddresses: EMPTY,
      country: market.country,
      origin: "Customer",
      totalLineItemQuantity: quantity,
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(Math.min(endMs, createdAtMs + random.int(0, 3 * 24 * 60) * 60_000)),
      createdBy: storefront,
      lastModifiedBy: storefront
    })
  }

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
      inventory: inventory.length
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

type DiscountCodes = Array<string> & { records: Array<Json> }

const makeDiscountCodes = (
  random: Random,
  ids: () => string,
  startMs: number,
  endMs: number,
  merchant: Json
): DiscountCodes => {
  const names = [
    "WELCOME10",
    "SUMMER25",
    "BLACKFRIDAY",
    "CYBERMONDAY",
    "FREESHIP",
    "VIP15",
    "SPRING20",
    "LOYALTY5"
  ]
  const records: Array<Json> = []
  for (let i = 0; i < 30; i++) {
    const base = names[i % names.length] as string
    const code = i < names.length ? base : `${base}-${random.hex(6).toUpperCase()}`
    const createdAtMs = startMs + Math.floor(random.next() * (endMs - startMs - 30 * DAY))
    const validFromMs = createdAtMs + DAY
    const validUntilMs = validFromMs + random.int(7, 120) * DAY
    const modified = random.chance(0.5)
    records.push({
      id: ids(),
      version: modified ? random.int(2, 5) : 1,
      key: slugify(code),
      code,
      name: loc(`${base} campaign`),
      description: loc(`Discount code ${code}.`),
      cartDiscounts: [ref("cart-discount", ids())],
      ...(base === "FREESHIP" ? { cartPredicate: 'totalPrice > "50.00 USD"' } : {}),
      isActive: validUntilMs > endMs ? true : random.chance(0.3),
      references: EMPTY,
      ...(base === "WELCOME10" ? { maxApplicationsPerCustomer: 1 } : {}),
      ...(random.chance(0.3) ? { maxApplications: random.int(100, 5000) } : {}),
      groups: EMPTY,
      validFrom: iso(validFromMs),
      validUntil: iso(validUntilMs),
      applicationVersion: random.int(1, 900),
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(modified ? Math.min(endMs, createdAtMs + random.int(1, 60) * DAY) : createdAtMs),
      createdBy: merchant,
      lastModifiedBy: merchant
    })
  }
  const result = records.map((r) => r.id as string) as DiscountCodes
  result.records = records
  return result
}
