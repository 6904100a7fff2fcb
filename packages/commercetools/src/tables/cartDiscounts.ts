import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { DiscountValue } from "../schema/DiscountValue.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

/** A discount on carts matching a predicate, automatic or behind a discount code (`/cart-discounts`). */
export const CartDiscount = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: LocalizedString,
  description: Schema.optional(LocalizedString),
  value: DiscountValue,
  cartPredicate: Schema.String,
  /** What the discount applies to (`lineItems`, `shipping`, `totalPrice`, …) and its predicate, kept whole. */
  target: Schema.optional(Schema.Struct({ type: Schema.String })),
  sortOrder: Schema.String,
  stores: Schema.Array(KeyReference),
  isActive: Schema.Boolean,
  validFrom: Schema.optional(Timestamp),
  validUntil: Schema.optional(Timestamp),
  requiresDiscountCode: Schema.Boolean,
  references: Schema.Array(Reference),
  stackingMode: Schema.String,
  discountGroup: Schema.optional(Reference),
  recurringOrderScope: Schema.Struct({ type: Schema.String }),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const cartDiscounts = ResourceTable.make({
  name: "cart_discounts",
  description: "Cart discounts and the carts they apply to",
  path: "cart-discounts",
  schema: CartDiscount,
  grain: "year",
  access: ["view_cart_discounts", "view_orders"],
  ids: { field: "cartDiscounts" },
  deletedBy: ["CartDiscountDeleted"]
})
