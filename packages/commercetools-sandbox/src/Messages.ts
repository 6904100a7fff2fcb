import type { ResourceRecord, ResourceType } from "./Store.js"

/**
 * Messages as the API reference declares them (api/types/message/Message.raml and one file per type): common
 * fields, the changed resource, and a payload per type.
 */
export interface MessageRecord extends ResourceRecord {
  readonly sequenceNumber: number
  readonly resource: { readonly typeId: string; readonly id: string }
  readonly resourceVersion: number
  readonly type: string
}

/**
 * The deletion message type of each store type that has one (api/types/message/*DeletedMessage.raml); the others
 * (carts, payments, categories, channels, customer groups, states, ...) are deleted without a message.
 */
export const DELETION_MESSAGES = {
  orders: "OrderDeleted",
  customers: "CustomerDeleted",
  products: "ProductDeleted",
  "discount-codes": "DiscountCodeDeleted",
  inventory: "InventoryEntryDeleted",
  stores: "StoreDeleted",
  "standalone-prices": "StandalonePriceDeleted",
  "cart-discounts": "CartDiscountDeleted",
  quotes: "QuoteDeleted",
  "business-units": "BusinessUnitDeleted"
} as const satisfies Partial<Record<ResourceType, string>>

/** The reference `typeId` of each store type. */
export const TYPE_IDS: Readonly<Record<Exclude<ResourceType, "messages">, string>> = {
  orders: "order",
  customers: "customer",
  payments: "payment",
  carts: "cart",
  products: "product",
  categories: "category",
  "discount-codes": "discount-code",
  inventory: "inventory-entry",
  stores: "store",
  channels: "channel",
  "customer-groups": "customer-group",
  states: "state",
  "product-types": "product-type",
  "standalone-prices": "standalone-price",
  "shopping-lists": "shopping-list",
  "tax-categories": "tax-category",
  "shipping-methods": "shipping-method",
  zones: "zone",
  "cart-discounts": "cart-discount",
  "product-discounts": "product-discount",
  types: "type",
  quotes: "quote",
  "business-units": "business-unit"
}

/** A message per created record (the noise a deletion reader filters out by `type`), and its payload field. */
const CREATED: Partial<Record<ResourceType, readonly [type: string, field: string]>> = {
  orders: ["OrderCreated", "order"],
  customers: ["CustomerCreated", "customer"],
  payments: ["PaymentCreated", "payment"],
  categories: ["CategoryCreated", "category"],
  "discount-codes": ["DiscountCodeCreated", "discountCode"],
  inventory: ["InventoryEntryCreated", "inventoryEntry"],
  products: ["ProductCreated", "productProjection"]
}

const WHO = { isPlatformClient: false, clientId: "storefront-client" }

/** `resourceUserProvidedIdentifiers`: the identifiers a user gave the resource (UserProvidedIdentifiers). */
const identifiers = (record: ResourceRecord): Record<string, unknown> | undefined => {
  const found: Record<string, unknown> = {}
  for (const field of ["key", "externalId", "orderNumber", "customerNumber", "sku"]) {
    if (typeof record[field] === "string") found[field] = record[field]
  }
  return Object.keys(found).length === 0 ? undefined : found
}

export interface MessageInput {
  readonly id: string
  readonly type: string
  readonly storeType: Exclude<ResourceType, "messages">
  readonly record: ResourceRecord
  readonly resourceVersion: number
  readonly sequenceNumber: number
  readonly at: string
  readonly payload?: Readonly<Record<string, unknown>>
}

/** Builds one message about `record`. */
export const makeMessage = (input: MessageInput): MessageRecord => {
  const provided = identifiers(input.record)
  return {
    id: input.id,
    version: 1,
    sequenceNumber: input.sequenceNumber,
    resource: { typeId: TYPE_IDS[input.storeType], id: input.record.id },
    resourceVersion: input.resourceVersion,
    ...(provided === undefined ? {} : { resourceUserProvidedIdentifiers: provided }),
    type: input.type,
    ...input.payload,
    createdAt: input.at,
    lastModifiedAt: input.at,
    createdBy: WHO,
    lastModifiedBy: WHO
  }
}

/** The product as its current projection shows it (undefined while unpublished). */
const currentProjection = (product: ResourceRecord): Record<string, unknown> | undefined => {
  const masterData = product.masterData as { published?: boolean; current?: object } | undefined
  if (masterData?.published !== true) return undefined
  const { masterData: _, lastVariantId: __, ...rest } = product
  return { ...rest, ...masterData.current, published: true }
}

/** The type and payload of the message that announces a deletion; undefined where the API sends none. */
export const deletionMessage = (
  storeType: ResourceType,
  record: ResourceRecord
): { readonly type: string; readonly payload: Record<string, unknown> } | undefined => {
  switch (storeType) {
    case "orders":
      return { type: DELETION_MESSAGES.orders, payload: { order: record } }
    case "customers":
      return {
        type: DELETION_MESSAGES.customers,
        payload: typeof record.email === "string" ? { email: record.email } : {}
      }
    case "products": {
      const projection = currentProjection(record)
      return {
        type: DELETION_MESSAGES.products,
        payload: {
          removedImageUrls: [],
          ...(projection === undefined ? {} : { currentProjection: projection })
        }
      }
    }
    case "discount-codes":
      return { type: DELETION_MESSAGES["discount-codes"], payload: {} }
    case "inventory":
      return {
        type: DELETION_MESSAGES.inventory,
        payload: {
          sku: record.sku,
          ...(record.supplyChannel === undefined ? {} : { supplyChannel: record.supplyChannel })
        }
      }
    case "standalone-prices":
      return { type: DELETION_MESSAGES["standalone-prices"], payload: { sku: record.sku } }
    case "stores":
    case "cart-discounts":
    case "quotes":
    case "business-units":
      return { type: DELETION_MESSAGES[storeType], payload: {} }
    default:
      return undefined
  }
}

/** The type and payload of the message that announces a new record; undefined where the API sends none. */
export const creationMessage = (
  storeType: ResourceType,
  record: ResourceRecord
): { readonly type: string; readonly payload: Record<string, unknown> } | undefined => {
  const created = CREATED[storeType]
  if (created === undefined) return undefined
  const [type, field] = created
  const snapshot = storeType === "products" ? (currentProjection(record) ?? structuredClone(record)) : record
  // A snapshot: the store changes records in place, a message keeps the state it announced.
  return { type, payload: { [field]: structuredClone(snapshot) } }
}
