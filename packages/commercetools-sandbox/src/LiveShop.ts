import { makeRandom } from "./Random.js"
import type { RunningServer } from "./Server.js"
import type { ResourceRecord } from "./Store.js"

export interface LiveShopOptions {
  /** Seed of the choices (default 7): the same requests see the same changes. */
  readonly seed?: number
  /** Act on every n-th list request (default 4). */
  readonly every?: number
  /** Also delete records (with their messages where the API sends one), unpublish products, expire carts. */
  readonly deletes?: boolean
}

export interface LiveShopActivity {
  created: number
  updated: number
  /** Changes stamped a minute in the past (committed late). */
  late: number
  /** Ids deleted, per store type (`products` counts unpublished ones too). */
  readonly deleted: Record<string, Array<string>>
}

/** A new record shaped like an existing one: same fields, no id, key or timestamps (the store assigns them). */
const copyOf = (record: ResourceRecord | undefined): Record<string, unknown> => {
  const {
    id: _id,
    key: _key,
    version: _v,
    createdAt: _c,
    lastModifiedAt: _m,
    ...rest
  } = structuredClone(record ?? ({} as Partial<ResourceRecord>))
  return rest
}

/**
 * A shop in business while a client reads it: every n-th list request creates a customer and an order, changes
 * orders (one committed late), a payment and a cart, and with `deletes` deletes an order, a customer, a discount
 * code and an inventory entry (with messages), a cart, a payment and a category (without), unpublishes a
 * product and expires carts. Returns what it did so far and how to stop it.
 */
export const startLiveShop = (
  server: RunningServer,
  options: LiveShopOptions = {}
): { readonly activity: LiveShopActivity; readonly stop: () => void } => {
  const { store } = server
  const random = makeRandom(options.seed ?? 7)
  const every = options.every ?? 4
  const activity: LiveShopActivity = { created: 0, updated: 0, late: 0, deleted: {} }
  const pick = (type: string): ResourceRecord | undefined => {
    const all = store.byIdIndex(type)
    return all[Math.floor(random.next() * all.length)]
  }
  const deleted = (type: string, id: string): void => {
    const ids = activity.deleted[type] ?? []
    ids.push(id)
    activity.deleted[type] = ids
  }
  let lists = 0
  const stop = server.onRequest((info) => {
    if (info.kind !== "list" || ++lists % every !== 0) return
    const customer = store.create("customers", {
      ...copyOf(pick("customers")),
      email: `live-${lists}@example.com`
    })
    store.create("orders", {
      ...copyOf(pick("orders")),
      orderNumber: `LIVE-${lists}`,
      customerId: customer.id,
      orderState: "Open"
    })
    activity.created += 2
    for (let k = 0; k < 3; k++) {
      const order = pick("orders")
      if (order === undefined) continue
      const late = k === 0
      store.update(
        "orders",
        order.id,
        (record) => {
          record.orderState = "Confirmed"
        },
        late ? store.clock() - 60_000 : undefined
      )
      activity.updated++
      if (late) activity.late++
    }
    for (const type of ["payments", "carts"]) {
      const record = pick(type)
      if (record === undefined) continue
      store.update(type, record.id)
      activity.updated++
    }
    if (options.deletes !== true) return
    for (const type of [
      "orders",
      "customers",
      "discount-codes",
      "inventory",
      "carts",
      "payments",
      "categories"
    ]) {
      const record = pick(type)
      if (record === undefined) continue
      store.deleteRecord(type, record.id)
      deleted(type, record.id)
    }
    const published = store
      .byIdIndex("products")
      .filter((record) => (record.masterData as { published?: boolean } | undefined)?.published === true)
    const product = published[Math.floor(random.next() * published.length)]
    if (product !== undefined) {
      store.unpublishProduct(product.id)
      deleted("products", product.id)
    }
    for (const id of store.expireCarts()) deleted("carts", id)
  })
  return { activity, stop }
}
