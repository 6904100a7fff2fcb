import type { FieldType } from "./Predicate.js"
import type { View } from "./Query.js"
import type { ResourceRecord, ResourceType } from "./Store.js"

/**
 * What the caller declares for each table the sandbox serves: the source's own declaration (a commercetools
 * table's `endpoint`), so paths and scopes are written once, in the source.
 */
export interface ResourceDeclaration {
  /** The table name (`orders`, `product_projections`, ...): picks how the sandbox stores and serves it. */
  readonly table: string
  /** Path segment under `/{projectKey}`. */
  readonly path: string
  /** Scopes that grant read access; any one suffices (or its manage scope, or manage_project). */
  readonly access: ReadonlyArray<string>
}

/** How the sandbox stores and serves one kind of resource: API facts the source does not declare. */
export interface ResourceKind {
  readonly type: ResourceType
  /** Top-level fields a `where` predicate may name, with the type literals must have. */
  readonly fields: Readonly<Record<string, FieldType>>
  /** Whether the endpoint takes the `staged` parameter (staged data needs the first, full scope). */
  readonly staged: boolean
  /** How a stored record is served (undefined: as stored). */
  readonly view?: (staged: boolean) => View
}

/** What the server knows about one queryable endpoint: the caller's declaration and the sandbox's kind. */
export interface ResourceDef extends ResourceDeclaration, ResourceKind {
  /** Any one of these view scopes (or the matching manage scope, or manage_project) grants read access. */
  readonly scopes: (staged: boolean) => ReadonlyArray<string>
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

/** The kinds the sandbox can serve, by table name. */
const KINDS: Readonly<Record<string, ResourceKind>> = {
  orders: {
    type: "orders",
    staged: false,
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
  carts: {
    type: "carts",
    staged: false,
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
  customers: {
    type: "customers",
    staged: false,
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
  payments: {
    type: "payments",
    staged: false,
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
  product_projections: {
    type: "products",
    staged: true,
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
  categories: {
    type: "categories",
    staged: false,
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
  discount_codes: {
    type: "discount-codes",
    staged: false,
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
  inventory: {
    type: "inventory",
    staged: false,
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
}

/** A kind served as stored, with a plain `where` vocabulary: common fields, typed ones, and any others. */
const plain = (
  type: ResourceType,
  typed: Readonly<Record<string, FieldType>>,
  ...others: ReadonlyArray<string>
): ResourceKind => ({ type, staged: false, fields: { ...common, ...typed, ...anyFields(...others) } })

/** Serves a stored product as a Product (`/products`): current and staged data in `masterData`. */
const productView = (): View => (record: ResourceRecord) => {
  const { lastVariantId: _, ...product } = record
  return product
}

/** The rest of the shop: each kind's `where` fields as its API type (api/types/<resource>/*.raml) names them. */
const SHOP_KINDS: Readonly<Record<string, ResourceKind>> = {
  stores: plain(
    "stores",
    {},
    "name",
    "languages",
    "countries",
    "distributionChannels",
    "supplyChannels",
    "productSelections"
  ),
  channels: plain(
    "channels",
    {},
    "roles",
    "name",
    "description",
    "address",
    "reviewRatingStatistics",
    "geoLocation"
  ),
  customer_groups: plain("customer-groups", { name: "string" }),
  states: plain(
    "states",
    { type: "string", initial: "boolean", builtIn: "boolean" },
    "name",
    "description",
    "roles",
    "transitions"
  ),
  product_types: plain("product-types", { name: "string", description: "string" }, "attributes"),
  products: {
    type: "products",
    staged: false,
    view: productView,
    fields: {
      ...common,
      priceMode: "string",
      ...anyFields("productType", "masterData", "taxCategory", "state", "reviewRatingStatistics")
    }
  },
  standalone_prices: plain(
    "standalone-prices",
    { sku: "string", country: "string", active: "boolean", validFrom: "datetime", validUntil: "datetime" },
    "value",
    "customerGroup",
    "channel",
    "tiers",
    "discounted",
    "staged",
    "expiresAt"
  ),
  shopping_lists: plain(
    "shopping-lists",
    { anonymousId: "string", deleteDaysAfterLastModification: "number" },
    "name",
    "slug",
    "description",
    "customer",
    "store",
    "businessUnit",
    "lineItems",
    "textLineItems"
  ),
  tax_categories: plain("tax-categories", { name: "string", description: "string" }, "rates"),
  shipping_methods: plain(
    "shipping-methods",
    { name: "string", active: "boolean", isDefault: "boolean", predicate: "string" },
    "localizedName",
    "description",
    "localizedDescription",
    "taxCategory",
    "zoneRates",
    "stores"
  ),
  zones: plain("zones", { name: "string", description: "string" }, "locations"),
  cart_discounts: plain(
    "cart-discounts",
    {
      cartPredicate: "string",
      sortOrder: "string",
      isActive: "boolean",
      requiresDiscountCode: "boolean",
      stackingMode: "string",
      validFrom: "datetime",
      validUntil: "datetime"
    },
    "name",
    "description",
    "value",
    "target",
    "stores",
    "references",
    "recurringOrderScope"
  ),
  product_discounts: plain(
    "product-discounts",
    {
      predicate: "string",
      sortOrder: "string",
      isActive: "boolean",
      validFrom: "datetime",
      validUntil: "datetime"
    },
    "name",
    "description",
    "value",
    "references"
  ),
  types: plain("types", {}, "name", "description", "resourceTypeIds", "fieldDefinitions"),
  quotes: plain(
    "quotes",
    {
      quoteState: "string",
      validTo: "datetime",
      sellerComment: "string",
      buyerComment: "string",
      purchaseOrderNumber: "string",
      country: "string"
    },
    "quoteRequest",
    "stagedQuote",
    "customer",
    "customerGroup",
    "store",
    "businessUnit",
    "lineItems",
    "customLineItems",
    "totalPrice",
    "taxedPrice",
    "state"
  ),
  business_units: plain(
    "business-units",
    {
      unitType: "string",
      name: "string",
      status: "string",
      contactEmail: "string",
      storeMode: "string",
      associateMode: "string",
      approvalRuleMode: "string"
    },
    "stores",
    "inheritedStores",
    "addresses",
    "shippingAddressIds",
    "defaultShippingAddressId",
    "billingAddressIds",
    "defaultBillingAddressId",
    "associates",
    "inheritedAssociates",
    "parentUnit",
    "topLevelUnit"
  )
}

/** `GET /{projectKey}/messages`: an endpoint of the API itself, not a table of the source. */
export const MESSAGES: ResourceDef = {
  table: "messages",
  path: "messages",
  access: ["view_messages"],
  type: "messages",
  staged: false,
  scopes: () => ["view_messages"],
  fields: {
    ...common,
    sequenceNumber: "number",
    resourceVersion: "number",
    type: "string",
    ...anyFields(
      "resource",
      "resourceUserProvidedIdentifiers",
      "order",
      "customer",
      "payment",
      "category",
      "discountCode",
      "inventoryEntry",
      "productProjection",
      "currentProjection",
      "removedImageUrls",
      "email",
      "sku",
      "supplyChannel"
    )
  }
}

/** `messages` as a table: the Messages API, served from the store's message log. */
const MESSAGES_KIND: ResourceKind = { type: "messages", staged: false, fields: MESSAGES.fields }

/** `GET /{projectKey}`: the Project resource's scope. */
export const PROJECT_SCOPES: ReadonlyArray<string> = ["view_project_settings"]

/** The sandbox's endpoints for the caller's declarations; a table the sandbox has no kind for is not served. */
export const resolveResources = (
  declarations: ReadonlyArray<ResourceDeclaration>
): ReadonlyArray<ResourceDef> =>
  declarations.flatMap((declaration) => {
    const kind =
      KINDS[declaration.table] ??
      SHOP_KINDS[declaration.table] ??
      (declaration.table === "messages" ? MESSAGES_KIND : undefined)
    if (kind === undefined) return []
    const full = declaration.access.slice(0, 1)
    return [
      {
        ...declaration,
        ...kind,
        scopes: (staged: boolean) => (staged && kind.staged ? full : declaration.access)
      }
    ]
  })

/** The tables the sandbox can serve (the caller's declarations name a subset). */
export const servableTables: ReadonlyArray<string> = [
  ...Object.keys(KINDS),
  ...Object.keys(SHOP_KINDS),
  "messages"
]

/** The scopes (without project key) a client needs to read every declared table: the first of each. */
export const viewScopes = (declarations: ReadonlyArray<ResourceDeclaration>): ReadonlyArray<string> => [
  ...new Set(declarations.flatMap((declaration) => declaration.access.slice(0, 1)))
]

/** The sandbox client's default scopes: every declared table, the messages and the project settings. */
export const sandboxScopes = (declarations: ReadonlyArray<ResourceDeclaration>): ReadonlyArray<string> => [
  ...viewScopes(declarations),
  ...MESSAGES.access,
  ...PROJECT_SCOPES
]

/** True when the granted scopes (bare names) include `view` directly, through its manage scope, or manage_project. */
export const grants = (granted: ReadonlySet<string>, view: string): boolean => {
  if (granted.has(view) || granted.has("manage_project")) return true
  if (view.startsWith("view_")) return granted.has(`manage_${view.slice("view_".length)}`)
  return false
}
