import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { TypedMoney } from "../schema/Money.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

/** A price of one SKU kept apart from its product, optionally for a country, customer group or channel (`/standalone-prices`). */
export const StandalonePrice = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  sku: Schema.String,
  value: TypedMoney,
  country: Schema.optional(Schema.String),
  customerGroup: Schema.optional(Reference),
  channel: Schema.optional(Reference),
  validFrom: Schema.optional(Timestamp),
  validUntil: Schema.optional(Timestamp),
  tiers: Schema.optional(Schema.Array(Schema.Struct({ minimumQuantity: Schema.Int, value: TypedMoney }))),
  discounted: Schema.optional(Schema.Unknown),
  /** The price's unpublished change, when there is one. */
  staged: Schema.optional(Schema.Struct({ value: TypedMoney, discounted: Schema.optional(Schema.Unknown) })),
  active: Schema.Boolean,
  recurrencePolicy: Schema.optional(Reference),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const standalonePrices = ResourceTable.make({
  name: "standalone_prices",
  description: "Prices kept apart from their products, per SKU",
  path: "standalone-prices",
  schema: StandalonePrice,
  grain: "year",
  access: ["view_standalone_prices"],
  ids: { field: "standalonePrices" },
  deletedBy: ["StandalonePriceDeleted"]
})
