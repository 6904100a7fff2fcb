/**
 * Range partitions on a timestamp column, one per calendar period of the table's grain (a month or a year):
 * period math, names and bounds. Pure, UTC throughout.
 */

import type { Table } from "@sluice/source-sdk"

export type Grain = Table.Grain

/** One calendar period (UTC): a month (`month` 1-12) or, without `month`, a whole year. */
export interface Period {
  readonly year: number
  readonly month?: number
}

const pad = (value: number, width: number) => String(value).padStart(width, "0")

/**
 * The UTC month an instant falls in, as `year * 100 + month`, or -1 when the value is not a parseable instant. Most
 * values are instants as APIs write them in UTC, whose month is in their first digits; others are parsed.
 */
const monthOf = (value: unknown): number => {
  const written = typeof value === "string" ? utcMonth(value) : -1
  if (written >= 0) return written
  const millis =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN
  if (Number.isNaN(millis)) return -1
  const date = new Date(millis)
  return date.getUTCFullYear() * 100 + date.getUTCMonth() + 1
}

/** The period of `grain` holding `month` (`year * 100 + month`). */
const periodAt = (grain: Grain, month: number): Period => {
  const year = Math.floor(month / 100)
  return grain === "year" ? { year } : { year, month: month % 100 }
}

/** The period of the grain an instant falls in, or undefined when the value is not a parseable instant. */
export const periodOf = (grain: Grain, value: unknown): Period | undefined => {
  const month = monthOf(value)
  return month < 0 ? undefined : periodAt(grain, month)
}

export const next = ({ year, month }: Period): Period =>
  month === undefined
    ? { year: year + 1 }
    : month === 12
      ? { year: year + 1, month: 1 }
      : { year, month: month + 1 }

/** `2025_01` for a month, `2025` for a year: the suffix of a period's partition name. */
export const key = ({ year, month }: Period): string =>
  month === undefined ? pad(year, 4) : `${pad(year, 4)}_${pad(month, 2)}`

/** `orders_p2025_01` (a month), `products_p2025` (a year). */
export const partitionName = (table: string, period: Period): string => `${table}_p${key(period)}`

/** `orders_default`: the partition for rows no period's partition holds. */
export const defaultPartitionName = (table: string): string => `${table}_default`

/**
 * The grain a table's partitions were created with, read from their names (`_pYYYY_MM` or `_pYYYY`); undefined
 * when it has none but its default partition.
 */
export const grainOf = (table: string, partitions: ReadonlyArray<string>): Grain | undefined => {
  const suffixes = partitions
    .filter((name) => name.startsWith(`${table}_p`))
    .map((name) => name.slice(table.length))
  return suffixes.some((suffix) => /^_p\d{4}_\d{2}$/.test(suffix))
    ? "month"
    : suffixes.some((suffix) => /^_p\d{4}$/.test(suffix))
      ? "year"
      : undefined
}

/** The first instant of a period, as the literal used in `FOR VALUES FROM (...)`: `2025-01-01T00:00:00Z`. */
export const startOf = ({ year, month }: Period): string =>
  `${pad(year, 4)}-${pad(month ?? 1, 2)}-01T00:00:00Z`

/** The `[from, to)` bounds of a period's partition. */
export const bounds = (period: Period): { readonly from: string; readonly to: string } => ({
  from: startOf(period),
  to: startOf(next(period))
})

/**
 * The distinct periods of the grain a page's partition values fall in, in order. Unparseable values are skipped
 * (the cast fails later).
 */
export const periodsOf = (grain: Grain, values: Iterable<unknown>): ReadonlyArray<Period> => {
  const seen = new Set<number>()
  for (const value of values) {
    const month = monthOf(value)
    // A year's periods are told apart by their first month.
    if (month >= 0) seen.add(grain === "year" ? month - (month % 100) + 1 : month)
  }
  const periods: Array<Period> = []
  for (const month of [...seen].sort(ascending)) periods.push(periodAt(grain, month))
  return periods
}

const ascending = (a: number, b: number) => a - b

/** The two digits at `at` as a number, or -1. */
const twoDigits = (value: string, at: number): number => {
  const tens = value.charCodeAt(at) - 0x30
  const ones = value.charCodeAt(at + 1) - 0x30
  return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones
}

/**
 * `year * 100 + month` of an instant written `YYYY-MM-DDTHH:MM:SS[.fff]Z` (UTC, so its month is its own digits'),
 * or -1 for anything else, which `Date.parse` reads instead: an offset, a date alone, a time that carries into
 * the next day (`24:00`, a leap second). A day past the month's end is one PostgreSQL rejects anyway.
 */
const utcMonth = (value: string): number => {
  if (value.length < 20 || value.length > 30 || value.charCodeAt(value.length - 1) !== 0x5a) return -1
  if (value.charCodeAt(4) !== 0x2d || value.charCodeAt(7) !== 0x2d || value.charCodeAt(10) !== 0x54) return -1
  if (value.charCodeAt(13) !== 0x3a || value.charCodeAt(16) !== 0x3a) return -1
  const century = twoDigits(value, 0)
  const year = century * 100 + twoDigits(value, 2)
  const month = twoDigits(value, 5)
  const day = twoDigits(value, 8)
  const hour = twoDigits(value, 11)
  const minute = twoDigits(value, 14)
  const second = twoDigits(value, 17)
  if (century < 10 || year < 1000 || month < 1 || month > 12 || day < 1 || day > 31) return -1
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return -1
  return year * 100 + month
}
