import { Schema } from "effect"

/** An amount in the smallest unit of its currency: `centAmount` 1234 with `fractionDigits` 2 is 12.34. */
export const CentPrecisionMoney = Schema.Struct({
  type: Schema.Literal("centPrecision"),
  currencyCode: Schema.String,
  centAmount: Schema.Int,
  fractionDigits: Schema.Int
})

/** An amount with more fraction digits than the currency has; `centAmount` is it rounded. */
export const HighPrecisionMoney = Schema.Struct({
  type: Schema.Literal("highPrecision"),
  currencyCode: Schema.String,
  centAmount: Schema.Int,
  fractionDigits: Schema.Int,
  preciseAmount: Schema.Int
})

/** Either kind of money, told apart by `type`. */
export const TypedMoney = Schema.Union(CentPrecisionMoney, HighPrecisionMoney)

/** Net, gross and tax of a price. */
export const TaxedPrice = Schema.Struct({
  totalNet: CentPrecisionMoney,
  totalGross: CentPrecisionMoney,
  totalTax: Schema.optional(CentPrecisionMoney),
  taxPortions: Schema.optional(Schema.Array(Schema.Unknown))
})
