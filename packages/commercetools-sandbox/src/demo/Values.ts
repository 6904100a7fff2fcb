/** Values the demo data is made of: JSON shapes, fast timestamps, interned money, and the shared record types. */

export type Json = Record<string, unknown>
export type Ref = { readonly typeId: string; readonly id: string }

export const DAY = 86_400_000
export const LOCALE = "en-US"
export const YEAR_BOUNDARY = "2025-01-01T00:00:00.000Z"
export const MONTH_BOUNDARY = "2026-03-01T00:00:00.000Z"

export const dayPrefixes = new Map<number, ReadonlyArray<number>>()
export const ISO: Array<number> = new Array<number>(24).fill(0)

/** `Date#toISOString` for integral epoch milliseconds, faster and as one flat string (day prefixes cached). */
export const iso = (ms: number): string => {
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
export const EMPTY: ReadonlyArray<never> = Object.freeze([] as Array<never>)
export const loc = (text: string): Json => ({ [LOCALE]: text })
export const ref = (typeId: string, id: string): Ref => ({ typeId, id })
export const moneyCache = new Map<string, Map<number, Json>>()

/**
 * CentPrecisionMoney. Values are interned (one frozen object per currency and amount) to keep 200k orders
 * cheap; replace a money field rather than mutating it.
 */
export const money = (currencyCode: string, centAmount: number): Json => {
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
export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/(^-|-$)/g, "")

export interface Market {
  readonly country: string
  readonly currency: string
  readonly taxRate: Json
  readonly rate: number
  readonly included: boolean
  readonly cities: ReadonlyArray<readonly [string, string]>
  readonly streets: ReadonlyArray<string>
  readonly weight: number
}

export const taxRate = (
  name: string,
  amount: number,
  country: string,
  included: boolean,
  id: string
): Json => ({
  name,
  amount,
  includedInPrice: included,
  country,
  id,
  subRates: []
})

export interface Variant {
  readonly json: Json
  readonly sku: string
  readonly prices: Record<string, Json>
  /** The variant as a line item holds it, per currency: only the price that applied. */
  readonly inLineItem: Record<string, Json>
}

export interface Product {
  readonly id: string
  readonly key: string
  readonly name: Json
  readonly slug: Json
  readonly productType: Ref
  readonly variants: ReadonlyArray<Variant>
  readonly basePrice: number
  readonly published: boolean
}

export interface Customer {
  readonly id: string
  readonly email: string
  readonly createdAtMs: number
  readonly market: Market
  readonly address: Json
}
