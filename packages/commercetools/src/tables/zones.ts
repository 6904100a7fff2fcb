import { Schema } from "effect"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A shipping zone: the countries (and states) it covers (`/zones`). */
export const Zone = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: Schema.String,
  description: Schema.optional(Schema.String),
  locations: Schema.Array(Schema.Struct({ country: Schema.String, state: Schema.optional(Schema.String) })),
  ...auditFields
})

export const zones = ResourceTable.make({
  name: "zones",
  description: "Shipping zones and the countries they cover",
  path: "zones",
  schema: Zone,
  grain: "year",
  access: ["view_zones", "view_orders"],
  ids: { field: "zones" }
})
