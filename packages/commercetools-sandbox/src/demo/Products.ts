import type { generateCategories } from "./Categories.js"
import type { DemoContext } from "./Context.js"
import { ADJECTIVES, COLORS, SIZES } from "./Names.js"
import { DAY, EMPTY, iso, type Json, loc, money, type Product, slugify, type Variant } from "./Values.js"

/** The catalogue: products with variants and prices in three currencies, mostly published. */
export const generateProducts = (
  ctx: DemoContext,
  { leafCategories, saleCategory }: ReturnType<typeof generateCategories>
) => {
  const { random, orderCount, endMs, ids, merchant, productTypes, taxCategory, setupMs } = ctx
  const productCount = Math.min(1000, Math.max(40, Math.round(orderCount / 40)))
  const products: Array<Product> = []
  const productRecords: Array<Json> = []
  for (let p = 0; p < productCount; p++) {
    const leaf = leafCategories[p % leafCategories.length] as (typeof leafCategories)[number]
    const noun = random.pick(leaf.nouns)
    const title = `${random.pick(ADJECTIVES)} ${noun}`
    const key = `product-${String(p + 1).padStart(5, "0")}`
    const id = ids()
    const type =
      productTypes[Math.min(2, Math.floor((leafCategories.indexOf(leaf) / leafCategories.length) * 3))]!
    const basePrice = random.int(9, 249) * 100 + random.pick([0, 50, 95, 99])
    const variantCount = type.key === "apparel" ? random.int(2, 4) : random.int(1, 2)
    const variants: Array<Variant> = []
    for (let v = 1; v <= variantCount; v++) {
      const sku = `SKU-${String(p + 1).padStart(5, "0")}-${v}`
      const prices: Record<string, Json> = {
        USD: { id: random.uuid(), value: money("USD", basePrice), country: "US" },
        EUR: { id: random.uuid(), value: money("EUR", Math.round((basePrice * 0.93) / 10) * 10 - 1) },
        GBP: {
          id: random.uuid(),
          value: money("GBP", Math.round((basePrice * 0.8) / 10) * 10 - 1),
          country: "GB"
        }
      }
      const attributes =
        type.key === "apparel"
          ? [
              { name: "size", value: SIZES[(v + p) % SIZES.length] },
              {
                name: "color",
                value: { key: COLORS[p % COLORS.length], label: loc(COLORS[p % COLORS.length] ?? "") }
              }
            ]
          : [{ name: "brand", value: random.pick(["Acme", "Northwind", "Contoso", "Fabrikam"]) }]
      const images = [
        {
          url: `https://images.sluice-demo.example/${key}/${v}.jpg`,
          dimensions: { w: 1200, h: 1200 },
          label: title
        }
      ]
      const inLineItem: Record<string, Json> = {}
      for (const currency of ["USD", "EUR", "GBP"]) {
        inLineItem[currency] = {
          id: v,
          sku,
          key: `${key}-${v}`,
          prices: [prices[currency]],
          images,
          attributes,
          assets: EMPTY
        }
      }
      variants.push({
        sku,
        prices,
        inLineItem,
        json: {
          id: v,
          sku,
          key: `${key}-${v}`,
          prices: [prices.USD, prices.EUR, prices.GBP],
          images,
          attributes,
          assets: []
        }
      })
    }
    const createdAtMs = setupMs + 30 * DAY + Math.floor(random.next() * (endMs - setupMs - 60 * DAY))
    const lastModifiedAtMs = Math.min(
      endMs,
      createdAtMs + Math.floor(random.next() * random.next() * 400 * DAY)
    )
    const published = random.next() > 0.05
    const hasStagedChanges = published && random.chance(0.1)
    const categoriesOf = [leaf.ref, ...(random.chance(0.15) && saleCategory.ref ? [saleCategory.ref] : [])]
    const name = loc(title)
    const slug = loc(`${slugify(title)}-${p + 1}`)
    const current: Json = {
      name,
      description: loc(`The ${title.toLowerCase()}: made to last, designed for every day.`),
      slug,
      categories: categoriesOf,
      categoryOrderHints: {},
      metaTitle: loc(`${title} | Sluice Demo`),
      metaDescription: loc(`Buy the ${title} online.`),
      searchKeywords: {},
      masterVariant: variants[0]?.json,
      variants: variants.slice(1).map((v) => v.json),
      attributes: []
    }
    const staged: Json = hasStagedChanges
      ? {
          ...current,
          name: loc(`${title} (New Season)`),
          description: loc(`The new-season ${title.toLowerCase()}.`)
        }
      : current
    products.push({ id, key, name, slug, productType: type.ref, variants, basePrice, published })
    productRecords.push({
      id,
      version: random.int(2, 12),
      key,
      productType: type.ref,
      masterData: { published, hasStagedChanges, current, staged },
      taxCategory,
      priceMode: "Embedded",
      lastVariantId: variantCount,
      createdAt: iso(createdAtMs),
      lastModifiedAt: iso(Math.max(createdAtMs, lastModifiedAtMs)),
      createdBy: merchant,
      lastModifiedBy: merchant
    })
  }
  const sellable = products.filter((p) => p.published)
  return { products, productRecords, sellable }
}
