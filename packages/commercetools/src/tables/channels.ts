import { Schema } from "effect"
import { Address } from "../schema/Address.js"
import { CustomFields } from "../schema/CustomFields.js"
import { LocalizedString } from "../schema/LocalizedString.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A sales or supply channel: a warehouse, a shop, a marketplace (`/channels`). */
export const Channel = Schema.Struct({
  ...resourceFields,
  key: Schema.String,
  roles: Schema.Array(Schema.String),
  name: Schema.optional(LocalizedString),
  description: Schema.optional(LocalizedString),
  address: Schema.optional(Address),
  reviewRatingStatistics: Schema.optional(Schema.Unknown),
  /** A GeoJSON point: `{"type": "Point", "coordinates": [longitude, latitude]}`. */
  geoLocation: Schema.optional(
    Schema.Struct({ type: Schema.String, coordinates: Schema.Array(Schema.Number) })
  ),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const channels = ResourceTable.make({
  name: "channels",
  description: "Distribution and supply channels",
  path: "channels",
  schema: Channel,
  grain: "year",
  access: ["view_channels", "view_products"],
  ids: { field: "channels" }
})
