import { Views } from "@sluice/source-sdk"
import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { CentPrecisionMoney, moneyColumn } from "../schema/Money.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** An authorization, charge, refund or other money movement of a payment. */
export const Transaction = Schema.Struct({
  id: Schema.String,
  timestamp: Schema.optional(Timestamp),
  type: Schema.String,
  amount: CentPrecisionMoney,
  interactionId: text,
  state: Schema.String,
  interfaceId: text,
  custom: Schema.optional(CustomFields)
})

/** A payment and its transactions (`/payments`). */
export const Payment = Schema.Struct({
  ...resourceFields,
  key: text,
  interfaceId: text,
  customer: Schema.optional(Reference),
  anonymousId: text,
  amountPlanned: CentPrecisionMoney,
  paymentMethodInfo: Schema.optional(
    Schema.Struct({
      paymentInterface: text,
      method: text,
      name: Schema.optional(LocalizedString),
      interfaceAccount: text
    })
  ),
  paymentStatus: Schema.optional(
    Schema.Struct({
      interfaceCode: text,
      interfaceText: text,
      state: Schema.optional(Reference)
    })
  ),
  transactions: Schema.Array(Transaction),
  interfaceInteractions: Schema.optional(Schema.Array(Schema.Unknown)),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const payments = ResourceTable.make({
  name: "payments",
  description: "Payment transactions",
  path: "payments",
  schema: Payment,
  grain: "month",
  access: ["view_payments"],
  ids: { field: "payments" },
  views: [
    Views.derived({
      name: "payments_enriched",
      description: "Every column of payments, plus the planned amount in currency units and its currency",
      columns: { amount_planned: moneyColumn(["amountPlanned"]) }
    }),
    Views.children({
      name: "payment_transactions",
      description: "One row per transaction of a payment: type, state, amount in currency units",
      array: ["transactions"],
      parentKey: "payment_id",
      columns: {
        transaction_id: Views.value(["id"], "text"),
        type: Views.value(["type"], "text"),
        state: Views.value(["state"], "text"),
        timestamp: Views.value(["timestamp"], "timestamp"),
        amount: moneyColumn(["amount"])
      }
    })
  ]
})
