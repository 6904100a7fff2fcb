import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A category of the product catalog; `ancestors` lists its path from the root (`/categories`). */
export const Category = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  externalId: Schema.optional(Schema.String),
  name: LocalizedString,
  slug: LocalizedString,
  description: Schema.optional(LocalizedString),
  parent: Schema.optional(Reference),
  ancestors: Schema.Array(Reference),
  orderHint: Schema.String,
  metaTitle: Schema.optional(LocalizedString),
  metaDescription: Schema.optional(LocalizedString),
  metaKeywords: Schema.optional(LocalizedString),
  assets: Schema.optional(Schema.Array(Schema.Unknown)),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const categories = ResourceTable.make({
  name: "categories",
  description: "Product category hierarchy",
  path: "categories",
  schema: Category,
  grain: "year",
  access: ["view_categories", "view_products"],
  ids: { field: "categories" }
})
