import { cycle, type DemoContext, type DemoRecord, type Rand, setupLifetime, stamps, uuid } from "./Draw.js"

/** The shipping zones, each with the currency its rates are in (for the shipping methods). */
export const ZONES = [
  { key: "north-america", name: "North America", currencyCode: "USD", countries: ["US", "CA"] },
  { key: "europe", name: "Europe", currencyCode: "EUR", countries: ["DE", "NL", "AT", "FR", "BE"] },
  { key: "united-kingdom", name: "United Kingdom", currencyCode: "GBP", countries: ["GB"] }
] as const

/** Shipping zones and the countries they cover. */
export const generateZones = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template: zone, suffix } = cycle(ZONES, index)
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context, 2)),
      key: `${zone.key}${suffix}`,
      name: zone.name,
      description: `Ships to ${zone.countries.join(", ")}`,
      locations: zone.countries.map((country) => ({ country }))
    }
  })
