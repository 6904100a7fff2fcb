import type { DemoContext } from "./Context.js"
import { DAY, iso, type Json } from "./Values.js"

/** The bulk update: one job touched many orders in the same millisecond (an ERP export flag). */
export const applyBulkUpdate = (
  ctx: DemoContext,
  orders: ReadonlyArray<Json>,
  burstSize: number | undefined
) => {
  const { random, orderCount, endMs, merchant, orderType } = ctx
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
    burstSize ?? Math.min(Math.floor(orderCount / 2), Math.max(1500, Math.floor(orderCount / 8)))
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
  return { bulkAt, wantedBurst }
}
