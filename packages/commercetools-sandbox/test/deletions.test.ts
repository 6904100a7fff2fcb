import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, Store, seedDemoData, startLiveShop, startServer } from "../src/index.js"
import { api, list, token } from "./helpers.js"
import { resources } from "./support/resources.js"

const PROJECT = "deletions-shop"
const END = "2026-10-31T23:59:59.999Z"
const DAY = 86_400_000
const ALL = [
  "view_orders",
  "view_customers",
  "view_payments",
  "view_products",
  "view_categories",
  "view_discount_codes",
  "view_messages",
  "view_project_settings"
]
const clients = [
  { clientId: "all", clientSecret: "all-secret", scopes: ALL },
  { clientId: "tables-only", clientSecret: "tables-secret", scopes: ["view_orders", "view_products"] },
  { clientId: "admin", clientSecret: "admin-secret", scopes: ["manage_project"] }
]

/** The server's clock: pinned to the end of the demo data, moved by tests. */
let now = Date.parse(END)
let store: Store
let server: RunningServer
let full: string
let narrow: string

const graphql = async (accessToken: string, query: string, variables?: Record<string, unknown>) => {
  const res = await fetch(`${server.url}/${PROJECT}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }) })
  })
  return { status: res.status, text: await res.text() }
}

const messagesOfType = async (types: ReadonlyArray<string>) =>
  (
    await list(server, full, "messages", [
      ["where", `type in (${types.map((type) => `"${type}"`).join(", ")})`],
      ["sort", "createdAt asc"],
      ["sort", "id asc"],
      ["limit", "500"],
      ["withTotal", "false"]
    ])
  ).results as unknown as Array<{
    type: string
    resource: { typeId: string; id: string }
    resourceVersion: number
    sequenceNumber: number
    createdAt: string
  }>

beforeAll(async () => {
  store = new Store({ clock: () => now })
  seedDemoData(store, { orders: 800, endDate: END })
  server = await startServer({ projectKey: PROJECT, resources, store, clients })
  full = await token(server, "all", "all-secret")
  narrow = await token(server, "tables-only", "tables-secret")
})
afterAll(async () => {
  await server?.close()
})

describe("GET /{projectKey}", () => {
  it("serves the project's message and cart settings to view_project_settings only", async () => {
    const res = await api(server, full, "")
    expect(res.status).toBe(200)
    const project = (await res.json()) as Record<string, unknown>
    expect(project).toMatchObject({
      key: PROJECT,
      messages: { enabled: true, deleteDaysAfterCreation: 15 },
      carts: { deleteDaysAfterLastModification: 90 }
    })
    expect(Object.keys(project)).toEqual(
      expect.arrayContaining(["version", "name", "createdAt", "countries"])
    )
    const denied = await api(server, narrow, "")
    expect(denied.status).toBe(403)
    expect(await denied.text()).toContain("view_project_settings")
    const admin = await token(server, "admin", "admin-secret")
    expect((await api(server, admin, "")).status).toBe(200)
    expect((await api(server, admin, "messages")).status).toBe(200)
  })
})

describe("GET /{projectKey}/messages", () => {
  it("needs view_messages", async () => {
    const res = await api(server, narrow, "messages")
    expect(res.status).toBe(403)
    expect(await res.text()).toContain("view_messages")
  })

  it("holds the seeded deletion history among other messages, filtered by type", async () => {
    const all = await list(server, full, "messages", [["limit", "500"]])
    const types = new Set(all.results.map((message) => message.type as string))
    expect(types).toContain("OrderCreated")
    expect(types).toContain("OrderDeleted")
    const deletions = await messagesOfType(["OrderDeleted", "CustomerDeleted", "ProductDeleted"])
    expect(deletions.length).toBeGreaterThan(0)
    expect(deletions.length).toBeLessThan(all.count)
    expect(new Set(deletions.map((message) => message.type)).size).toBeGreaterThan(1)
    for (const message of deletions)
      expect(
        store.get(message.resource.typeId === "order" ? "orders" : "customers", message.resource.id)
      ).toBeUndefined()
  })

  it("takes predicates on the resource reference", async () => {
    const page = await list(server, full, "messages", [
      ["where", `resource(typeId = "order") and type = "OrderDeleted"`],
      ["limit", "500"]
    ])
    expect(page.count).toBeGreaterThan(0)
    for (const message of page.results) expect(message.resource).toMatchObject({ typeId: "order" })
  })

  it("caps limit at 500", async () => {
    expect((await api(server, full, "messages", [["limit", "501"]])).status).toBe(400)
  })

  it("records deletions of orders, customers, products, discount codes and inventory; none for carts, payments, categories", async () => {
    now += 1000
    const pick = (type: string) => store.byIdIndex(type)[3]!
    const order = pick("orders")
    const deleted = ["orders", "customers", "products", "discount-codes", "inventory"].map((type) => ({
      type,
      record: pick(type)
    }))
    const silent = ["carts", "payments", "categories"].map((type) => pick(type).id)
    for (const { type, record } of deleted) store.deleteRecord(type, record.id)
    store.deleteRecord("carts", silent[0]!)
    store.deleteRecord("payments", silent[1]!)
    store.deleteRecord("categories", silent[2]!)

    const recent = await messagesOfType([
      "OrderDeleted",
      "CustomerDeleted",
      "ProductDeleted",
      "DiscountCodeDeleted",
      "InventoryEntryDeleted"
    ])
    const ids = new Set(recent.map((message) => message.resource.id))
    for (const { record } of deleted) expect(ids.has(record.id)).toBe(true)
    for (const id of silent) expect(ids.has(id)).toBe(false)
    const orderDeleted = recent.find((message) => message.resource.id === order.id)
    expect(orderDeleted).toMatchObject({
      type: "OrderDeleted",
      resource: { typeId: "order" },
      resourceVersion: order.version + 1
    })
    expect(store.get("orders", order.id)).toBeUndefined()
    expect((await api(server, full, `orders/${order.id}`)).status).toBe(404)
  })

  it("unpublishing a product takes it out of the current projection and records ProductUnpublished", async () => {
    const product = store
      .byIdIndex("products")
      .find((record) => (record.masterData as { published: boolean }).published)!
    store.unpublishProduct(product.id)
    const current = await list(server, full, "product-projections", [["where", `id = "${product.id}"`]])
    expect(current.count).toBe(0)
    const staged = await list(server, full, "product-projections", [
      ["where", `id = "${product.id}"`],
      ["staged", "true"]
    ])
    expect(staged.count).toBe(1)
    const unpublished = await messagesOfType(["ProductUnpublished"])
    expect(unpublished.map((message) => message.resource.id)).toContain(product.id)
  })

  it("keeps messages only deleteDaysAfterCreation days", async () => {
    const before = (await list(server, full, "messages", [["limit", "0"]])).total ?? 0
    expect(before).toBeGreaterThan(0)
    now += 16 * DAY
    const after = await list(server, full, "messages", [["limit", "500"]])
    expect(after.total).toBe(0)
    const order = store.byIdIndex("orders")[7]!
    store.deleteRecord("orders", order.id)
    now += 3 * DAY
    store.setMessageRetention(2)
    expect((await list(server, full, "messages", [["limit", "0"]])).total).toBe(0)
    const project = (await (await api(server, full, "")).json()) as {
      messages: { deleteDaysAfterCreation: number }
    }
    expect(project.messages.deleteDaysAfterCreation).toBe(2)
  })

  it("records nothing while messages are switched off", async () => {
    store.setMessagesEnabled(false)
    const order = store.byIdIndex("orders")[9]!
    expect(store.deleteRecord("orders", order.id)).toBeUndefined()
    store.create("orders", { orderNumber: "OFF-1" })
    expect((await list(server, full, "messages", [["limit", "0"]])).total).toBe(0)
    const project = (await (await api(server, full, "")).json()) as { messages: { enabled: boolean } }
    expect(project.messages.enabled).toBe(false)
    store.setMessagesEnabled(true)
    store.create("orders", { orderNumber: "ON-1" })
    expect(await messagesOfType(["OrderCreated"])).toHaveLength(1)
  })
})

describe("cart expiry", () => {
  it("deletes carts unchanged for longer than their retention, without a message", async () => {
    const cart = store.byIdIndex("carts")[0]!
    store.update("carts", cart.id, () => {}, now - 91 * DAY)
    const fresh = store.byIdIndex("carts")[1]!
    store.update("carts", fresh.id, () => {}, now - DAY)
    const messagesBefore = store.messages().length
    const expired = store.expireCarts()
    expect(expired).toContain(cart.id)
    expect(expired).not.toContain(fresh.id)
    expect(store.get("carts", cart.id)).toBeUndefined()
    expect(store.messages().length).toBe(messagesBefore)
  })
})

describe("POST /{projectKey}/graphql", () => {
  it("lists ids only, under 300 bytes per id", async () => {
    const query = `query Ids($where: String) { carts(limit: 500, sort: ["id asc"], where: $where) { results { id } } }`
    const { status, text } = await graphql(full, query, { where: `id > "0"` })
    expect(status).toBe(200)
    const body = JSON.parse(text) as { data: { carts: { results: Array<Record<string, unknown>> } } }
    const results = body.data.carts.results
    expect(results.length).toBeGreaterThan(100)
    for (const result of results) expect(Object.keys(result)).toEqual(["id"])
    const ids = results.map((result) => result.id as string)
    expect(ids).toEqual([...ids].sort())
    expect(ids.every((id) => id > "0")).toBe(true)
    expect(text.length / results.length).toBeLessThan(300)
  })

  it("serves every table's list query with its scope", async () => {
    const fields = [
      "orders",
      "customers",
      "payments",
      "carts",
      "categories",
      "discountCodes",
      "inventoryEntries",
      "products"
    ]
    const { text } = await graphql(
      full,
      `{ ${fields.map((field) => `${field}(limit: 2) { count results { id version } }`).join(" ")} }`
    )
    const body = JSON.parse(text) as { data: Record<string, { count: number }>; errors?: unknown }
    expect(body.errors).toBeUndefined()
    for (const field of fields) expect(body.data[field]?.count, field).toBe(2)
    const denied = JSON.parse((await graphql(narrow, "{ customers { results { id } } }")).text) as {
      errors: Array<{ message: string; extensions: { code: string } }>
    }
    expect(denied.errors[0]?.extensions.code).toBe("insufficient_scope")
    expect(denied.errors[0]?.message).toContain("view_customers")
  })

  it("rejects what the public schema rejects", async () => {
    const rejected = async (query: string) => {
      const { status, text } = await graphql(full, query)
      expect(status).toBe(200)
      const body = JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string }> }
      expect(body.errors?.length, query).toBeGreaterThan(0)
      return body.errors?.[0]?.message ?? ""
    }
    expect(await rejected("{ carts { results { nope } } }")).toContain("nope")
    expect(await rejected("{ carts(first: 10) { results { id } } }")).toContain("first")
    expect(await rejected(`{ carts(limit: "ten") { results { id } } }`)).toContain("Int")
    expect(await rejected(`{ carts(sort: "id asc", where: 5) { results { id } } }`)).toContain("String")
    expect(await rejected("{ carts { results { id } }")).toContain("Syntax Error")
    expect(await rejected("{ carts(limit: 501) { results { id } } }")).toContain("limit")
    expect(await rejected(`{ carts(where: "nope = 1") { results { id } } }`)).toContain("nope")
    const bad = await fetch(`${server.url}/${PROJECT}/graphql`, {
      method: "POST",
      headers: { authorization: `Bearer ${full}` },
      body: "not json"
    })
    expect(bad.status).toBe(400)
  })
})

describe("the live shop", () => {
  it("creates, changes and deletes records while a client reads", async () => {
    const live = startLiveShop(server, { every: 1, deletes: true, seed: 3 })
    try {
      for (let i = 0; i < 3; i++) await list(server, full, "orders", [["limit", "1"]])
    } finally {
      live.stop()
    }
    expect(live.activity.created).toBe(6)
    const deletedOrders = live.activity.deleted.orders ?? []
    expect(deletedOrders).toHaveLength(3)
    for (const id of deletedOrders) expect(store.get("orders", id)).toBeUndefined()
    const messages = await messagesOfType([
      "OrderDeleted",
      "DiscountCodeDeleted",
      "InventoryEntryDeleted",
      "ProductUnpublished"
    ])
    const announced = new Set(messages.map((message) => message.resource.id))
    for (const id of deletedOrders) expect(announced.has(id)).toBe(true)
    for (const id of live.activity.deleted.payments ?? []) expect(announced.has(id)).toBe(false)
  })
})
