import { Schema } from "effect"
import { LocalizedString } from "./LocalizedString.js"
import { CentPrecisionMoney } from "./Money.js"

/**
 * A line of a cart or order. Typed where it is queried (product, quantity, total); the rest (variant, prices,
 * taxes, discounts, states) is kept as the API sends it.
 */
export const LineItem = Schema.Struct({
  id: Schema.String,
  key: Schema.optional(Schema.String),
  productId: Schema.optional(Schema.String),
  productKey: Schema.optional(Schema.String),
  name: Schema.optional(LocalizedString),
  quantity: Schema.Number,
  totalPrice: Schema.optional(CentPrecisionMoney)
})

/** A line not linked to a product (fees, services). */
export const CustomLineItem = Schema.Struct({
  id: Schema.String,
  key: Schema.optional(Schema.String),
  name: Schema.optional(LocalizedString),
  slug: Schema.optional(Schema.String),
  quantity: Schema.Number,
  totalPrice: Schema.optional(CentPrecisionMoney)
})
