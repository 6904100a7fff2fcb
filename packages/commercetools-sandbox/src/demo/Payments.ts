import type { DemoContext } from "./Context.js"
import { type Customer, DAY, EMPTY, iso, type Json, ref } from "./Values.js"

/** The payment of one order: an authorization, then a charge and sometimes a refund, by its payment state. */
export const generatePayment = (
  ctx: DemoContext,
  {
    paymentId,
    orderId,
    order,
    customer,
    createdAtMs,
    paymentState,
    totalPrice
  }: {
    readonly paymentId: string
    readonly orderId: string
    readonly order: Json
    readonly customer: Customer | undefined
    readonly createdAtMs: number
    readonly paymentState: string
    readonly totalPrice: Json
  }
): Json => {
  const { random, endMs, ids, storefront, paymentMethods, paymentStatuses } = ctx
  const method = random.pick(paymentMethods)
  const authAt = createdAtMs - random.int(2, 30) * 1000
  // The interaction id's prefix tells the payment provider's kinds of call apart.
  const transaction = (at: number, type: string, prefix: string, state: string): Json => ({
    id: ids(),
    timestamp: iso(at),
    type,
    amount: totalPrice,
    interactionId: `${prefix}_${random.hex(16)}`,
    state
  })
  const transactions: Array<Json> = [
    transaction(authAt, "Authorization", "auth", paymentState === "Failed" ? "Failure" : "Success")
  ]
  let paymentModifiedMs = authAt
  if (paymentState === "Paid" || paymentState === "CreditOwed") {
    const chargeAt = Math.min(endMs, createdAtMs + random.int(1, 72) * 3_600_000)
    transactions.push(transaction(chargeAt, "Charge", "ch", "Success"))
    paymentModifiedMs = chargeAt
    if (paymentState === "CreditOwed" || random.chance(0.03)) {
      const refundAt = Math.min(endMs, chargeAt + random.int(1, 20) * DAY)
      transactions.push(
        transaction(refundAt, "Refund", "re", paymentState === "CreditOwed" ? "Pending" : "Success")
      )
      paymentModifiedMs = refundAt
    }
  }
  return {
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
  }
}
