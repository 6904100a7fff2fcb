import { Schema } from "effect"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A tax rate of a country (and state); `amount` is a fraction, 0.19 for 19%. */
export const TaxRate = Schema.Struct({
  id: Schema.optional(Schema.String),
  key: Schema.optional(Schema.String),
  name: Schema.String,
  amount: Schema.Number,
  includedInPrice: Schema.Boolean,
  country: Schema.String,
  state: Schema.optional(Schema.String),
  subRates: Schema.optional(Schema.Array(Schema.Struct({ name: Schema.String, amount: Schema.Number })))
})

/** A tax category and its rates per country (`/tax-categories`). */
export const TaxCategory = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: Schema.String,
  description: Schema.optional(Schema.String),
  rates: Schema.Array(TaxRate),
  ...auditFields
})

export const taxCategories = ResourceTable.make({
  name: "tax_categories",
  description: "Tax categories and their rates per country",
  path: "tax-categories",
  schema: TaxCategory,
  grain: "year",
  access: ["view_tax_categories", "view_products"],
  ids: { field: "taxCategories" }
})
