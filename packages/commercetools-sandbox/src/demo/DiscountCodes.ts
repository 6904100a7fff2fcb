import type { Random } from "../Random.js"
import { DAY, EMPTY, iso, type Json, loc, ref, slugify } from "./Values.js"

/** Thirty discount codes of eight campaigns: the ids orders refer to, and the records. */
export type DiscountCodes = Array<string> & { records: Array<Json> }

export const makeDiscountCodes = (
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
