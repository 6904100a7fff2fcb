import { Schema } from "effect"
import { Address } from "../schema/Address.js"
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
  taxMode: text,
  priceRoundingMode: text,
  taxRoundingMode: text,
  taxCalculationMode: text,
  inventoryMode: text,
  freezeStrategy: text,
  billingAddress: Schema.optional(Address),
  shippingAddress: Schema.optional(Address),
  shippingMode: text,
  shippingKey: text,
  shippingInfo: Schema.optional(Schema.Unknown),
  shippingRateInput: Schema.optional(Schema.Unknown),
  shippingCustomFields: Schema.optional(CustomFields),
  shipping: Schema.optional(Schema.Array(Schema.Unknown)),
  itemShippingAddresses: Schema.optional(Schema.Array(Address)),
  discountCodes: Schema.optional(Schema.Array(Schema.Unknown)),
  directDiscounts: Schema.optional(Schema.Array(Schema.Unknown)),
  refusedGifts: Schema.optional(Schema.Array(Reference)),
  paymentInfo: Schema.optional(Schema.Struct({ payments: Schema.Array(Reference) })),
  country: text,
  locale: text,
  origin: text,
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
  access: ["view_orders"]
})
