import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, keyRef, loc, money, ref, setupLifetime, stamps, uuid } from "./Draw.js"

// Prices in cents per currency; free above a cart value for standard shipping.
const TEMPLATES = [
  { key: "standard", name: "Standard", carrier: "DHL", price: 495, freeAbove: 5000, isDefault: true },
  { key: "express", name: "Express", carrier: "UPS", price: 1495, freeAbove: undefined, isDefault: false },
  {
    key: "click-and-collect",
    name: "Click & Collect",
    carrier: undefined,
    price: 0,
    freeAbove: undefined,
    isDefault: false
  }
] as const

/** Shipping methods and their rates in each zone. */
export const generateShippingMethods = (
  rand: Rand,
  context: DemoContext & {
    readonly taxCategoryId: string
    readonly zones: ReadonlyArray<{ readonly id: string; readonly currencyCode: string }>
    readonly storeKeys: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, round, suffix } = cycle(TEMPLATES, index)
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context, 5)),
      key: `${template.key}${suffix}`,
      name: template.name,
      localizedName: loc(template.name),
      localizedDescription: loc(`${template.name} delivery`),
      taxCategory: ref("tax-category", context.taxCategoryId),
      zoneRates: context.zones.map((zone) => ({
        zone: ref("zone", zone.id),
        shippingRates: [
          {
            price: money(zone.currencyCode, template.price),
            ...(template.freeAbove === undefined
              ? {}
              : { freeAbove: money(zone.currencyCode, template.freeAbove) }),
            tiers: []
          }
        ]
      })),
      active: true,
      isDefault: template.isDefault && round === 0,
      stores: context.storeKeys.map((key) => keyRef("store", key)),
      ...(template.carrier === undefined ? {} : { carrier: template.carrier })
    }
  })
