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

/** The period of the grain an instant falls in, or undefined when the value is not a parseable instant. */
export const periodOf = (grain: Grain, value: unknown): Period | undefined => {
  const millis =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN
  if (Number.isNaN(millis)) return undefined
  const date = new Date(millis)
  return grain === "year"
    ? { year: date.getUTCFullYear() }
    : { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 }
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
  const byKey = new Map<string, Period>()
  for (const value of values) {
    const period = periodOf(grain, value)
    if (period !== undefined) byKey.set(key(period), period)
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, period]) => period)
}
