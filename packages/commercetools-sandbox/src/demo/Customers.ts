import type { DemoContext } from "./Context.js"
import { FIRST_NAMES, LAST_NAMES } from "./Names.js"
import { type Customer, DAY, EMPTY, iso, type Json, type Market, slugify } from "./Values.js"

/** Customers (one import sharing a creation millisecond), their addresses, and who existed when. */
export const generateCustomers = (ctx: DemoContext) => {
  const { random, orderCount, endMs, startMs, ids, storefront, markets, marketWeights, customerGroups } = ctx
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
  return { customers, customerRecords, importMs, importSize, makeAddress, customersBefore }
}
