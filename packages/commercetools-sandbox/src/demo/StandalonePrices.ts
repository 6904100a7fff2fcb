import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { activityLifetime, chance, DAY, iso, money, ref, stamps, uuid } from "./Draw.js"

const MARKETS = [
  { country: "US", currencyCode: "USD", factor: 1 },
  { country: "DE", currencyCode: "EUR", factor: 0.93 },
  { country: "GB", currencyCode: "GBP", factor: 0.8 }
] as const

/**
 * Prices kept apart from their products, one per SKU (up to `count`): some for a customer group or a channel,
 * some with volume tiers, some limited in time, some with an unpublished change.
 */
export const generateStandalonePrices = (
  rand: Rand,
  context: DemoContext & {
    readonly skus: ReadonlyArray<string>
    readonly customerGroupIds: ReadonlyArray<string>
    readonly channelIds: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> =>
  context.skus.slice(0, context.count).map((sku, index) => {
    const market = MARKETS[index % MARKETS.length]!
    const life = activityLifetime(rand, context, 4)
    const cents = Math.round((1990 + Math.floor(rand() * 200) * 100) * market.factor) - 1
    const group =
      context.customerGroupIds.length > 0 && chance(rand, 0.2)
        ? context.customerGroupIds[index % context.customerGroupIds.length]
        : undefined
    const channel =
      context.channelIds.length > 0 && chance(rand, 0.15)
        ? context.channelIds[index % context.channelIds.length]
        : undefined
    const tiered = chance(rand, 0.15)
    const timed = chance(rand, 0.1)
    const staged = chance(rand, 0.08)
    return {
      id: uuid(rand),
      ...stamps(life),
      key: `${sku}-${market.country.toLowerCase()}${group === undefined ? "" : "-group"}${channel === undefined ? "" : "-channel"}`,
      sku,
      value: money(market.currencyCode, cents),
      country: market.country,
      ...(group === undefined ? {} : { customerGroup: ref("customer-group", group) }),
      ...(channel === undefined ? {} : { channel: ref("channel", channel) }),
      ...(timed ? { validFrom: iso(life.createdMs), validUntil: iso(life.createdMs + 30 * DAY) } : {}),
      ...(tiered
        ? {
            tiers: [
              { minimumQuantity: 5, value: money(market.currencyCode, Math.round(cents * 0.9)) },
              { minimumQuantity: 20, value: money(market.currencyCode, Math.round(cents * 0.8)) }
            ]
          }
        : {}),
      ...(staged ? { staged: { value: money(market.currencyCode, Math.round(cents * 0.85)) } } : {}),
      active: !chance(rand, 0.05)
    }
  })
