import { Views } from "@sluice/source-sdk"
import { Schema } from "effect"
import { LocalizedString } from "./LocalizedString.js"
import { CentPrecisionMoney, moneyColumn } from "./Money.js"

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

/**
 * A line item as a view row: its product and variant, quantity, unit price (`price.value`) and total as amounts,
 * and its name in every language present in the data (sampled when the view is refreshed).
 */
export const lineItemColumns = {
  line_item_id: Views.value(["id"], "text"),
  product_id: Views.value(["productId"], "text"),
  variant_sku: Views.value(["variant", "sku"], "text"),
  quantity: Views.value(["quantity"], "integer"),
  unit_price: moneyColumn(["price", "value"]),
  total_price: moneyColumn(["totalPrice"]),
  name: Views.localized(["name"])
}
