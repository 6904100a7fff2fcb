import { Chunk, Effect, Option, Stream } from "effect"
import type { Position } from "./Cursor.js"
import type { SourceError } from "./Errors.js"
import type { SourceRecord } from "./SourceRecord.js"
import type { Page, ReadRequest } from "./Table.js"

/** A range of primary keys, `from` inclusive and `to` exclusive; an absent end is open. */
export interface KeyRange {
  readonly name: string
  readonly from?: string
  readonly to?: string
}

/**
 * One page request of a key-set read, for the source to translate into its API's query:
 * - order "cursor": sort by (cursorField asc, primaryKey asc); continue with
 *   `cursor > after.cursor or (cursor = after.cursor and key > after.id)`, and `cursor >= since` when given.
 * - order "id": sort by primaryKey asc; continue with `key > after.id`.
 * Both are restricted to `range` and return at most `limit` records. Never an offset.
 */
export interface KeysetQuery {
  readonly order: "cursor" | "id"
  readonly since: Option.Option<string>
  readonly after: Option.Option<Position>
  readonly range: KeyRange
  readonly limit: number
}

export interface FetchedPage {
  readonly records: ReadonlyArray<SourceRecord>
  /** Requests it took, retries included. */
  readonly requests: number
}

export interface KeysetOptions<R> {
  readonly fetch: (query: KeysetQuery) => Effect.Effect<FetchedPage, SourceError, R>
  readonly cursorField: string
  readonly primaryKey: string
  /** The API's page size cap. */
  readonly limit: number
  /** How a full read is split into independent slices read concurrently. */
  readonly slices: ReadonlyArray<KeyRange>
  readonly concurrency: number
}

/** The whole key space as one slice. */
export const whole: KeyRange = { name: "all" }

/** Sixteen slices by the first hex digit of a UUID key; the first and last are open so no key falls outside. */
export const hexSlices: ReadonlyArray<KeyRange> = Array.from({ length: 16 }, (_, index) => {
  const from = index.toString(16)
  const to = (index + 1).toString(16)
  return {
    name: from,
    ...(index > 0 ? { from } : {}),
    ...(index < 15 ? { to } : {})
  }
})

const positionOf = (
  record: SourceRecord | undefined,
  options: { readonly order: "cursor" | "id"; readonly cursorField: string; readonly primaryKey: string }
): Option.Option<Position> => {
  if (record === undefined) return Option.none()
  const id = String(record[options.primaryKey])
  const cursor = record[options.cursorField]
  return Option.some(options.order === "cursor" && typeof cursor === "string" ? { cursor, id } : { id })
}

/**
 * Reads a table by key-set pagination. Full reads and full imports (no `since`) go by slices, concurrently;
 * incremental reads from a cursor go as one slice ordered by the cursor, so a sync with nothing new costs one
 * request. A page shorter than the limit ends its slice.
 */
export const read =
  <R>(options: KeysetOptions<R>) =>
  (request: ReadRequest): Stream.Stream<Page, SourceError, R> => {
    const order = request.strategy === "full" ? "id" : "cursor"
    const sliced = request.strategy === "full" || Option.isNone(request.since)
    const ranges = sliced ? options.slices : [whole]
    const streams = ranges.flatMap((range) => {
      const progress = request.resume[range.name]
      if (progress?._tag === "Done") return []
      const start: Option.Option<Position> =
        progress?._tag === "After" ? Option.some(progress.position) : Option.none()
      return [
        Stream.paginateChunkEffect(start, (after) =>
          options.fetch({ order, since: request.since, after, range, limit: options.limit }).pipe(
            Effect.map(({ records, requests }) => {
              const done = records.length < options.limit
              const position = positionOf(records[records.length - 1], { ...options, order })
              const page: Page = { slice: range.name, records, position, done, requests }
              return [
                Chunk.of(page),
                done ? Option.none() : Option.some(Option.orElse(position, () => after))
              ]
            })
          )
        )
      ]
    })
    return Stream.mergeAll(streams, { concurrency: Math.max(1, options.concurrency), bufferSize: 2 })
  }
