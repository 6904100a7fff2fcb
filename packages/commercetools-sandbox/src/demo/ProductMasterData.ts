import { type DemoContext, type DemoRecord, loc, type Rand } from "./Draw.js"

/** The fields of a product projection that are the product's data rather than the product's own. */
const DATA_FIELDS = [
  "name",
  "description",
  "slug",
  "categories",
  "categoryOrderHints",
  "metaTitle",
  "metaDescription",
  "metaKeywords",
  "masterVariant",
  "variants",
  "searchKeywords",
  "attributes"
] as const

const OWN_FIELDS = [
  "id",
  "version",
  "createdAt",
  "lastModifiedAt",
  "key",
  "productType",
  "taxCategory",
  "state",
  "reviewRatingStatistics",
  "priceMode",
  "createdBy",
  "lastModifiedBy"
] as const

const only = (record: Readonly<Record<string, unknown>>, fields: ReadonlyArray<string>): DemoRecord => {
  const out: DemoRecord = {}
  for (const field of fields) if (record[field] !== undefined) out[field] = record[field]
  return out
}

const englishOf = (value: unknown): string =>
  typeof value === "object" && value !== null ? String(Object.values(value)[0] ?? "") : ""

/**
 * The products behind the sandbox's product projections (`/products`): each projection's data is the current
 * data; a product with staged changes has a renamed, re-described staged copy (a new season being prepared).
 */
export const generateProducts = (
  rand: Rand,
  context: DemoContext & { readonly productProjections: ReadonlyArray<Readonly<Record<string, unknown>>> }
): ReadonlyArray<DemoRecord> =>
  context.productProjections.slice(0, context.count).map((projection) => {
    // A product always has search keywords and product-level attributes, if only empty ones.
    const current = { searchKeywords: {}, attributes: [], ...only(projection, DATA_FIELDS) }
    const hasStagedChanges = projection.hasStagedChanges === true
    const title = englishOf(projection.name)
    const staged = hasStagedChanges
      ? {
          ...current,
          name: loc(`${title} (${rand() < 0.5 ? "New Season" : "Limited Edition"})`),
          description: loc(`The new ${title.toLowerCase()}, coming soon.`)
        }
      : current
    return {
      ...only(projection, OWN_FIELDS),
      masterData: { published: projection.published !== false, hasStagedChanges, current, staged }
    }
  })
