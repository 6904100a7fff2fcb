import type { DemoContext } from "./Context.js"
import type { generateCustomers } from "./Customers.js"
import { FIRST_NAMES, LAST_NAMES } from "./Names.js"
import type { generateOrderTimes } from "./OrderTimes.js"
import { generatePayment } from "./Payments.js"
import type { generateProducts } from "./Products.js"
import { DAY, EMPTY, iso, type Json, money, ref } from "./Values.js"

/** Orders, each with its payment (drawn in turn, so one seed gives one history), and the cart it came from. */
export const generateOrders = (
  ctx: DemoContext,
  { orderTimes, importedAt }: ReturnType<typeof generateOrderTimes>,
  { customers, customersBefore, makeAddress }: ReturnType<typeof generateCustomers>,
  { products, sellable }: ReturnType<typeof generateProducts>,
  discountCodes: ReadonlyArray<string>
) => {
  const {
    random,
    orderCount,
    endMs,
    ids,
    storefront,
    merchant,
    markets,
    marketWeights,
    unitPrice,
    lineItemOf,
    shippingInfoOf
  } = ctx
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
      payments.push(
        generatePayment(ctx, { paymentId, orderId, order, customer, createdAtMs, paymentState, totalPrice })
      )
    }
  }
  return { orders, payments, orderCartInfo }
}
