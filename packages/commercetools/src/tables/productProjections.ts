import { Schema } from "effect"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A variant of a product: typed by id, SKU and key; prices, attributes, images and availability kept whole. */
export const ProductVariant = Schema.Struct({
  id: Schema.Int,
  sku: Schema.optional(Schema.String),
  key: Schema.optional(Schema.String)
})

/** A product's current (published) data, as `/product-projections?staged=false` serves it. */
export const ProductProjection = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  productType: Reference,
  name: LocalizedString,
  description: Schema.optional(LocalizedString),
  slug: LocalizedString,
  categories: Schema.Array(Reference),
  categoryOrderHints: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  metaTitle: Schema.optional(LocalizedString),
  metaDescription: Schema.optional(LocalizedString),
  metaKeywords: Schema.optional(LocalizedString),
  searchKeywords: Schema.optional(Schema.Unknown),
  published: Schema.optional(Schema.Boolean),
  hasStagedChanges: Schema.optional(Schema.Boolean),
  masterVariant: ProductVariant,
  variants: Schema.Array(ProductVariant),
  taxCategory: Schema.optional(Reference),
  state: Schema.optional(Reference),
  reviewRatingStatistics: Schema.optional(Schema.Unknown),
  priceMode: Schema.optional(Schema.String),
  attributes: Schema.optional(Schema.Array(Schema.Unknown))
})

export const productProjections = ResourceTable.make({
  name: "product_projections",
  description: "Product catalog data (projected view)",
  path: "product-projections",
  schema: ProductProjection,
  grain: "year",
  access: ["view_products", "view_published_products"],
  params: [["staged", "false"]],
  // GraphQL has no product projection query: published products are the current projection.
  ids: { field: "products", where: "masterData(published = true)", access: ["view_products"] },
  // Unpublishing takes the product out of the current projection, as deleting does.
  deletedBy: ["ProductDeleted", "ProductUnpublished"]
})
