import { cycle, type DemoContext, type DemoRecord, type Rand, setupLifetime, stamps, uuid } from "./Draw.js"

const TEMPLATES = [
  { key: "retail", name: "Retail" },
  { key: "vip", name: "VIP" },
  { key: "wholesale", name: "Wholesale" }
]

/** Customer groups for group prices and discounts: retail, VIP, wholesale. */
export const generateCustomerGroups = (rand: Rand, context: DemoContext): ReadonlyArray<DemoRecord> =>
  Array.from({ length: context.count }, (_, index) => {
    const { template, round, suffix } = cycle(TEMPLATES, index)
    return {
      id: uuid(rand),
      ...stamps(setupLifetime(rand, context, 1)),
      key: `${template.key}${suffix}`,
      name: round === 0 ? template.name : `${template.name} ${round + 1}`
    }
  })
