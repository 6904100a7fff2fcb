import type { DemoContext, DemoRecord, Rand } from "./Draw.js"
import { DAY, iso, loc, money, pick, ref, setupLifetime, stamps, uuid } from "./Draw.js"

/** Product discounts: a category sale, a clearance of single products, an outlet price, a brand week. */
export const generateProductDiscounts = (
  rand: Rand,
  context: DemoContext & {
    readonly categoryIds: ReadonlyArray<string>
    readonly productIds: ReadonlyArray<string>
  }
): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const life = setupLifetime(rand, context, 3)
    const kind = index % 4
    const category = context.categoryIds.length > 0 ? pick(rand, context.categoryIds) : undefined
    const products =
      context.productIds.length > 0 ? [pick(rand, context.productIds), pick(rand, context.productIds)] : []
    const from =
      life.createdMs + Math.floor(rand() * Math.max(1, (context.end.getTime() - life.createdMs) / DAY)) * DAY
    const common = { id: uuid(rand), ...stamps(life), key: `product-discount-${index + 1}` }
    const timed = { validFrom: iso(from), validUntil: iso(from + 14 * DAY) }
    switch (kind) {
      case 0:
        return {
          ...common,
          name: loc("Category sale: 25% off"),
          value: { type: "relative", permyriad: 2500 },
          predicate: category === undefined ? "1 = 1" : `categories.id contains "${category}"`,
          sortOrder: `0.${index + 1}`,
          isActive: true,
          references: category === undefined ? [] : [ref("category", category)],
          ...timed
        }
      case 1:
        return {
          ...common,
          name: loc("Clearance: 10 off"),
          value: { type: "absolute", money: ["USD", "EUR", "GBP"].map((currency) => money(currency, 1000)) },
          predicate:
            products.length === 0 ? "1 = 1" : `product.id in (${products.map((id) => `"${id}"`).join(", ")})`,
          sortOrder: `0.${index + 1}`,
          isActive: true,
          references: [...new Set(products)].map((id) => ref("product", id))
        }
      case 2:
        return {
          ...common,
          name: loc("Outlet prices"),
          description: loc("Discounted prices set by the outlet pricing service"),
          value: { type: "external" },
          predicate: 'variant.attributes.brand = "Northwind"',
          sortOrder: `0.${index + 1}`,
          isActive: true,
          references: []
        }
      default:
        return {
          ...common,
          name: loc("Brand week: 15% off"),
          value: { type: "relative", permyriad: 1500 },
          predicate: 'variant.attributes.brand = "Acme"',
          sortOrder: `0.${index + 1}`,
          isActive: false,
          references: [],
          ...timed
        }
    }
  })
