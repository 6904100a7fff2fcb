import { randomUUID } from "node:crypto"

/** A stored resource: plain JSON with the fields every commercetools resource has. */
export interface ResourceRecord {
  id: string
  version: number
  createdAt: string
  lastModifiedAt: string
  [field: string]: unknown
}

/** Store types, named as the API paths name them (`products` backs `/product-projections`). */
export const RESOURCE_TYPES = [
  "orders",
  "customers",
  "payments",
  "carts",
  "products",
  "categories",
  "discount-codes",
  "inventory"
] as const
export type ResourceType = (typeof RESOURCE_TYPES)[number]

/** Accepts the store type names and the alias `product-projections` for `products`. */
export const toResourceType = (name: string): ResourceType | undefined => {
  if (name === "product-projections") return "products"
  return (RESOURCE_TYPES as ReadonlyArray<string>).includes(name) ? (name as ResourceType) : undefined
}

export type Timestamp = string | Date | number

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/

/** Canonical ISO 8601 with milliseconds and `Z` (the API's fixed-width form). */
export const toIso = (at: Timestamp): string => {
  if (typeof at === "string" && ISO_MS.test(at)) return at
  const date = at instanceof Date ? at : new Date(at)
  if (Number.isNaN(date.getTime())) throw new Error(`Invalid timestamp: ${String(at)}`)
  return date.toISOString()
}

/** Order of the `(lastModifiedAt, id)` index. */
export const compareLastModified = (a: ResourceRecord, b: ResourceRecord): number =>
  a.lastModifiedAt < b.lastModifiedAt
    ? -1
    : a.lastModifiedAt > b.lastModifiedAt
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0

