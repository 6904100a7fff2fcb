import { DAY, iso } from "./Values.js"

// The plain values every generator shares are declared once, in Values.ts.
export { DAY, iso, LOCALE, loc, ref, slugify } from "./Values.js"

/**
 * What every demo generator draws with: one seeded `rand` (a float in [0, 1)), so the same seed gives the same
 * records, independent of the clock.
 */
export type Rand = () => number

/** What every generator is given: the span its records' timestamps fall in, and how many to make. */
export interface DemoContext {
  readonly start: Date
  readonly end: Date
  readonly count: number
}

export type DemoRecord = Record<string, unknown>

/** A product as the generators that put products on lists and quotes need it. */
export interface DemoProduct {
  readonly id: string
  readonly key: string
  readonly productTypeId: string
  readonly name: string
  readonly slug: string
  /** Each variant with its price in cents (EUR). */
  readonly variants: ReadonlyArray<{ readonly id: number; readonly sku: string; readonly centAmount: number }>
}

/** The API client the demo merchant works through. */
export const merchant = { clientId: "sluice-demo-merchant" }

export const int = (rand: Rand, min: number, max: number): number =>
  min + Math.floor(rand() * (max - min + 1))
export const chance = (rand: Rand, p: number): boolean => rand() < p
export const pick = <A>(rand: Rand, items: ReadonlyArray<A>): A => {
  if (items.length === 0) throw new Error("demo data: nothing to pick from")
  return items[Math.floor(rand() * items.length)] as A
}

/**
 * The `index`-th record made by cycling through `templates`: its template, its round, and the suffix that tells
 * later rounds apart (`""`, then `-2`, `-3`, …).
 */
export const cycle = <T>(
  templates: ReadonlyArray<T>,
  index: number
): { readonly template: T; readonly round: number; readonly suffix: string } => {
  const round = Math.floor(index / templates.length)
  return {
    template: templates[index % templates.length] as T,
    round,
    suffix: round === 0 ? "" : `-${round + 1}`
  }
}

const HEX = "0123456789abcdef"
/** A lowercase UUID v4 drawn from `rand`. */
export const uuid = (rand: Rand): string => {
  let out = ""
  for (let k = 0; k < 32; k++) {
    if (k === 8 || k === 12 || k === 16 || k === 20) out += "-"
    const nibble = Math.floor(rand() * 16)
    out += k === 12 ? "4" : k === 16 ? HEX[(nibble & 0x3) | 0x8] : HEX[nibble]
  }
  return out
}

export const keyRef = (typeId: string, key: string) => ({ typeId, key })
export const money = (currencyCode: string, centAmount: number) => ({
  type: "centPrecision",
  currencyCode,
  centAmount,
  fractionDigits: 2
})
/** When a record was created and last changed, and its version: changes cluster soon after creation. */
export interface Lifetime {
  readonly createdAt: string
  readonly lastModifiedAt: string
  readonly createdMs: number
  readonly modifiedMs: number
  readonly version: number
}

const lifetimeBetween = (
  rand: Rand,
  fromMs: number,
  toMs: number,
  endMs: number,
  maxChanges: number
): Lifetime => {
  const createdMs = fromMs + Math.floor(rand() * Math.max(0, toMs - fromMs))
  const changes = int(rand, 0, maxChanges)
  const modifiedMs = changes === 0 ? createdMs : createdMs + Math.floor(rand() * rand() * (endMs - createdMs))
  return {
    createdAt: iso(createdMs),
    lastModifiedAt: iso(modifiedMs),
    createdMs,
    modifiedMs,
    version: 1 + changes
  }
}

/** A record made while the shop was set up: in its first month. */
export const setupLifetime = (rand: Rand, context: DemoContext, maxChanges = 3): Lifetime => {
  const startMs = context.start.getTime()
  const endMs = context.end.getTime()
  return lifetimeBetween(rand, startMs, Math.min(endMs, startMs + 30 * DAY), endMs, maxChanges)
}

/** A record made any time while the shop ran. */
export const activityLifetime = (rand: Rand, context: DemoContext, maxChanges = 6): Lifetime => {
  const endMs = context.end.getTime()
  return lifetimeBetween(rand, context.start.getTime(), endMs, endMs, maxChanges)
}

/** The timestamp fields of a record, audit fields included. */
export const stamps = (life: Lifetime) => ({
  version: life.version,
  createdAt: life.createdAt,
  lastModifiedAt: life.lastModifiedAt,
  createdBy: merchant,
  lastModifiedBy: merchant
})
