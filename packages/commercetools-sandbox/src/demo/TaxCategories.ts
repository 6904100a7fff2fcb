import { cycle, type DemoContext, type DemoRecord, type Rand, setupLifetime, stamps, uuid } from "./Draw.js"

type Rate = readonly [country: string, amount: number, includedInPrice: boolean, state?: string]

// Rates as of 2025: US sales tax is added at checkout, VAT is included in European prices.
const TEMPLATES: ReadonlyArray<{
  readonly key: string
  readonly name: string
  readonly rates: ReadonlyArray<Rate>
}> = [
  {
    key: "standard",
    name: "Standard",
    rates: [
      ["US", 0.0725, false, "CA"],
      ["US", 0.04, false, "NY"],
      ["DE", 0.19, true],
      ["NL", 0.21, true],
      ["AT", 0.2, true],
      ["GB", 0.2, true]
    ]
  },
  {
    key: "reduced",
    name: "Reduced",
    rates: [
      ["DE", 0.07, true],
      ["NL", 0.09, true],
      ["AT", 0.1, true],
      ["GB", 0.05, true]
    ]
  },
  {
    key: "zero",
    name: "Zero-rated",
    rates: [
      ["GB", 0, true],
      ["DE", 0, true]
    ]
  }
]

/** Tax categories and their rates per country. */
export const generateTaxCategories = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, suffix } = cycle(TEMPLATES, index)
    const key = `${template.key}${suffix}`
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context, 4)),
      key,
      name: template.name,
      description: `${template.name} rate`,
      rates: template.rates.map(([country, amount, includedInPrice, state]) => ({
        id: uuid(rand).slice(0, 8),
        key: `${key}-${country.toLowerCase()}${state === undefined ? "" : `-${state.toLowerCase()}`}`,
        name: `${country}${state === undefined ? "" : `-${state}`} ${Math.round(amount * 10000) / 100}%`,
        amount,
        includedInPrice,
        country,
        ...(state === undefined ? {} : { state }),
        subRates: []
      }))
    }
  })
