import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { CentPrecisionMoney } from "../schema/Money.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A price for shipping to a zone; `tiers` (by cart value, classification or score) kept whole. */
export const ShippingRate = Schema.Struct({
  price: CentPrecisionMoney,
  freeAbove: Schema.optional(CentPrecisionMoney),
  isMatching: Schema.optional(Schema.Boolean),
  tiers: Schema.Array(Schema.Unknown)
})

/** A way of shipping and what it costs in each zone (`/shipping-methods`). */
export const ShippingMethod = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: Schema.String,
  localizedName: Schema.optional(LocalizedString),
  /** Deprecated by the API in favour of `localizedDescription`, still returned when set. */
  description: Schema.optional(Schema.String),
  localizedDescription: Schema.optional(LocalizedString),
  taxCategory: Reference,
  zoneRates: Schema.Array(Schema.Struct({ zone: Reference, shippingRates: Schema.Array(ShippingRate) })),
  active: Schema.Boolean,
  isDefault: Schema.Boolean,
  predicate: Schema.optional(Schema.String),
  stores: Schema.Array(KeyReference),
  carrier: Schema.optional(Schema.String),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const shippingMethods = ResourceTable.make({
  name: "shipping_methods",
  description: "Shipping methods and their rates per zone",
  path: "shipping-methods",
  schema: ShippingMethod,
  grain: "year",
  access: ["view_shipping_methods", "view_orders"],
  ids: { field: "shippingMethods" }
})
