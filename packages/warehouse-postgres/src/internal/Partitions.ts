/** Monthly range partitions on a timestamp column: month math, names and bounds. Pure, UTC throughout. */

/** One calendar month (UTC). `month` is 1-12. */
export interface Month {
  readonly year: number
  readonly month: number
}

const pad = (value: number, width: number) => String(value).padStart(width, "0")

/** The month an instant falls in, or undefined when the value is not a parseable instant. */
export const monthOf = (value: unknown): Month | undefined => {
  const millis =
    value instanceof Date ? value.getTime() : typeof value === "string" ? Date.parse(value) : Number.NaN
  if (Number.isNaN(millis)) return undefined
  const date = new Date(millis)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1 }
}

export const next = ({ year, month }: Month): Month =>
  month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 }

/** `2025_01`: the suffix of a month's partition name. */
export const key = ({ year, month }: Month): string => `${pad(year, 4)}_${pad(month, 2)}`

/** `orders_p2025_01`. */
export const partitionName = (table: string, month: Month): string => `${table}_p${key(month)}`

/** `orders_default`: the partition for rows no month partition holds. */
export const defaultPartitionName = (table: string): string => `${table}_default`

/** The first instant of a month, as the literal used in `FOR VALUES FROM (...)`: `2025-01-01T00:00:00Z`. */
export const startOf = ({ year, month }: Month): string => `${pad(year, 4)}-${pad(month, 2)}-01T00:00:00Z`

/** The `[from, to)` bounds of a month's partition. */
export const bounds = (month: Month): { readonly from: string; readonly to: string } => ({
  from: startOf(month),
  to: startOf(next(month))
})

/** The distinct months of a page's partition values, in order. Unparseable values are skipped (the cast fails later). */
export const monthsOf = (values: Iterable<unknown>): ReadonlyArray<Month> => {
  const byKey = new Map<string, Month>()
  for (const value of values) {
    const month = monthOf(value)
    if (month !== undefined) byKey.set(key(month), month)
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, month]) => month)
}
