import { existsSync, readFileSync } from "node:fs"
import { type DefinitionNode, type FieldDefinitionNode, parse, print } from "graphql"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, SDL, Store, seedDemoData, startServer } from "../src/index.js"
import { keysetRead, list, token } from "./helpers.js"
import { resources, shopResources } from "./support/resources.js"

const PROJECT = "whole-shop"
const END = "2026-10-31T23:59:59.999Z"
const declared = [...resources, ...shopResources]
const everyScope = [
  ...new Set(declared.map((resource) => resource.access[0] as string)),
  "view_project_settings"
]
/** The GraphQL list query of each table (schema.sdl's `Query` fields). */
const FIELDS: Record<string, string> = {
  orders: "orders",
  customers: "customers",
  payments: "payments",
  carts: "carts",
  product_projections: "products",
  categories: "categories",
  discount_codes: "discountCodes",
  inventory: "inventoryEntries",
  stores: "stores",
  channels: "channels",
  customer_groups: "customerGroups",
  states: "states",
  product_types: "productTypes",
  products: "products",
  standalone_prices: "standalonePrices",
  shopping_lists: "shoppingLists",
  tax_categories: "taxCategories",
  shipping_methods: "shippingMethods",
  zones: "zones",
  cart_discounts: "cartDiscounts",
  product_discounts: "productDiscounts",
  types: "typeDefinitions",
  quotes: "quotes",
  business_units: "businessUnits",
  messages: "messages"
}

let store: Store
let server: RunningServer
let full: string

