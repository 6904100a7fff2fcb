import { Schema } from "effect"
import { Address } from "../schema/Address.js"
import { CustomFields } from "../schema/CustomFields.js"
import { CustomLineItem, LineItem } from "../schema/LineItem.js"
import { TaxedPrice, TypedMoney } from "../schema/Money.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** A seller's offer to a B2B buyer, made from a quote request (`/quotes`). */
export const Quote = Schema.Struct({
  ...resourceFields,
  key: text,
  quoteState: Schema.String,
  quoteRequest: Reference,
  stagedQuote: Reference,
  customer: Schema.optional(Reference),
  customerGroup: Schema.optional(Reference),
  businessUnit: Schema.optional(KeyReference),
  store: Schema.optional(KeyReference),
  state: Schema.optional(Reference),
  validTo: Schema.optional(Timestamp),
  sellerComment: text,
  buyerComment: text,
  purchaseOrderNumber: text,
  lineItems: Schema.Array(LineItem),
  customLineItems: Schema.Array(CustomLineItem),
  totalPrice: TypedMoney,
  taxedPrice: Schema.optional(TaxedPrice),
  shippingAddress: Schema.optional(Address),
  billingAddress: Schema.optional(Address),
  itemShippingAddresses: Schema.optional(Schema.Array(Address)),
  inventoryMode: text,
  taxMode: Schema.String,
  priceRoundingMode: Schema.String,
  taxRoundingMode: Schema.String,
  taxCalculationMode: Schema.String,
  country: text,
  shippingInfo: Schema.optional(Schema.Unknown),
  shippingRateInput: Schema.optional(Schema.Unknown),
  paymentInfo: Schema.optional(Schema.Struct({ payments: Schema.Array(Reference) })),
  directDiscounts: Schema.optional(Schema.Array(Schema.Unknown)),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const quotes = ResourceTable.make({
  name: "quotes",
  description: "B2B quotes offered to buyers",
  path: "quotes",
  schema: Quote,
  grain: "month",
  access: ["view_quotes"],
  ids: { field: "quotes" },
  deletedBy: ["QuoteDeleted"]
})
