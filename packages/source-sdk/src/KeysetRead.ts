import { Chunk, Effect, Exit, FiberRef, Option, Schema, Stream } from "effect"
import type { Position } from "./Cursor.js"
import type { SourceError } from "./Errors.js"
import type { Endpoint, HttpShape, QueryParams } from "./Http.js"
import { undecodable } from "./Http.js"
import * as InFlight from "./InFlight.js"
import { isRows, type Records } from "./RecordRows.js"
import type { Page, Reader, ReadRequest } from "./Table.js"

/**
 * A range of primary keys, `from` inclusive and `to` exclusive; an absent end is open. `name` identifies the
 * slice in checkpoints and progress events (`Page.slice`): it must be stable across runs, so a resumed read
 * finds each slice's progress under the same name.
 */
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
  /** The page's records: objects, or rows of the page's bytes checked against the table's schema (`RecordRows`). */
  readonly records: Records
  /** Requests it took, retries included. */
  readonly requests: number
  /** The size of the response it came in (`Http.Answer.bytes`): what the in-flight budget counts. */
  readonly bytes?: number
  /** Gives the response's memory back once the page is written (`Http.Answer.release`). */
  readonly release?: () => void
}

export interface KeysetOptions<R> {
  readonly fetch: (query: KeysetQuery) => Effect.Effect<FetchedPage, SourceError, R>
  /** The API's page size cap. */
  readonly limit: number
  /** How many slices are read at once. */
  readonly concurrency: number
  /**
   * Fixed slices for every read of the whole key space. By default a read is sliced only when it is large: the
   * first page is read unsliced and, when it comes back full, the keys after it (hex, e.g. UUIDs) are split
   * into as many slices as the first page suggests the rest needs.
   */
  readonly slices?: ReadonlyArray<KeyRange>
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

/** The most slices a large read is split into. */
export const maxSlices = 16

/** Pages each slice should hold at least, so the short last page of each slice costs little. */
const pagesPerSlice = 6

const span = 2 ** 32

/** Where a hex key sits in the key space, in [0, 1]; undefined for keys that are not hex. */
const fractionOf = (key: string): number | undefined =>
  /^[0-9a-f]{8}/i.test(key) ? (Number.parseInt(key.slice(0, 8), 16) + 1) / span : undefined

const hex = (fraction: number) =>
  Math.floor(fraction * span)
    .toString(16)
    .padStart(8, "0")

/**
 * The slices that read the keys after `last`, the last key of a full first page. Keys are
 * assumed uniform (UUIDs): the first page covered the keys up to `last`, so the rest holds about
 * `(1 - f) / f` pages more. The split depends on `last` only, so a resumed read finds the same
 * slices. The first slice starts after `last`; the others start at their `from`.
 */
export const split = (last: string): ReadonlyArray<KeyRange> => {
  const covered = fractionOf(last)
  if (covered === undefined || covered >= 1) return [{ name: "rest" }]
  const pages = (1 - covered) / covered
  const count = Math.max(1, Math.min(maxSlices, Math.floor(pages / pagesPerSlice)))
  const bounds = Array.from({ length: count - 1 }, (_, index) =>
    hex(covered + ((1 - covered) * (index + 1)) / count)
  )
  return Array.from({ length: count }, (_, index) => ({
    name: `${index + 1}/${count}`,
    ...(index > 0 ? { from: bounds[index - 1] } : {}),
    ...(index < count - 1 ? { to: bounds[index] } : {})
  }))
}

interface KeyFields {
  readonly primaryKey: string
  readonly cursorField: string
}

const positionOf = (records: Records, order: "cursor" | "id", table: KeyFields): Option.Option<Position> => {
  const last = records.length - 1
  if (last < 0) return Option.none()
  const rows = isRows(records)
  const value = (field: string) => (rows ? records.value(last, field) : records[last]?.[field])
  const id = String(value(table.primaryKey))
  const cursor = value(table.cursorField)
  return Option.some(order === "cursor" && typeof cursor === "string" ? { cursor, id } : { id })
}

/**
 * Reads a table by key-set pagination, with the key and cursor fields of the table it is given.
 * - An incremental read from a cursor goes as one slice ordered by the cursor: nothing new costs one request.
 * - A read of everything (a full read, or a first import) goes by key. It reads one page unsliced; only when
 *   that page is full does it split the keys after it into slices read concurrently (see `split`), so a small
 *   table costs one request. Given fixed `slices`, it reads those from the start instead.
 * A page shorter than the limit ends its slice. A resumed read continues each slice after its checkpoint.
 */
export const read =
  <R>(options: KeysetOptions<R>) =>
  (request: ReadRequest, table: KeyFields): Stream.Stream<Page, SourceError, R> => {
    const incremental = request.strategy === "incremental" && Option.isSome(request.since)
    const order = incremental ? "cursor" : "id"
    const slice = (range: KeyRange, start: Option.Option<Position>): Stream.Stream<Page, SourceError, R> => {
      const progress = request.resume[range.name]
      if (progress?._tag === "Done") return Stream.empty
      const from = progress?._tag === "After" ? Option.some(progress.position) : start
      return Stream.paginateChunkEffect(from, (after) =>
        fetchPage(range, after).pipe(
          Effect.map((page) => [
            Chunk.of(page),
            page.done ? Option.none() : Option.some(Option.orElse(page.position, () => after))
          ])
        )
      )
    }
    // What the next page will weigh: the last one's size (pages of a table are alike), 1 MiB before the first.
    let estimate = 2 ** 20
    const fetchPage = (range: KeyRange, after: Option.Option<Position>) =>
      Effect.gen(function* () {
        // Within a sync, a page's bytes are taken from the run's budget before it is requested, so slices read
        // ahead only as far as the budget allows; the engine gives them back once the page is written.
        const ledger = yield* FiberRef.get(InFlight.current)
        const taken = estimate
        if (ledger !== undefined) yield* ledger.take(taken)
        const { records, requests, bytes, release } = yield* options
          .fetch({ order, since: request.since, after, range, limit: options.limit })
          .pipe(
            Effect.onExit((exit) =>
              Effect.sync(() => {
                if (Exit.isFailure(exit)) ledger?.give(taken)
              })
            )
          )
        const size = bytes ?? taken
        if (ledger !== undefined) {
          if (size > taken) ledger.force(size - taken)
          else ledger.give(taken - size)
        }
        estimate = size
        const page = {
          slice: range.name,
          position: positionOf(records, order, table),
          done: records.length < options.limit,
          requests,
          ...(ledger !== undefined ? { held: size } : {}),
          ...(release !== undefined ? { release } : {})
        }
        // Rows become objects only if something asks for them (the engine and a COPY writer do not).
        return isRows(records)
          ? ({
              ...page,
              rows: records,
              get records() {
                return records.records()
              }
            } satisfies Page)
          : ({ ...page, records } satisfies Page)
      })
    const concurrently = (slices: ReadonlyArray<Stream.Stream<Page, SourceError, R>>) =>
      Stream.mergeAll(slices, { concurrency: Math.max(1, options.concurrency), bufferSize: 2 })

    if (incremental) return slice(whole, Option.none())
    if (options.slices !== undefined) {
      return concurrently(options.slices.map((range) => slice(range, Option.none())))
    }
    // The rest of the keys, after the first page's last one: recomputed from it on resume.
    const rest = (last: Position) =>
      concurrently(
        split(last.id).map((range, index) =>
          slice(range, index === 0 ? Option.some({ id: last.id }) : Option.none())
        )
      )
    const first = request.resume[whole.name]
    if (first?._tag === "Done") return Stream.empty
    if (first?._tag === "After") return rest(first.position)
    return Stream.unwrap(
      fetchPage(whole, Option.none()).pipe(
        Effect.map((page) =>
          page.done || Option.isNone(page.position)
            ? Stream.make(page)
            : Stream.concat(Stream.make(page), rest(page.position.value))
        )
      )
    )
  }

/**
 * The key-set query as plain query parameters: `order`, `limit`, and when given `since`, `after_cursor`,
 * `after_id`, `from`, `to`. For APIs that take them as they are (the example's); other APIs translate the query
 * into their own (commercetools: `sort` and a `where` predicate).
 */
export const queryParams = (query: KeysetQuery): QueryParams => {
  const after = Option.getOrUndefined(query.after)
  const optional = {
    since: Option.getOrUndefined(query.since),
    after_cursor: after?.cursor,
    after_id: after?.id,
    from: query.range.from,
    to: query.range.to
  }
  const given = Object.entries(optional).filter((entry): entry is [string, string] => entry[1] !== undefined)
  return [["order", query.order], ["limit", String(query.limit)], ...given]
}

/** A list endpoint's page: its records under `results`, raw (the engine validates them and keeps unknown fields). */
export const ListPage = Schema.Struct({
  results: Schema.Array(Schema.Record({ key: Schema.String, value: Schema.Unknown }))
})

export interface ListOptions<R, L> {
  /** The source's HTTP client (a service of its layer). */
  readonly http: Effect.Effect<HttpShape, never, R>
  /** Records per page. */
  readonly limit: number | Effect.Effect<number, never, L>
  /** The list endpoint, e.g. `/books`. */
  readonly path: string
  /** How a page request becomes query parameters (default `queryParams`). */
  readonly params?: (query: KeysetQuery) => QueryParams
}

/** A table reader over a list endpoint that answers `{ results: [...] }`: a GET per key-set page. */
export const list =
  <R, L = never>(options: ListOptions<R, L>): Reader<R | L> =>
  (request, table) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const http = yield* options.http
        const limit = typeof options.limit === "number" ? options.limit : yield* options.limit
        const endpoint: Endpoint = { path: options.path, table: table.name, access: table.access }
        const params = options.params ?? queryParams
        const fetch = (query: KeysetQuery) =>
          Effect.flatMap(http.get(endpoint, params(query)), ({ body, requests, bytes }) =>
            Schema.decodeUnknown(ListPage)(body).pipe(
              Effect.mapError((error) => undecodable(endpoint, http.api, error.message)),
              Effect.map(({ results }) => ({ records: results, requests, bytes }))
            )
          )
        return read({ fetch, limit, concurrency: http.concurrency })(request, table)
      })
    )