const graphql = async (accessToken: string, query: string, variables?: Record<string, unknown>) => {
  const res = await fetch(`${server.url}/${PROJECT}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
    body: JSON.stringify({ query, ...(variables === undefined ? {} : { variables }) })
  })
  return (await res.json()) as {
    data?: Record<string, { results: Array<{ id: string }> }>
    errors?: Array<{ message: string; extensions?: { code?: string } }>
  }
}

/** Every id of a GraphQL list query, key-set by id as a reconciliation reads it. */
const listIds = async (accessToken: string, field: string, where?: string): Promise<Array<string>> => {
  const ids: Array<string> = []
  for (;;) {
    const last = ids[ids.length - 1]
    const clauses = [
      ...(where === undefined ? [] : [where]),
      ...(last === undefined ? [] : [`id > "${last}"`])
    ]
    const answer = await graphql(
      accessToken,
      `query Ids($where: String) { page: ${field}(where: $where, sort: ["id asc"], limit: 500) { results { id } } }`,
      clauses.length === 0 ? {} : { where: clauses.join(" and ") }
    )
    if (answer.errors !== undefined) throw new Error(JSON.stringify(answer.errors))
    const page = answer.data?.page?.results ?? []
    ids.push(...page.map((record) => record.id))
    if (page.length < 500) return ids
  }
}

beforeAll(async () => {
  store = new Store({ clock: () => Date.parse(END) })
  seedDemoData(store, { orders: 800, endDate: END })
  server = await startServer({
    projectKey: PROJECT,
    resources: declared,
    store,
    clients: [
      { clientId: "all", clientSecret: "all-secret", scopes: everyScope },
      { clientId: "eight", clientSecret: "eight-secret", scopes: ["view_orders", "view_customers"] }
    ]
  })
  full = await token(server, "all", "all-secret")
}, 60_000)

afterAll(async () => {
  await server?.close()
})

describe("the whole shop", () => {
  it("serves every declared table, all 25, on REST by key-set with the records it stores", async () => {
    expect(new Set(server.resources.map((resource) => resource.table))).toEqual(
      new Set(declared.map((resource) => resource.table))
    )
    for (const resource of declared) {
      const read = await keysetRead(server, full, resource.path, 200)
      const served = server.served(resource.table)
      expect(served.length, resource.table).toBeGreaterThan(0)
      expect(read.map((record) => `${record.id}@${String(record.version)}`).sort(), resource.table).toEqual(
        served.map((record) => `${record.id}@${record.version}`).sort()
      )
    }
  }, 60_000)

  it("lists every table's ids through GraphQL, equal to the REST records", async () => {
    for (const resource of declared) {
      const field = FIELDS[resource.table] as string
      const where = resource.table === "product_projections" ? "masterData(published = true)" : undefined
      const ids = await listIds(full, field, where)
      expect(ids.sort(), resource.table).toEqual(
        server
          .served(resource.table)
          .map((record) => record.id)
          .sort()
      )
    }
  }, 60_000)

  it("serves /products with current and staged data, and filters new tables on their own fields", async () => {
    const products = await list(server, full, "products", [["limit", "500"]])
    const staged = products.results.find(
      (product) => (product.masterData as { hasStagedChanges: boolean }).hasStagedChanges
    )
    expect(staged).toBeDefined()
    expect(staged).not.toHaveProperty("lastVariantId")
    const data = staged?.masterData as { current: { name: object }; staged: { name: object } }
    expect(data.staged.name).not.toEqual(data.current.name)
    const accepted = await list(server, full, "quotes", [
      ["where", 'quoteState = "Accepted"'],
      ["limit", "500"]
    ])
    expect(accepted.results.length).toBeGreaterThan(0)
    for (const quote of accepted.results) expect(quote.quoteState).toBe("Accepted")
    const pending = await list(server, full, "states", [["where", 'type = "OrderState" and initial = true']])
    expect(pending.results.map((state) => state.key)).toEqual(["order-received"])
  })

  it("refuses a new table without its scope, on REST and GraphQL", async () => {
    const eight = await token(server, "eight", "eight-secret")
    const res = await fetch(`${server.url}/${PROJECT}/stores`, {
      headers: { authorization: `Bearer ${eight}` }
    })
    expect(res.status).toBe(403)
    const answer = await graphql(eight, "{ stores { results { id } } }")
    expect(answer.errors?.[0]?.extensions?.code).toBe("insufficient_scope")
  })

  it("sends the API's deletion message for the new tables that have one, and none for the others", () => {
    const deleted = (type: string) => {
      const record = store.all(type)[0]
      if (record === undefined) throw new Error(`no ${type}`)
      return store.deleteRecord(type, record.id)?.type
    }
    expect(deleted("stores")).toBe("StoreDeleted")
    expect(deleted("standalone-prices")).toBe("StandalonePriceDeleted")
    expect(deleted("cart-discounts")).toBe("CartDiscountDeleted")
    expect(deleted("quotes")).toBe("QuoteDeleted")
    expect(deleted("business-units")).toBe("BusinessUnitDeleted")
    for (const type of ["channels", "customer-groups", "zones", "tax-categories", "types", "shopping-lists"])
      expect(deleted(type), type).toBeUndefined()
  })

  // The API reference is unpacked beside the repository, not in it.
  const SCHEMA = process.env.CTP_API_SPECS ?? "/work/ref/api-specs/graphql/schema.sdl"
  it.skipIf(!existsSync(SCHEMA))(
    "declares each GraphQL type and query exactly as the public schema does",
    () => {
      const definitions = (text: string) =>
        new Map(
          parse(text).definitions.flatMap((definition: DefinitionNode) =>
            "name" in definition && definition.name !== undefined && "fields" in definition
              ? [
                  [
                    definition.name.value,
                    (definition.fields ?? []) as ReadonlyArray<FieldDefinitionNode>
                  ] as const
                ]
              : []
          )
        )
      const reference = definitions(readFileSync(SCHEMA, "utf8"))
      for (const [name, fields] of definitions(SDL)) {
        const declared = new Map((reference.get(name) ?? []).map((field) => [field.name.value, field]))
        for (const field of fields) {
          const original = declared.get(field.name.value)
          expect(original, `${name}.${field.name.value}`).toBeDefined()
          expect(print(field.type), `${name}.${field.name.value}`).toBe(print(original?.type ?? field.type))
          const args = (node: FieldDefinitionNode | undefined) =>
            (node?.arguments ?? []).map((arg) =>
              [arg.name.value, print(arg.type), arg.defaultValue ? print(arg.defaultValue) : ""].join(" ")
            )
          expect(args(field), `${name}.${field.name.value}`).toEqual(args(original))
        }
      }
    }
  )
})
