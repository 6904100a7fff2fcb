import {
  buildSchema,
  execute,
  type FieldNode,
  GraphQLError,
  type GraphQLResolveInfo,
  parse,
  validate
} from "graphql"
import { ApiError, errorBody } from "./Errors.js"
import { parseQuery, runQuery } from "./Query.js"
import { grants, type ResourceDef } from "./Resources.js"
import type { ResourceRecord, Store } from "./Store.js"

/**
 * The part of the public GraphQL schema (api-specs/graphql/schema.sdl) the sandbox serves: the list queries of
 * the sync's tables, their arguments and result types, and the scalar fields of each resource, every
 * declaration copied as the schema declares it (descriptions, interfaces and directives left out). A query
 * the real API rejects (unknown field or argument, wrong type) is rejected here by the same validation.
 */
export const SDL = `
scalar Long

scalar DateTime

scalar Country

scalar Locale

type Query {
  orders(where: String, sort: [String!], limit: Int, offset: Int): OrderQueryResult!
  customers(where: String, sort: [String!], limit: Int, offset: Int): CustomerQueryResult!
  payments(where: String, sort: [String!], limit: Int, offset: Int): PaymentQueryResult!
  carts(where: String, sort: [String!], limit: Int, offset: Int): CartQueryResult!
  categories(where: String, sort: [String!], limit: Int, offset: Int): CategoryQueryResult!
  discountCodes(where: String, sort: [String!], limit: Int, offset: Int): DiscountCodeQueryResult!
  inventoryEntries(where: String, sort: [String!], limit: Int, offset: Int): InventoryEntryQueryResult!
  products(where: String, sort: [String!], limit: Int, offset: Int, projectExpandedProducts: Boolean = false, localeProjection: [Locale!], skus: [String!]): ProductQueryResult!
  stores(where: String, sort: [String!], limit: Int, offset: Int): StoreQueryResult!
  channels(where: String, sort: [String!], limit: Int, offset: Int): ChannelQueryResult!
  customerGroups(where: String, sort: [String!], limit: Int, offset: Int): CustomerGroupQueryResult!
  states(where: String, sort: [String!], limit: Int, offset: Int): StateQueryResult!
  productTypes(where: String, sort: [String!], limit: Int, offset: Int): ProductTypeDefinitionQueryResult!
  standalonePrices(where: String, sort: [String!], limit: Int, offset: Int): StandalonePriceQueryResult!
  shoppingLists(where: String, sort: [String!], limit: Int, offset: Int): ShoppingListQueryResult!
  taxCategories(where: String, sort: [String!], limit: Int, offset: Int): TaxCategoryQueryResult!
  shippingMethods(where: String, sort: [String!], limit: Int, offset: Int): ShippingMethodQueryResult!
  zones(where: String, sort: [String!], limit: Int, offset: Int): ZoneQueryResult!
  cartDiscounts(where: String, sort: [String!], limit: Int, offset: Int): CartDiscountQueryResult!
  productDiscounts(where: String, sort: [String!], limit: Int, offset: Int): ProductDiscountQueryResult!
  typeDefinitions(where: String, sort: [String!], limit: Int, offset: Int): TypeDefinitionQueryResult!
  quotes(where: String, sort: [String!], limit: Int, offset: Int): QuoteQueryResult!
  businessUnits(where: String, sort: [String!], limit: Int, offset: Int): BusinessUnitQueryResult!
  messages(where: String, sort: [String!], limit: Int, offset: Int): MessageQueryResult!
}

type Order {
  id: String!
  version: Long!
  orderNumber: String
  purchaseOrderNumber: String
  customerId: String
  customerEmail: String
  anonymousId: String
  country: Country
  locale: Locale
  completedAt: DateTime
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Customer {
  id: String!
  version: Long!
  key: String
  customerNumber: String
  email: String!
  externalId: String
  firstName: String
  lastName: String
  isEmailVerified: Boolean!
  locale: Locale
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Payment {
  id: String!
  version: Long!
  key: String
  interfaceId: String
  anonymousId: String
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Cart {
  id: String!
  version: Long!
  key: String
  customerId: String
  customerEmail: String
  anonymousId: String
  country: Country
  locale: Locale
  deleteDaysAfterLastModification: Int
  totalLineItemQuantity: Long
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Category {
  id: String!
  version: Long!
  key: String
  orderHint: String!
  externalId: String
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type DiscountCode {
  id: String!
  version: Long!
  key: String
  code: String!
  isActive: Boolean!
  cartPredicate: String
  maxApplications: Long
  maxApplicationsPerCustomer: Long
  applicationVersion: Long
  groups: [String!]!
  validFrom: DateTime
  validUntil: DateTime
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type InventoryEntry {
  id: String!
  version: Long!
  key: String
  sku: String!
  quantityOnStock: Long!
  availableQuantity: Long!
  restockableInDays: Int
  expectedDelivery: DateTime
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Product {
  id: String!
  version: Long!
  key: String
  skus: [String!]!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Store {
  id: String!
  version: Long!
  key: String!
  languages: [Locale!]
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Channel {
  id: String!
  version: Long!
  key: String!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type CustomerGroup {
  id: String!
  version: Long!
  name: String!
  key: String
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type State {
  id: String!
  version: Long!
  key: String
  builtIn: Boolean!
  initial: Boolean!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type ProductTypeDefinition {
  key: String
  name: String!
  description: String!
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type StandalonePrice {
  id: String!
  version: Long!
  key: String
  sku: String!
  country: Country
  validFrom: DateTime
  validUntil: DateTime
  active: Boolean!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type ShoppingList {
  key: String
  anonymousId: String
  deleteDaysAfterLastModification: Int
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type TaxCategory {
  name: String!
  description: String
  key: String
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type ShippingMethod {
  name: String!
  active: Boolean!
  isDefault: Boolean!
  predicate: String
  key: String
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Zone {
  name: String!
  key: String
  description: String
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type CartDiscount {
  cartPredicate: String!
  isActive: Boolean!
  requiresDiscountCode: Boolean!
  key: String
  validFrom: DateTime
  validUntil: DateTime
  sortOrder: String!
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type ProductDiscount {
  predicate: String!
  isActive: Boolean!
  sortOrder: String!
  key: String
  validFrom: DateTime
  validUntil: DateTime
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type TypeDefinition {
  key: String!
  resourceTypeIds: [String!]!
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Quote {
  country: Country
  key: String
  validTo: DateTime
  sellerComment: String
  buyerComment: String
  purchaseOrderNumber: String
  id: String!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type BusinessUnit {
  id: String!
  key: String!
  name: String!
  contactEmail: String
  defaultShippingAddressId: String
  defaultBillingAddressId: String
  shippingAddressIds: [String!]!
  billingAddressIds: [String!]!
  storeMode: String
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type Message {
  id: String!
  type: String!
  sequenceNumber: Long!
  resourceVersion: Long!
  version: Long!
  createdAt: DateTime!
  lastModifiedAt: DateTime!
}

type StoreQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Store!]!
}

type ChannelQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Channel!]!
}

type CustomerGroupQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [CustomerGroup!]!
}

type StateQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [State!]!
}

type ProductTypeDefinitionQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [ProductTypeDefinition!]!
}

type StandalonePriceQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [StandalonePrice!]!
}

type ShoppingListQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [ShoppingList!]!
}

type TaxCategoryQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [TaxCategory!]!
}

type ShippingMethodQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [ShippingMethod!]!
}

type ZoneQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Zone!]!
}

type CartDiscountQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [CartDiscount!]!
}

type ProductDiscountQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [ProductDiscount!]!
}

type TypeDefinitionQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [TypeDefinition!]!
}

type QuoteQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Quote!]!
}

type BusinessUnitQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [BusinessUnit!]!
}

type MessageQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Message!]!
}

type OrderQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Order!]!
}

type CustomerQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Customer!]!
}

type PaymentQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Payment!]!
}

type CartQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Cart!]!
}

type CategoryQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Category!]!
}

type DiscountCodeQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [DiscountCode!]!
}

type InventoryEntryQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [InventoryEntry!]!
}

type ProductQueryResult {
  offset: Int!
  count: Int!
  total: Long!
  exists: Boolean!
  results: [Product!]!
}
`

