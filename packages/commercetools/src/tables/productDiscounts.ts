import { Schema } from "effect"
import { DiscountValue } from "../schema/DiscountValue.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

/** A discount on the prices of products matching a predicate (`/product-discounts`). */
export const ProductDiscount = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: LocalizedString,
  description: Schema.optional(LocalizedString),
  value: DiscountValue,
  predicate: Schema.String,
  sortOrder: Schema.String,
  isActive: Schema.Boolean,
  references: Schema.Array(Reference),
  validFrom: Schema.optional(Timestamp),
  validUntil: Schema.optional(Timestamp),
  ...auditFields
})

export const productDiscounts = ResourceTable.make({
  name: "product_discounts",
  description: "Product discounts and the products they apply to",
  path: "product-discounts",
  schema: ProductDiscount,
  grain: "year",
  access: ["view_product_discounts", "view_products"],
  ids: { field: "productDiscounts" }
})
