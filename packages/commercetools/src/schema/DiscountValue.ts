import { Schema } from "effect"
import { TypedMoney } from "./Money.js"

/**
 * How much a cart or product discount takes off, told apart by `type`: `relative` (`permyriad`, 1000 = 10%),
 * `absolute` or `fixed` (`money`, one per currency), `external`, or `giftLineItem` (its product kept as sent).
 */
export const DiscountValue = Schema.Struct({
  type: Schema.String,
  permyriad: Schema.optional(Schema.Int),
  money: Schema.optional(Schema.Array(TypedMoney)),
  applicationMode: Schema.optional(Schema.String)
})