const schema = buildSchema(SDL)

interface Context {
  readonly store: Store
  readonly resources: ReadonlyArray<ResourceDef>
  readonly granted: ReadonlySet<string>
}

interface ListArgs {
  readonly where?: string | null
  readonly sort?: ReadonlyArray<string> | null
  readonly limit?: number | null
  readonly offset?: number | null
}

/** Whether the selection of a query result asks for `total` or `exists` (each costs a count). */
const wantsTotal = (info: GraphQLResolveInfo): boolean =>
  info.fieldNodes.some((node: FieldNode) =>
    (node.selectionSet?.selections ?? []).some(
      (selection) =>
        selection.kind !== "Field" || selection.name.value === "total" || selection.name.value === "exists"
    )
  )

/** A product's skus, as the Product type's `skus` field lists them (current data). */
const withSkus = (product: ResourceRecord): ResourceRecord => {
  const current = (
    product.masterData as {
      current?: { masterVariant?: { sku?: string }; variants?: Array<{ sku?: string }> }
    }
  )?.current
  const variants = [current?.masterVariant, ...(current?.variants ?? [])]
  return {
    ...product,
    skus: variants.flatMap((variant) => (typeof variant?.sku === "string" ? [variant.sku] : []))
  }
}

/** A list query resolved by the store's query engine, with the REST endpoint's scope and limits. */
const listResolver = (def: ResourceDef) => (args: ListArgs, context: Context, info: GraphQLResolveInfo) => {
  // GraphQL lists whole Products (staged data too), so only the full scope reads them.
  const needed = def.type === "products" ? def.access.slice(0, 1) : def.scopes(true)
  if (!needed.some((scope) => grants(context.granted, scope))) {
    throw new GraphQLError(
      `Insufficient scope. One of the following scopes is missing: ${needed.join(", ")}.`,
      {
        extensions: { code: "insufficient_scope" }
      }
    )
  }
  const withTotal = wantsTotal(info)
  try {
    const spec = parseQuery(
      {
        where: args.where === undefined || args.where === null ? [] : [args.where],
        sort: args.sort ?? [],
        limit: args.limit === undefined || args.limit === null ? undefined : String(args.limit),
        offset: args.offset === undefined || args.offset === null ? undefined : String(args.offset),
        withTotal: String(withTotal)
      },
      // GraphQL lists Products, not projections: their predicates may name `masterData` (e.g. `published`).
      def.type === "products" ? { ...def.fields, masterData: "any" } : def.fields
    )
    const result = runQuery(context.store, def.type, spec)
    const results =
      def.type === "products" ? (result.results as Array<ResourceRecord>).map(withSkus) : result.results
    return {
      offset: result.offset,
      count: result.count,
      total: result.total,
      exists: (result.total ?? result.count) > 0,
      results
    }
  } catch (error) {
    if (error instanceof ApiError) {
      throw new GraphQLError(error.body.message, {
        extensions: { code: error.body.errors[0]?.code ?? "InvalidInput" }
      })
    }
    throw error
  }
}

