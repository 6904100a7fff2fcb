import { randomUUID } from "node:crypto"
import { creationMessage, deletionMessage, type MessageRecord, makeMessage } from "./Messages.js"
import { defaultProjectSettings, type ProjectSettings } from "./Project.js"

/** A stored resource: plain JSON with the fields every commercetools resource has. */
export interface ResourceRecord {
  id: string
  version: number
  createdAt: string
  lastModifiedAt: string
  [field: string]: unknown
}

/**
 * Store types, named as the API paths name them (`products` backs `/products` and `/product-projections`;
 * `messages` is the log, served as `/messages`).
 */
export const RESOURCE_TYPES = [
  "orders",
  "customers",
  "payments",
  "carts",
  "products",
  "categories",
  "discount-codes",
  "inventory",
  "stores",
  "channels",
  "customer-groups",
  "states",
  "product-types",
  "standalone-prices",
  "shopping-lists",
  "tax-categories",
  "shipping-methods",
  "zones",
  "cart-discounts",
  "product-discounts",
  "types",
  "quotes",
  "business-units",
  "messages"
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

  /** Removes every record whose `lastModifiedAt` lies before `cutoff`; returns how many. */
  dropBefore(cutoff: string): number {
    this.ensureSorted()
    const count = lowerBound(
      this.lmIndex,
      { lastModifiedAt: cutoff, id: "" } as ResourceRecord,
      compareLastModified
    )
    if (count === 0) return 0
    for (const record of this.lmIndex.splice(0, count)) this.byId.delete(record.id)
    this.idIndex = this.idIndex.filter((record) => this.byId.get(record.id) === record)
    return count
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
export interface StoreOptions {
  /** Keep each record's JSON text until it changes (faster repeated reads, more memory). */
  readonly cacheJson?: boolean
  /** Project settings (messages on, kept 15 days; carts expire after 90 days, unless given). */
  readonly project?: Partial<ProjectSettings>
  /** The time retention and expiry are judged against (default `Date.now`). */
  readonly clock?: () => number
}

const DAY_MS = 86_400_000

export class Store {
  private readonly tables = new Map<ResourceType, Table>()
  private jsonCache = new WeakMap<ResourceRecord, string>()
  private readonly cacheJson: boolean
  /** The last message sequence number per resource id. */
  private readonly sequences = new Map<string, number>()
  /** The project settings `GET /{projectKey}` serves; change them with the setters below. */
  readonly project: ProjectSettings
  readonly clock: () => number

  constructor(options: StoreOptions = {}) {
    this.cacheJson = options.cacheJson ?? false
    this.project = defaultProjectSettings(options.project)
    this.clock = options.clock ?? Date.now
    for (const type of RESOURCE_TYPES) this.tables.set(type, new Table())
  }

  // --- deletions, messages and project settings: the programmatic API of tests and the live shop ------------

  /** Switches the Messages feature on or off; while off, no new message is recorded (stored ones age out). */
  setMessagesEnabled(enabled: boolean): void {
    this.project.messages.enabled = enabled
    this.project.version++
  }

  /** Sets `messages.deleteDaysAfterCreation` (1..90 days) and drops the messages now older than that. */
  setMessageRetention(days: number): void {
    if (!Number.isInteger(days) || days < 1 || days > 90)
      throw new Error(`retention must be 1..90 days: ${days}`)
    this.project.messages.deleteDaysAfterCreation = days
    this.project.version++
    this.purgeExpiredMessages()
  }

  /** Sets `carts.deleteDaysAfterLastModification`, the expiry of carts that do not carry their own. */
  setCartRetention(days: number): void {
    if (!Number.isInteger(days) || days < 1) throw new Error(`cart retention must be at least 1 day: ${days}`)
    this.project.carts.deleteDaysAfterLastModification = days
    this.project.version++
  }

  /** Drops messages older than the retention (`deleteDaysAfterCreation` days before `now`); returns how many. */
  purgeExpiredMessages(now: number = this.clock()): number {
    const cutoff = new Date(now - this.project.messages.deleteDaysAfterCreation * DAY_MS).toISOString()
    return this.table("messages").dropBefore(cutoff)
  }

  /** The messages kept now (retention applied), oldest first. */
  messages(): ReadonlyArray<MessageRecord> {
    this.purgeExpiredMessages()
    return this.byLastModifiedIndex("messages") as ReadonlyArray<MessageRecord>
  }

  /**
   * Deletes a record as the shop would: it leaves every endpoint, and when messages are enabled the API's
   * deletion message is recorded (`DELETION_MESSAGES`: `OrderDeleted`, `StoreDeleted`, `QuoteDeleted`, ...); the
   * types the API deletes silently (carts, payments, categories, channels, zones, ...) go without one. Returns the
   * message, if any.
   * (`remove` deletes without any message: a deletion the log never saw.)
   */
  deleteRecord(type: ResourceType | string, id: string, at?: Timestamp): MessageRecord | undefined {
    const storeType = this.typeOf(type)
    const record = this.get(storeType, id)
    if (record === undefined) throw new Error(`No ${type} with id ${id}`)
    this.remove(storeType, id)
    const message = deletionMessage(storeType, record)
    if (message === undefined) return undefined
    return this.recordMessage(storeType, record, message.type, record.version + 1, message.payload, at)
  }

  /**
   * Unpublishes a product (it leaves the current projection, `staged=false`, and stays in the staged one): bumps
   * its version and records `ProductUnpublished` when messages are enabled.
   */
  unpublishProduct(id: string, at?: Timestamp): MessageRecord | undefined {
    const masterData = this.get("products", id)?.masterData as { published?: boolean } | undefined
    if (masterData?.published !== true) throw new Error(`Product ${id} is not published`)
    const product = this.update(
      "products",
      id,
      (record) => {
        const masterData = record.masterData as Record<string, unknown> | undefined
        record.masterData = { ...masterData, published: false }
      },
      at
    )
    return this.recordMessage("products", product, "ProductUnpublished", product.version, {}, at)
  }

  /**
   * Deletes the carts unchanged for longer than their `deleteDaysAfterLastModification` (else the project's
   * `carts.deleteDaysAfterLastModification`) days before `now`, without any message, as commercetools does.
   * Carts from a quote or a recurring order never expire. Returns the ids deleted.
   */
  expireCarts(now: number = this.clock()): ReadonlyArray<string> {
    const expired: Array<string> = []
    for (const cart of this.byIdIndex("carts")) {
      if (cart.origin === "Quote" || cart.origin === "RecurringOrder") continue
      const days =
        typeof cart.deleteDaysAfterLastModification === "number"
          ? cart.deleteDaysAfterLastModification
          : this.project.carts.deleteDaysAfterLastModification
      if (Date.parse(cart.lastModifiedAt) < now - days * DAY_MS) expired.push(cart.id)
    }
    for (const id of expired) this.remove("carts", id)
    return expired
  }

  /** Records a message about `record` when messages are enabled; the next sequence number of that resource. */
  private recordMessage(
    storeType: Exclude<ResourceType, "messages">,
    record: ResourceRecord,
    type: string,
    resourceVersion: number,
    payload: Readonly<Record<string, unknown>>,
    at?: Timestamp
  ): MessageRecord | undefined {
    if (!this.project.messages.enabled) return undefined
    const previous =
      this.sequences.get(record.id) ??
      (typeof record.lastMessageSequenceNumber === "number" ? record.lastMessageSequenceNumber : 0)
    const sequenceNumber = previous + 1
    this.sequences.set(record.id, sequenceNumber)
    const message = makeMessage({
      id: randomUUID(),
      type,
      storeType,
      record,
      resourceVersion,
      sequenceNumber,
      at: toIso(at ?? this.clock()),
      payload
    })
    this.add("messages", message)
    return message
  }

  private typeOf(type: ResourceType | string): Exclude<ResourceType, "messages"> {
    const resolved = toResourceType(type)
    if (resolved === undefined || resolved === "messages") throw new Error(`Unknown resource type: ${type}`)
    return resolved
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
    const stamp = toIso(at ?? this.clock())
    const record = this.add(type, {
      ...partial,
      id: typeof partial.id === "string" ? partial.id : randomUUID(),
      version: 1,
      createdAt: stamp,
      lastModifiedAt: stamp
    })
    const storeType = toResourceType(type)
    if (storeType !== undefined && storeType !== "messages" && this.project.messages.enabled) {
      const message = creationMessage(storeType, record)
      if (message !== undefined)
        this.recordMessage(storeType, record, message.type, 1, message.payload, stamp)
    }
    return record
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
    next.lastModifiedAt = toIso(at ?? this.clock())
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
