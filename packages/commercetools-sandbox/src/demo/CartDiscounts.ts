import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { cycle, DAY, iso, keyRef, loc, money, ref, setupLifetime, stamps, uuid } from "./Draw.js"

const everyCurrency = (cents: number) => ["USD", "EUR", "GBP"].map((currency) => money(currency, cents))

interface Template {
  readonly key: string
  readonly name: string
  readonly value: Record<string, unknown>
  readonly cartPredicate: string
  readonly target: Record<string, unknown>
  readonly requiresDiscountCode: boolean
  readonly stackingMode: "Stacking" | "StopAfterThisDiscount"
  /** Runs for a limited time (a sale), from some day after the shop opened. */
  readonly campaignDays?: number
  readonly onCategory?: boolean
}

const TEMPLATES: ReadonlyArray<Template> = [
  {
    key: "spring-sale",
    name: "Spring sale: 10% off",
    value: { type: "relative", permyriad: 1000 },
    cartPredicate: "1 = 1",
    target: { type: "totalPrice" },
    requiresDiscountCode: false,
    stackingMode: "Stacking",
    campaignDays: 21
  },
  {
    key: "welcome-5",
    name: "Welcome: 5 off your first order",
    value: { type: "absolute", money: everyCurrency(500), applicationMode: "ProportionateDistribution" },
    cartPredicate: "totalPrice >= 2500",
    target: { type: "lineItems", predicate: "1 = 1" },
    requiresDiscountCode: true,
    stackingMode: "StopAfterThisDiscount"
  },
  {
    key: "free-shipping-50",
    name: "Free shipping from 50",
    value: { type: "relative", permyriad: 10000 },
    cartPredicate: "totalPrice >= 5000",
    target: { type: "shipping" },
    requiresDiscountCode: false,
    stackingMode: "Stacking"
  },
  {
    key: "vip-15",
    name: "VIP: 15% off",
    value: { type: "relative", permyriad: 1500 },
    cartPredicate: 'customer.customerGroup.key = "vip"',
    target: { type: "lineItems", predicate: "1 = 1" },
    requiresDiscountCode: false,
    stackingMode: "StopAfterThisDiscount"
  },
  {
    key: "category-20",
    name: "20% off the category",
    value: { type: "relative", permyriad: 2000 },
    cartPredicate: "1 = 1",
    target: { type: "lineItems", predicate: "categories.id contains any ({categories})" },
    requiresDiscountCode: true,
    stackingMode: "Stacking",
    campaignDays: 14,
    onCategory: true
  },
  {
    key: "fixed-price-socks",
    name: "Socks for 9.99",
    value: { type: "fixed", money: everyCurrency(999), applicationMode: "EvenDistribution" },
    cartPredicate: "1 = 1",
    target: { type: "lineItems", predicate: 'sku = "socks"' },
    requiresDiscountCode: false,
    stackingMode: "Stacking"
  }
]

/** Cart discounts: sales, welcome and VIP offers, free shipping, category promotions. */
export const generateCartDiscounts = (
  rand: Rand,
  context: DemoContext & {
    readonly storeKeys: ReadonlyArray<string>
    readonly categoryIds: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, round, suffix } = cycle(TEMPLATES, index)
    const life = setupLifetime(rand, context, 4)
    const categories = template.onCategory === true ? context.categoryIds.slice(0, 2) : []
    const spanDays = Math.max(1, Math.floor((context.end.getTime() - life.createdMs) / DAY))
    const from = life.createdMs + Math.floor(rand() * spanDays) * DAY
    return {
      id: uuid(rand),
      ...stamps(life),
      key: `${template.key}${suffix}`,
      name: loc(template.name),
      description: loc(template.name),
      value: template.value,
      cartPredicate: template.cartPredicate,
      target: {
        ...template.target,
        ...("predicate" in template.target
          ? {
              predicate: String(template.target.predicate).replace(
                "{categories}",
                categories.map((id) => `"${id}"`).join(", ")
              )
            }
          : {})
      },
      sortOrder: `0.${round}${index + 1}`,
      stores: context.storeKeys.map((key) => keyRef("store", key)),
      isActive: template.campaignDays === undefined || rand() < 0.5,
      ...(template.campaignDays === undefined
        ? {}
        : { validFrom: iso(from), validUntil: iso(from + template.campaignDays * DAY) }),
      requiresDiscountCode: template.requiresDiscountCode,
      references: categories.map((id) => ref("category", id)),
      stackingMode: template.stackingMode,
      recurringOrderScope: { type: "NonRecurringOrdersOnly" }
    }
  })
