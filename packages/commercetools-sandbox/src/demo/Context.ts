import type { DemoDataOptions } from "../DemoData.js"
import { makeRandom } from "../Random.js"
import {
  DAY,
  EMPTY,
  type Json,
  loc,
  type Market,
  money,
  type Product,
  ref,
  taxRate,
  type Variant
} from "./Values.js"

/** What every generator shares: the seeded generator, the time span, the actors and the reference data. */
export const makeContext = (options: DemoDataOptions) => {
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
  const setupMs = startMs - 200 * DAY
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
  return {
    random,
    orderCount,
    endMs,
    startMs,
    setupMs,
    ids,
    storefront,
    merchant,
    markets,
    marketWeights,
    productTypes,
    taxCategory,
    shippingMethod,
    customerGroups,
    lineItemStates,
    unitPrice,
    lineItemOf,
    channels,
    orderType,
    paymentMethods,
    shippingInfoOf,
    paymentStatuses
  }
}

export type DemoContext = ReturnType<typeof makeContext>
