import { Schema } from "effect"
import { LocalizedString } from "../schema/LocalizedString.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** An attribute products of the type have; `type` (text, enum, money, set, …) kept whole. */
export const AttributeDefinition = Schema.Struct({
  type: Schema.Struct({ name: Schema.String }),
  name: Schema.String,
  label: LocalizedString,
  isRequired: Schema.Boolean,
  level: Schema.String,
  attributeConstraint: Schema.String,
  inputTip: Schema.optional(LocalizedString),
  inputHint: Schema.String,
  isSearchable: Schema.Boolean
})

/** The shape of a kind of product: its attributes (`/product-types`). */
export const ProductType = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: Schema.String,
  description: Schema.String,
  attributes: Schema.optional(Schema.Array(AttributeDefinition)),
  ...auditFields
})

export const productTypes = ResourceTable.make({
  name: "product_types",
  description: "Product types and their attribute definitions",
  path: "product-types",
  schema: ProductType,
  grain: "year",
  access: ["view_product_types", "view_products"],
  ids: { field: "productTypes" }
})