/** The Query field of each table the sandbox serves through GraphQL. */
const FIELDS: Readonly<Record<string, string>> = {
  orders: "orders",
  customers: "customers",
  payments: "payments",
  carts: "carts",
  categories: "categories",
  discount_codes: "discountCodes",
  inventory: "inventoryEntries",
  product_projections: "products",
  products: "products",
  stores: "stores",
  channels: "channels",
  customer_groups: "customerGroups",
  states: "states",
  product_types: "productTypes",
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

/**
 * `POST /{projectKey}/graphql`: a JSON body `{query, variables?, operationName?}`; answers 200 with `data` and/or
 * `errors` as GraphQL does, 400 for a body that is not such a request.
 */
export const executeGraphql = async (body: string, context: Context): Promise<string> => {
  let request: { query?: unknown; variables?: unknown; operationName?: unknown }
  try {
    request = JSON.parse(body) as typeof request
  } catch {
    throw new ApiError(400, errorBody(400, "InvalidJsonInput", "Request body does not contain valid JSON."))
  }
  if (request === null || typeof request !== "object" || typeof request.query !== "string") {
    throw new ApiError(400, errorBody(400, "InvalidInput", "A GraphQL request needs a 'query' string."))
  }
  let document: ReturnType<typeof parse>
  try {
    document = parse(request.query)
  } catch (error) {
    if (error instanceof GraphQLError) return JSON.stringify({ errors: [error.toJSON()] })
    throw error
  }
  const invalid = validate(schema, document)
  if (invalid.length > 0) return JSON.stringify({ errors: invalid.map((error) => error.toJSON()) })
  const rootValue: Record<string, unknown> = {}
  for (const def of context.resources) {
    const field = FIELDS[def.table]
    // `products` lists Products: the products table's kind when declared, else the projections' store.
    if (field !== undefined && (rootValue[field] === undefined || def.table === "products"))
      rootValue[field] = listResolver(def)
  }
  const result = await execute({
    schema,
    document,
    rootValue,
    contextValue: context,
    variableValues:
      request.variables !== null && typeof request.variables === "object"
        ? (request.variables as Record<string, unknown>)
        : undefined,
    operationName: typeof request.operationName === "string" ? request.operationName : undefined
  })
  return JSON.stringify(result)
}
