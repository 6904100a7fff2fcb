import { Schema } from "effect"
import { Address } from "../schema/Address.js"
import { CustomFields } from "../schema/CustomFields.js"
import { CustomLineItem, LineItem } from "../schema/LineItem.js"
import { CentPrecisionMoney, TaxedPrice } from "../schema/Money.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** An order, created from a cart at checkout (`/orders`). */
export const Order = Schema.Struct({
  ...resourceFields,
  key: text,
  orderNumber: text,
  purchaseOrderNumber: text,
  customerId: text,
  customerEmail: text,
  customerGroup: Schema.optional(Reference),
  anonymousId: text,
  businessUnit: Schema.optional(KeyReference),
  store: Schema.optional(KeyReference),
  orderState: Schema.String,
  shipmentState: text,
  paymentState: text,
  state: Schema.optional(Reference),
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
  cart: Schema.optional(Reference),
  quote: Schema.optional(Reference),
  recurringOrder: Schema.optional(Reference),
  syncInfo: Schema.optional(Schema.Array(Schema.Unknown)),
  returnInfo: Schema.optional(Schema.Array(Schema.Unknown)),
  discountTypeCombination: Schema.optional(Schema.Unknown),
  lastMessageSequenceNumber: Schema.optional(Schema.Int),
  completedAt: Schema.optional(Timestamp),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const orders = ResourceTable.make({
  name: "orders",
  description: "Customer orders and their line items",
  path: "orders",
  schema: Order,
  access: ["view_orders"]
})
