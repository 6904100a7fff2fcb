import { Schema } from "effect"
import { checkoutFields } from "../schema/Checkout.js"
import { CustomFields } from "../schema/CustomFields.js"
import { CustomLineItem, LineItem } from "../schema/LineItem.js"
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
  access: ["view_orders"],
  ids: { field: "carts" }
})
