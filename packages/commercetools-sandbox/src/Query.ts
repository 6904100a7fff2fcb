import { malformedParameter } from "./Errors.js"
import {
  type Bound,
  boundsOf,
  compilePredicate,
  type FieldType,
  type Predicate,
  parseWhere,
  type Test
} from "./Predicate.js"
import type { ResourceRecord, ResourceType, Store } from "./Store.js"

/** The API's query limits. */
export const DEFAULT_LIMIT = 20
export const MAX_LIMIT = 500
export const MAX_OFFSET = 10_000
/** With a query predicate, `total` counts at most this many matches (the API caps it at the maximum offset). */
export const MAX_FILTERED_TOTAL = 10_000

export interface SortKey {
  readonly path: ReadonlyArray<string>
  readonly descending: boolean
}

export interface QuerySpec {
  readonly limit: number
  readonly offset: number
  readonly withTotal: boolean
  readonly predicate: Predicate | undefined
  readonly sort: ReadonlyArray<SortKey>
}

/** Raw list-query parameters as they come from the URL (repeatable ones as arrays). */
export interface QueryParams {
  readonly where?: ReadonlyArray<string>
  readonly sort?: ReadonlyArray<string>
  readonly limit?: string | undefined
  readonly offset?: string | undefined
  readonly withTotal?: string | undefined
  /** `var.NAME` values for `:NAME` input variables in predicates. */
  readonly variables?: Readonly<Record<string, ReadonlyArray<string>>>
}

const INTEGER = /^\d+$/

const parseBoundedInt = (
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number
): number => {
  if (raw === undefined) return fallback
  const trimmed = raw.trim()
  if (!INTEGER.test(trimmed)) throw malformedParameter(name, `The ${name} parameter must be an integer.`)
  const value = Number(trimmed)
  if (value < min || value > max) {
    throw malformedParameter(name, `The ${name} parameter must be in the range of [${min}..${max}]`)
  }
  return value
}

const SORT = /^\s*([A-Za-z_][A-Za-z0-9_-]*(?:\.[A-Za-z_][A-Za-z0-9_-]*)*)\s+(asc|desc)\s*$/i

export const parseSort = (raw: string): SortKey => {
  const match = SORT.exec(raw)
  if (match === null) {
    throw malformedParameter(
      "sort",
      `Invalid sort expression '${raw}': expected '<field path> asc' or '<field path> desc'.`
    )
  }
  return { path: (match[1] as string).split("."), descending: (match[2] as string).toLowerCase() === "desc" }
}

/** Validates and parses list-query parameters; throws the API's 400 InvalidInput errors. */
export const parseQuery = (params: QueryParams, fields?: Readonly<Record<string, FieldType>>): QuerySpec => {
  const limit = parseBoundedInt("limit", params.limit, DEFAULT_LIMIT, 0, MAX_LIMIT)
  const offset = parseBoundedInt("offset", params.offset, 0, 0, MAX_OFFSET)
  let withTotal = true
  if (params.withTotal !== undefined) {
    const raw = params.withTotal.trim().toLowerCase()
    if (raw !== "true" && raw !== "false") {
      throw malformedParameter("withTotal", "The withTotal parameter must be a boolean (true or false).")
    }
    withTotal = raw === "true"
  }
  const sort = (params.sort ?? []).map(parseSort)
  const options = {
    ...(params.variables === undefined ? {} : { variables: params.variables }),
    ...(fields === undefined ? {} : { fields })
  }
  const predicate = parseWhere(params.where ?? [], options)
  return { limit, offset, withTotal, predicate, sort }
}

export interface QueryResult {
  readonly limit: number
  readonly offset: number
  readonly count: number
  readonly total?: number
  /** The result items as served (a stored record, or the view of one). */
  readonly results: ReadonlyArray<unknown>
}

/**
 * A view of a stored record as the endpoint serves it (for example a product projection), or undefined when
 * the endpoint does not serve that record at all (for example an unpublished product with `staged=false`).
 * Predicates and sorting apply to the view.
 */
export type View = (record: ResourceRecord) => unknown

const getPath = (value: unknown, path: ReadonlyArray<string>): unknown => {
  let current = value
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined
    current = (current as Record<string, unknown>)[key]
  }
  return current
}

const compareValues = (a: unknown, b: unknown): number => {
  const aMissing = a === undefined || a === null
  const bMissing = b === undefined || b === null
  if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1
  if (typeof a === "number" && typeof b === "number") return a - b
  if (typeof a === "boolean" && typeof b === "boolean") return a === b ? 0 : a ? 1 : -1
  const sa = typeof a === "string" ? a : JSON.stringify(a)
  const sb = typeof b === "string" ? b : JSON.stringify(b)
  return sa < sb ? -1 : sa > sb ? 1 : 0
}

const comparatorOf = (sort: ReadonlyArray<SortKey>) => (a: unknown, b: unknown) => {
  for (const key of sort) {
    const c = compareValues(getPath(a, key.path), getPath(b, key.path))
    if (c !== 0) return key.descending ? -c : c
  }
  return 0
}

const isPath = (key: SortKey | undefined, name: string): boolean =>
  key !== undefined && key.path.length === 1 && key.path[0] === name

