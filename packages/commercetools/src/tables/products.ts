import { Schema } from "effect"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { ProductVariant } from "./productProjections.js"
import * as ResourceTable from "./ResourceTable.js"

/** One version of a product's data: what shoppers see (`current`) or what is being edited (`staged`). */
export const ProductData = Schema.Struct({
  name: LocalizedString,
  description: Schema.optional(LocalizedString),
  slug: LocalizedString,
  categories: Schema.Array(Reference),
  categoryOrderHints: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  metaTitle: Schema.optional(LocalizedString),
  metaDescription: Schema.optional(LocalizedString),
  metaKeywords: Schema.optional(LocalizedString),
  masterVariant: ProductVariant,
  variants: Schema.Array(ProductVariant),
  /** Search terms per locale. */
  searchKeywords: Schema.Record({ key: Schema.String, value: Schema.Array(Schema.Unknown) }),
  /** Product-level attributes, kept as sent. */
  attributes: Schema.Array(Schema.Unknown),
  defaultVariant: Schema.optional(Reference)
})

/** A product with both its current and its staged data (`/products`), which product projections cannot give. */
export const Product = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  productType: Reference,
  masterData: Schema.Struct({
    published: Schema.Boolean,
    hasStagedChanges: Schema.Boolean,
    current: ProductData,
    staged: ProductData
  }),
  taxCategory: Schema.optional(Reference),
  state: Schema.optional(Reference),
  reviewRatingStatistics: Schema.optional(Schema.Unknown),
  priceMode: Schema.optional(Schema.String),
  ...auditFields
})

export const products = ResourceTable.make({
  name: "products",
  description: "Products with their current and staged data",
  path: "products",
  schema: Product,
  grain: "year",
  access: ["view_products", "view_published_products"],
  ids: { field: "products", access: ["view_products"] },
  deletedBy: ["ProductDeleted"]
})
