import type { DemoContext } from "./Context.js"
import type { generateCustomers } from "./Customers.js"
import type { generateProducts } from "./Products.js"
import { DAY, EMPTY, iso, type Json } from "./Values.js"

/** What every demo cart is set to: one shipping, no inventory tracking, platform taxes, deleted 90 days idle. */
const SETTINGS = {
  shipping: EMPTY,
  inventoryMode: "None",
  taxMode: "Platform",
  taxRoundingMode: "HalfEven",
  priceRoundingMode: "HalfEven",
  taxCalculationMode: "LineItemLevel",
  deleteDaysAfterLastModification: 90
} as const

/** Carts: ordered carts of the most recent orders, plus active (often abandoned) and merged ones. */
export const generateCarts = (
  ctx: DemoContext,
  orderCartInfo: ReadonlyArray<{
    readonly cartId: string
    readonly order: Json
    readonly createdAtMs: number
  }>,
  { customers, customersBefore }: ReturnType<typeof generateCustomers>,
  { products, sellable }: ReturnType<typeof generateProducts>
) => {
  const { random, orderCount, endMs, ids, storefront, markets, marketWeights, lineItemOf } = ctx
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
      ...SETTINGS,
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
      ...SETTINGS,
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
  return carts
}
