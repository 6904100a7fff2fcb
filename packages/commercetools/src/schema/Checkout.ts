import type { Views } from "@sluice/source-sdk"
import { Schema } from "effect"
import { Address } from "./Address.js"
import { CustomFields } from "./CustomFields.js"
import { moneyColumn } from "./Money.js"
import { Reference } from "./Reference.js"

const text = Schema.optional(Schema.String)

/** Fields an order shares with the cart it is created from: tax and rounding settings, addresses, shipping, discounts. */
export const checkoutFields = {
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
  origin: text
}

/** The money fields of a cart or an order as amounts in currency units, for their `*_enriched` views. */
export const checkoutMoneyColumns: Readonly<
  Record<
    string,
    Views.Column<
      Views.RecordPath<
        "totalPrice" | "taxedPrice" | "shippingInfo" | "taxedShippingPrice" | "discountOnTotalPrice"
      >
    >
  >
> = {
  total_price: moneyColumn(["totalPrice"]),
  taxed_total_net: moneyColumn(["taxedPrice", "totalNet"]),
  taxed_total_gross: moneyColumn(["taxedPrice", "totalGross"]),
  taxed_total_tax: moneyColumn(["taxedPrice", "totalTax"]),
  shipping_price: moneyColumn(["shippingInfo", "price"]),
  taxed_shipping_total_gross: moneyColumn(["taxedShippingPrice", "totalGross"]),
  discount_on_total_price: moneyColumn(["discountOnTotalPrice", "discountedAmount"])
}
