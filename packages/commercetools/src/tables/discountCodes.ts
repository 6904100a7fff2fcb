import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

/** A code customers enter to apply cart discounts (`/discount-codes`). */
export const DiscountCode = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  code: Schema.String,
  name: Schema.optional(LocalizedString),
  description: Schema.optional(LocalizedString),
  isActive: Schema.Boolean,
  cartDiscounts: Schema.Array(Reference),
  cartPredicate: Schema.optional(Schema.String),
  references: Schema.optional(Schema.Array(Reference)),
  maxApplications: Schema.optional(Schema.Int),
  maxApplicationsPerCustomer: Schema.optional(Schema.Int),
  groups: Schema.optional(Schema.Array(Schema.String)),
  validFrom: Schema.optional(Timestamp),
  validUntil: Schema.optional(Timestamp),
  applicationVersion: Schema.optional(Schema.Int),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const discountCodes = ResourceTable.make({
  name: "discount_codes",
  description: "Promotional discount codes",
  path: "discount-codes",
  schema: DiscountCode,
  grain: "year",
  access: ["view_discount_codes", "view_orders"],
  ids: { field: "discountCodes" },
  deletedBy: ["DiscountCodeDeleted"]
})
