import { Duration, Option, Schema } from "effect"
import { type Records, valuesOf } from "./RecordRows.js"

/**
 * A key-set position: the last record read, as its cursor value and primary key.
 * Reads continue strictly after it: `cursor > value or (cursor = value and id > id)`.
 * Ties on the cursor value (thousands of records in one millisecond) are broken by the primary key.
 */
export const Position = Schema.Struct({
  cursor: Schema.optional(Schema.String),
  id: Schema.String
})
export type Position = typeof Position.Type

/** The default settle window: each incremental run re-reads this much before the stored cursor. */
export const defaultLookback: Duration.Duration = Duration.minutes(5)

/** The later of two ISO-8601 instants (`Z`, milliseconds: fixed width, so they compare as strings). */
export const max = (a: Option.Option<string>, b: Option.Option<string>): Option.Option<string> =>
  Option.isNone(a) ? b : Option.isNone(b) ? a : Option.some(a.value >= b.value ? a.value : b.value)

/** The largest cursor value among records, read from `field`. */
export const maxOf = (records: Records, field: string): Option.Option<string> => {
  let best: string | undefined
  for (const value of valuesOf(records, field)) {
    if (typeof value === "string" && (best === undefined || value > best)) best = value
  }
  return Option.fromNullable(best)
}

/**
 * The cursor a completed incremental run stores: the highest value it saw, but never later than the moment the
 * read started. A record in an already-finished slice that changes during the read gets a timestamp after the
 * start, so capping at the start guarantees the next run sees it.
 */
export const settle = (options: {
  readonly previous: Option.Option<string>
  readonly maxSeen: Option.Option<string>
  readonly readStartedAt: string
}): Option.Option<string> => {
  const capped = Option.map(options.maxSeen, (seen) =>
    seen < options.readStartedAt ? seen : options.readStartedAt
  )
  return max(options.previous, capped)
}

/** The inclusive lower bound of the next incremental read: the stored cursor minus the settle window. */
export const readFrom = (cursor: Option.Option<string>, lookback: Duration.Duration): Option.Option<string> =>
  Option.map(cursor, (value) =>
    // Only strict instants are times: `Date.parse` would read "42" as a year. Other cursors are used as they are.
    isInstant(value) ? new Date(Date.parse(value) - Duration.toMillis(lookback)).toISOString() : value
  )

const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/

/** True for an ISO-8601 UTC instant such as `2025-01-31T23:59:59.999Z`. */
export const isInstant = (value: string): boolean => instant.test(value) && !Number.isNaN(Date.parse(value))
