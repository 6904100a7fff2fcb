import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A store: a market's languages, countries, channels and product selections (`/stores`). */
export const Store = Schema.Struct({
  ...resourceFields,
  key: Schema.String,
  name: Schema.optional(LocalizedString),
  languages: Schema.Array(Schema.String),
  countries: Schema.Array(Schema.Struct({ code: Schema.String })),
  distributionChannels: Schema.Array(Reference),
  supplyChannels: Schema.Array(Reference),
  productSelections: Schema.Array(Schema.Struct({ productSelection: Reference, active: Schema.Boolean })),
  storefront: Schema.optional(Schema.Unknown),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const stores = ResourceTable.make({
  name: "stores",
  description: "Stores: the markets, languages and channels a shop sells in",
  path: "stores",
  schema: Store,
  grain: "year",
  access: ["view_stores"],
  ids: { field: "stores" },
  deletedBy: ["StoreDeleted"]
})