/** Order of the `id` index. */
export const compareId = (a: ResourceRecord, b: ResourceRecord): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/** First position in `items` (sorted by `compare`) whose element is not before `probe`. */
const lowerBound = <A>(items: ReadonlyArray<A>, probe: A, compare: (x: A, y: A) => number): number => {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compare(items[mid] as A, probe) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

class Table {
  readonly byId = new Map<string, ResourceRecord>()
  idIndex: Array<ResourceRecord> = []
  lmIndex: Array<ResourceRecord> = []
  /** When true the two indexes hold every record but are not sorted (bulk loading); sorted on next read. */
  dirty = false

  ensureSorted(): void {
    if (!this.dirty) return
    this.idIndex.sort(compareId)
    this.lmIndex.sort(compareLastModified)
    this.dirty = false
  }

  insert(record: ResourceRecord, bulk: boolean): void {
    this.byId.set(record.id, record)
    if (bulk || this.dirty) {
      this.idIndex.push(record)
      this.lmIndex.push(record)
      this.dirty = true
      return
    }
    insertSorted(this.idIndex, record, compareId)
    insertSorted(this.lmIndex, record, compareLastModified)
  }

  /** Removes a record whose indexed fields still hold the values it was indexed with. */
  detach(record: ResourceRecord): void {
    this.byId.delete(record.id)
    if (this.dirty) {
      removeIdentity(this.idIndex, record)
      removeIdentity(this.lmIndex, record)
      return
    }
    removeSorted(this.idIndex, record, compareId)
    removeSorted(this.lmIndex, record, compareLastModified)
  }
}

const insertSorted = (
  items: Array<ResourceRecord>,
  record: ResourceRecord,
  compare: (a: ResourceRecord, b: ResourceRecord) => number
): void => {
  const last = items[items.length - 1]
  if (last === undefined || compare(last, record) < 0) {
    items.push(record)
    return
  }
  items.splice(lowerBound(items, record, compare), 0, record)
}

const removeSorted = (
  items: Array<ResourceRecord>,
  record: ResourceRecord,
  compare: (a: ResourceRecord, b: ResourceRecord) => number
): void => {
  const at = lowerBound(items, record, compare)
  if (items[at] === record) items.splice(at, 1)
  else removeIdentity(items, record)
}

const removeIdentity = (items: Array<ResourceRecord>, record: ResourceRecord): void => {
  const at = items.indexOf(record)
  if (at >= 0) items.splice(at, 1)
}

/** Changes a record in place, or returns its replacement (any returned object replaces the record). */
export type Mutation = (record: ResourceRecord) => unknown

/**
 * In-memory resource store, one table per resource type, each with an `id` index and a
 * `(lastModifiedAt, id)` index kept sorted. Bulk loads (`addMany`) append and sort once on the next read;
 * single adds and updates move a record within the sorted indexes.
 */
export class Store {
  private readonly tables = new Map<ResourceType, Table>()
  private jsonCache = new WeakMap<ResourceRecord, string>()
  private readonly cacheJson: boolean

  /** `cacheJson`: keep each record's JSON text until it changes (faster repeated reads, more memory). */
  constructor(options: { readonly cacheJson?: boolean } = {}) {
    this.cacheJson = options.cacheJson ?? false
    for (const type of RESOURCE_TYPES) this.tables.set(type, new Table())
  }

  private table(type: ResourceType | string): Table {
    const resolved = toResourceType(type)
    const table = resolved === undefined ? undefined : this.tables.get(resolved)
    if (table === undefined) throw new Error(`Unknown resource type: ${type}`)
    return table
  }

  /** Adds a record as given (keeps its id, version and timestamps); replaces a record with the same id. */
  add(
    type: ResourceType | string,
    record: Partial<ResourceRecord> & Record<string, unknown>
  ): ResourceRecord {
    return this.addOne(this.table(type), record, false)
  }

  /** Adds many records at once; the indexes are sorted once, on the next read. */
  addMany(
    type: ResourceType | string,
    records: Iterable<Partial<ResourceRecord> & Record<string, unknown>>
  ): void {
    const table = this.table(type)
    for (const record of records) this.addOne(table, record, true)
  }

  private addOne(
    table: Table,
    input: Partial<ResourceRecord> & Record<string, unknown>,
    bulk: boolean
  ): ResourceRecord {
    const now = new Date().toISOString()
    const createdAt = input.createdAt === undefined ? now : toIso(input.createdAt)
    const record = input as ResourceRecord
    record.id = typeof input.id === "string" ? input.id : randomUUID()
    record.version = typeof input.version === "number" ? input.version : 1
    record.createdAt = createdAt
    record.lastModifiedAt = input.lastModifiedAt === undefined ? createdAt : toIso(input.lastModifiedAt)
    const existing = table.byId.get(record.id)
    if (existing !== undefined) {
      table.detach(existing)
      this.jsonCache.delete(existing)
    }
    table.insert(record, bulk)
    return record
  }

  /** Creates a record with a new id (unless given), version 1 and both timestamps set to `at` (or now). */
  create(type: ResourceType | string, partial: Record<string, unknown> = {}, at?: Timestamp): ResourceRecord {
    const stamp = toIso(at ?? Date.now())
    return this.add(type, {
      ...partial,
      id: typeof partial.id === "string" ? partial.id : randomUUID(),
      version: 1,
      createdAt: stamp,
      lastModifiedAt: stamp
    })
  }

  /**
   * Applies `mutate` to a record (in place, or by returning a replacement), bumps its version by one and sets
   * `lastModifiedAt` to `at` (or now). `at` may lie before the current value (a late commit).
   */
  update(
    type: ResourceType | string,
    id: string,
    mutate: Mutation = () => {},
    at?: Timestamp
  ): ResourceRecord {
    const table = this.table(type)
    table.ensureSorted()
    const current = table.byId.get(id)
    if (current === undefined) throw new Error(`No ${type} with id ${id}`)
    table.detach(current)
    this.jsonCache.delete(current)
    const replaced = mutate(current)
    const next = replaced !== null && typeof replaced === "object" ? (replaced as ResourceRecord) : current
    next.id = id
    next.createdAt = current.createdAt
    next.version = current.version + 1
    next.lastModifiedAt = toIso(at ?? Date.now())
    table.insert(next, false)
    return next
  }

  /** Removes a record; true when it existed. */
  remove(type: ResourceType | string, id: string): boolean {
    const table = this.table(type)
    table.ensureSorted()
    const current = table.byId.get(id)
    if (current === undefined) return false
    table.detach(current)
    this.jsonCache.delete(current)
    return true
  }

  get(type: ResourceType | string, id: string): ResourceRecord | undefined {
    return this.table(type).byId.get(id)
  }

  /** Every record of a type, ordered by id. */
  all(type: ResourceType | string): Array<ResourceRecord> {
    return this.byIdIndex(type).slice()
  }

  count(type: ResourceType | string): number {
    return this.table(type).byId.size
  }

  /** The id index (read-only view; do not mutate). */
  byIdIndex(type: ResourceType | string): ReadonlyArray<ResourceRecord> {
    const table = this.table(type)
    table.ensureSorted()
    return table.idIndex
  }

  /** The `(lastModifiedAt, id)` index (read-only view; do not mutate). */
  byLastModifiedIndex(type: ResourceType | string): ReadonlyArray<ResourceRecord> {
    const table = this.table(type)
    table.ensureSorted()
    return table.lmIndex
  }

  /** JSON text of a stored record (cached until the record changes when `cacheJson` is on). */
  json(record: ResourceRecord): string {
    if (!this.cacheJson) return JSON.stringify(record)
    let text = this.jsonCache.get(record)
    if (text === undefined) {
      text = JSON.stringify(record)
      this.jsonCache.set(record, text)
    }
    return text
  }

  /** Drops cached JSON (call after mutating a record outside `update`). */
  invalidate(record?: ResourceRecord): void {
    if (record === undefined) this.jsonCache = new WeakMap()
    else this.jsonCache.delete(record)
  }
}