/** The first index at which `before` turns false (`index` is sorted by `field`). */
const partitionPoint = (
  index: ReadonlyArray<ResourceRecord>,
  field: "id" | "lastModifiedAt",
  before: (value: string) => boolean
): number => {
  let lo = 0
  let hi = index.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (before((index[mid] as ResourceRecord)[field])) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** First index whose `field` is not below the bound (inclusive) or above it (exclusive). */
const seekLower = (
  index: ReadonlyArray<ResourceRecord>,
  field: "id" | "lastModifiedAt",
  bound: Bound
): number => partitionPoint(index, field, (v) => v < bound.value || (!bound.inclusive && v === bound.value))

/** One past the last index whose `field` satisfies the upper bound. */
const seekUpper = (
  index: ReadonlyArray<ResourceRecord>,
  field: "id" | "lastModifiedAt",
  bound: Bound
): number => partitionPoint(index, field, (v) => v < bound.value || (bound.inclusive && v === bound.value))

interface Plan {
  readonly index: ReadonlyArray<ResourceRecord>
  readonly from: number
  readonly to: number
  readonly descending: boolean
  /** True when the index order is the requested order (no sort needed after filtering). */
  readonly ordered: boolean
}

const planScan = (store: Store, type: ResourceType, spec: QuerySpec): Plan => {
  const [lead, second] = spec.sort
  const byLastModified =
    isPath(lead, "lastModifiedAt") &&
    (spec.sort.length === 1 ||
      (spec.sort.length === 2 && isPath(second, "id") && second?.descending === lead?.descending))
  if (byLastModified) {
    const index = store.byLastModifiedIndex(type)
    const bounds = boundsOf(spec.predicate, "lastModifiedAt")
    return {
      index,
      from: bounds.lower === undefined ? 0 : seekLower(index, "lastModifiedAt", bounds.lower),
      to: bounds.upper === undefined ? index.length : seekUpper(index, "lastModifiedAt", bounds.upper),
      descending: lead?.descending ?? false,
      ordered: true
    }
  }
  const index = store.byIdIndex(type)
  const bounds = boundsOf(spec.predicate, "id")
  const from = bounds.lower === undefined ? 0 : seekLower(index, "id", bounds.lower)
  const to = bounds.upper === undefined ? index.length : seekUpper(index, "id", bounds.upper)
  if (lead === undefined) return { index, from, to, descending: false, ordered: true }
  if (isPath(lead, "id")) return { index, from, to, descending: lead.descending, ordered: true }
  return { index, from, to, descending: false, ordered: false }
}

/**
 * Runs a list query against the store. Key-set queries (sorted by `lastModifiedAt[, id]` or by `id`) seek to
 * the lower bound the predicate implies and stop once a page (and, with `withTotal`, the capped total) is
 * complete; any other sort filters the bounded range and sorts the matches.
 */
export const runQuery = (store: Store, type: ResourceType, spec: QuerySpec, view?: View): QueryResult => {
  const test: Test | undefined = spec.predicate === undefined ? undefined : compilePredicate(spec.predicate)
  const plan = planScan(store, type, spec)
  const totalCap = spec.predicate === undefined ? Number.POSITIVE_INFINITY : MAX_FILTERED_TOTAL
  const { index, from, to } = plan
  const wanted = spec.offset + spec.limit

  if (plan.ordered) {
    if (spec.withTotal && test === undefined && view === undefined) {
      // The whole table matches: no scan needed beyond the page itself.
      const total = store.count(type)
      const results: Array<unknown> = []
      if (plan.descending) {
        for (let i = to - 1 - spec.offset; i >= from && results.length < spec.limit; i--)
          results.push(index[i])
      } else {
        for (let i = from + spec.offset; i < to && results.length < spec.limit; i++) results.push(index[i])
      }
      return { limit: spec.limit, offset: spec.offset, count: results.length, total, results }
    }
    const results: Array<unknown> = []
    let matched = 0
    const step = plan.descending ? -1 : 1
    const end = plan.descending ? from - 1 : to
    for (let i = plan.descending ? to - 1 : from; i !== end; i += step) {
      const record = index[i] as ResourceRecord
      const item = view === undefined ? record : view(record)
      if (item === undefined || (test !== undefined && !test(item))) continue
      matched++
      if (matched > spec.offset && results.length < spec.limit) results.push(item)
      if (matched >= wanted && (!spec.withTotal || matched >= totalCap)) break
    }
    const base = { limit: spec.limit, offset: spec.offset, count: results.length, results }
    return spec.withTotal ? { ...base, total: Math.min(matched, totalCap) } : base
  }

  const matches: Array<unknown> = []
  for (let i = from; i < to; i++) {
    const record = index[i] as ResourceRecord
    const item = view === undefined ? record : view(record)
    if (item === undefined || (test !== undefined && !test(item))) continue
    matches.push(item)
  }
  matches.sort(comparatorOf(spec.sort))
  const results = matches.slice(spec.offset, wanted)
  const base = { limit: spec.limit, offset: spec.offset, count: results.length, results }
  return spec.withTotal ? { ...base, total: Math.min(matches.length, totalCap) } : base
}
