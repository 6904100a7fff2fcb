import type { FieldType } from "./Predicate.js"
import type { View } from "./Query.js"
import type { ResourceRecord, ResourceType } from "./Store.js"

/** What the server knows about one queryable endpoint. */
export interface ResourceDef {
  /** Path segment under `/{projectKey}`. */
  readonly path: string
  readonly type: ResourceType
  /** Top-level fields a `where` predicate may name, with the type literals must have. */
  readonly fields: Readonly<Record<string, FieldType>>
  /** Any one of these view scopes (or the matching manage scope, or manage_project) grants read access. */
  readonly scopes: (staged: boolean) => ReadonlyArray<string>
  /** Whether the endpoint takes the `staged` parameter. */
  readonly staged: boolean
  /** How a stored record is served (undefined: as stored). */
  readonly view?: (staged: boolean) => View
}

const common: Record<string, FieldType> = {
  id: "string",
  version: "number",
  key: "string",
  createdAt: "datetime",
  lastModifiedAt: "datetime",
  createdBy: "any",
  lastModifiedBy: "any",
  custom: "any"
}

const anyFields = (...names: ReadonlyArray<string>): Record<string, FieldType> =>
  Object.fromEntries(names.map((name) => [name, "any" as FieldType]))

const cartLike = anyFields(
  "customerId",
  "customerEmail",
  "customerGroup",
  "anonymousId",
  "businessUnit",
  "store",
  "lineItems",
  "customLineItems",
  "totalLineItemQuantity",
  "totalPrice",
  "taxedPrice",
  "taxedShippingPrice",
  "discountOnTotalPrice",
  "taxMode",
  "priceRoundingMode",
  "taxRoundingMode",
  "taxCalculationMode",
  "inventoryMode",
  "billingAddress",
  "shippingAddress",
  "shippingMode",
  "shippingKey",
  "shippingInfo",
  "shippingRateInput",
  "shippingCustomFields",
  "shipping",
  "itemShippingAddresses",
  "discountCodes",
  "directDiscounts",
  "refusedGifts",
  "paymentInfo",
  "country",
  "locale",
  "origin"
)

/** Serves a stored product (with `masterData`) as a ProductProjection; a stored projection as it is. */
const productProjection =
  (staged: boolean): View =>
  (record: ResourceRecord) => {
    const masterData = record.masterData as
      | { published?: boolean; hasStagedChanges?: boolean; current?: object; staged?: object }
      | undefined
    if (masterData === undefined || masterData === null) {
      return !staged && record.published === false ? undefined : record
    }
    const published = masterData.published === true
    if (!staged && !published) return undefined
    const { masterData: _, lastVariantId: __, ...rest } = record
    return {
      ...rest,
      ...(staged ? masterData.staged : masterData.current),
      published,
      hasStagedChanges: masterData.hasStagedChanges === true,
      createdAt: record.createdAt,
      lastModifiedAt: record.lastModifiedAt
    }
  }

export const RESOURCES: ReadonlyArray<ResourceDef> = [
  {
    path: "orders",
    type: "orders",
    staged: false,
    scopes: () => ["view_orders"],
    fields: {
      ...common,
      ...cartLike,
      orderNumber: "string",
      purchaseOrderNumber: "string",
      customerId: "string",
      customerEmail: "string",
      orderState: "string",
      shipmentState: "string",
      paymentState: "string",
      completedAt: "datetime",
      lastMessageSequenceNumber: "number",
      ...anyFields("cart", "quote", "recurringOrder", "state", "syncInfo", "returnInfo")
    }
  },
  {
    path: "carts",
    type: "carts",
    staged: false,
    scopes: () => ["view_orders"],
    fields: {
      ...common,
      ...cartLike,
      customerId: "string",
      customerEmail: "string",
      cartState: "string",
      deleteDaysAfterLastModification: "number",
      ...anyFields("frozenAt")
    }
  },
  {
    path: "customers",
    type: "customers",
    staged: false,
    scopes: () => ["view_customers"],
    fields: {
      ...common,
      customerNumber: "string",
      email: "string",
      lowercaseEmail: "string",
      firstName: "string",
      lastName: "string",
      isEmailVerified: "boolean",
      externalId: "string",
      authenticationMode: "string",
      ...anyFields(
        "password",
        "middleName",
        "title",
        "salutation",
        "dateOfBirth",
        "companyName",
        "vatId",
        "addresses",
        "defaultShippingAddressId",
        "shippingAddressIds",
        "defaultBillingAddressId",
        "billingAddressIds",
        "customerGroup",
        "customerGroupAssignments",
        "locale",
        "stores"
      )
    }
  },
  {
    path: "payments",
    type: "payments",
    staged: false,
    scopes: () => ["view_payments"],
    fields: {
      ...common,
      interfaceId: "string",
      ...anyFields(
        "customer",
        "anonymousId",
        "amountPlanned",
        "paymentMethodInfo",
        "paymentStatus",
        "transactions",
        "interfaceInteractions"
      )
    }
  },
  {
    path: "product-projections",
    type: "products",
    staged: true,
    scopes: (staged) => (staged ? ["view_products"] : ["view_products", "view_published_products"]),
    view: productProjection,
    fields: {
      ...common,
      published: "boolean",
      hasStagedChanges: "boolean",
      priceMode: "string",
      ...anyFields(
        "productType",
        "name",
        "description",
        "slug",
        "categories",
        "categoryOrderHints",
        "metaTitle",
        "metaDescription",
        "metaKeywords",
        "searchKeywords",
        "masterVariant",
        "variants",
        "taxCategory",
        "state",
        "reviewRatingStatistics",
        "attributes"
      )
    }
  },
  {
    path: "categories",
    type: "categories",
    staged: false,
    scopes: () => ["view_categories", "view_products"],
    fields: {
      ...common,
      orderHint: "string",
      externalId: "string",
      ...anyFields(
        "name",
        "slug",
        "description",
        "ancestors",
        "parent",
        "metaTitle",
        "metaDescription",
        "metaKeywords",
        "assets"
      )
    }
  },
  {
    path: "discount-codes",
    type: "discount-codes",
    staged: false,
    scopes: () => ["view_discount_codes", "view_orders"],
    fields: {
      ...common,
      code: "string",
      cartPredicate: "string",
      isActive: "boolean",
      maxApplications: "number",
      maxApplicationsPerCustomer: "number",
      applicationVersion: "number",
      validFrom: "datetime",
      validUntil: "datetime",
      ...anyFields("name", "description", "cartDiscounts", "references", "groups")
    }
  },
  {
    path: "inventory",
    type: "inventory",
    staged: false,
    scopes: () => ["view_products"],
    fields: {
      ...common,
      sku: "string",
      quantityOnStock: "number",
      availableQuantity: "number",
      restockableInDays: "number",
      expectedDelivery: "datetime",
      ...anyFields("supplyChannel")
    }
  }
]

export const resourceByPath = (path: string): ResourceDef | undefined =>
  RESOURCES.find((r) => r.path === path)

/** The scope names (without project key) a client's token would need for any read; used as sandbox defaults. */
export const ALL_VIEW_SCOPES: ReadonlyArray<string> = [
  "view_orders",
  "view_customers",
  "view_payments",
  "view_products",
  "view_categories",
  "view_discount_codes"
]

/** True when the granted scopes (bare names) include `view` directly, through its manage scope, or manage_project. */
export const grants = (granted: ReadonlySet<string>, view: string): boolean => {
  if (granted.has(view) || granted.has("manage_project")) return true
  if (view.startsWith("view_")) return granted.has(`manage_${view.slice("view_".length)}`)
  return false
}
