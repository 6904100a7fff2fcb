import { Views } from "@sluice/source-sdk"
import { Schema } from "effect"
import { checkoutFields, checkoutMoneyColumns } from "../schema/Checkout.js"
import { CustomFields } from "../schema/CustomFields.js"
import { CustomLineItem, LineItem, lineItemColumns } from "../schema/LineItem.js"
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
  ...checkoutFields,
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
  grain: "month",
  access: ["view_orders"],
  ids: { field: "orders" },
  deletedBy: ["OrderDeleted"],
  views: [
    Views.children({
      name: "order_line_items",
      description:
        "One row per line item of an order: product, variant SKU, quantity, prices as amounts, name per language",
      array: ["lineItems"],
      parentKey: "order_id",
      columns: lineItemColumns
    }),
    Views.children({
      name: "order_payments",
      description: "One row per payment of an order (paymentInfo.payments)",
      array: ["paymentInfo", "payments"],
      parentKey: "order_id",
      columns: { payment_id: Views.value(["id"], "text") }
    }),
    Views.derived({
      name: "orders_enriched",
      description:
        "Every column of orders, plus each money field as an amount in currency units and its currency",
      columns: checkoutMoneyColumns
    })
  ]
})
