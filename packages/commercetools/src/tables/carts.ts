import { Views } from "@sluice/source-sdk"
import { Schema } from "effect"
import { checkoutFields, checkoutMoneyColumns } from "../schema/Checkout.js"
import { CustomFields } from "../schema/CustomFields.js"
import { CustomLineItem, LineItem, lineItemColumns } from "../schema/LineItem.js"
import { CentPrecisionMoney, TaxedPrice } from "../schema/Money.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** A shopping cart, active or not (`/carts`). */
export const Cart = Schema.Struct({
  ...resourceFields,
  key: text,
  cartState: Schema.String,
  customerId: text,
  customerEmail: text,
  customerGroup: Schema.optional(Reference),
  anonymousId: text,
  businessUnit: Schema.optional(KeyReference),
  store: Schema.optional(KeyReference),
  totalLineItemQuantity: Schema.optional(Schema.Int),
  totalPrice: CentPrecisionMoney,
  taxedPrice: Schema.optional(TaxedPrice),
  taxedShippingPrice: Schema.optional(TaxedPrice),
  discountOnTotalPrice: Schema.optional(Schema.Unknown),
  lineItems: Schema.Array(LineItem),
  customLineItems: Schema.Array(CustomLineItem),
  ...checkoutFields,
  freezeStrategy: text,
  purchaseOrderNumber: text,
  deleteDaysAfterLastModification: Schema.optional(Schema.Int),
  discountTypeCombination: Schema.optional(Schema.Unknown),
  lock: Schema.optional(Schema.Unknown),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const carts = ResourceTable.make({
  name: "carts",
  description: "Active and inactive shopping carts",
  path: "carts",
  schema: Cart,
  grain: "month",
  access: ["view_orders"],
  ids: { field: "carts" },
  views: [
    Views.children({
      name: "cart_line_items",
      description:
        "One row per line item of a cart: product, variant SKU, quantity, prices as amounts, name per language",
      array: ["lineItems"],
      parentKey: "cart_id",
      columns: lineItemColumns
    }),
    Views.derived({
      name: "carts_enriched",
      description:
        "Every column of carts, plus each money field as an amount in currency units and its currency",
      columns: checkoutMoneyColumns
    })
  ]
})
