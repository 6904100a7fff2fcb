import { Views } from "@sluice/source-sdk"
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

/** How either kind of money spells its parts, for views that show it as an amount in currency units. */
export const moneyParts: Views.MoneyParts = {
  minorUnits: "centAmount",
  preciseMinorUnits: "preciseAmount",
  fractionDigits: "fractionDigits",
  currency: "currencyCode"
}

/** A money field as `{name}_amount` (currency units) and `{name}_currency` in a view. */
export const moneyColumn = <const P extends Views.Path>(path: P) => Views.money(path, moneyParts)
