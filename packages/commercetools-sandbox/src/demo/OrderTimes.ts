import type { DemoContext } from "./Context.js"
import { MONTH_BOUNDARY, YEAR_BOUNDARY } from "./Values.js"

/** When orders were placed: seasonal, growing, with two import bursts on month and year boundaries. */
export const generateOrderTimes = (ctx: DemoContext) => {
  const { random, orderCount, endMs, startMs } = ctx
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
  return { orderTimes, importedAt, yearBurst, monthBurst }
}
