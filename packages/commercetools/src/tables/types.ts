import { Schema } from "effect"
import { LocalizedString } from "../schema/LocalizedString.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A custom field a Type defines; `type` (String, Enum, Money, Set, Reference, …) kept whole. */
export const FieldDefinition = Schema.Struct({
  type: Schema.Struct({ name: Schema.String }),
  name: Schema.String,
  label: LocalizedString,
  required: Schema.Boolean,
  inputHint: Schema.optional(Schema.String)
})

/** A Type: the custom fields it adds to the resources it names (`/types`). */
export const Type = Schema.Struct({
  ...resourceFields,
  key: Schema.String,
  name: LocalizedString,
  description: Schema.optional(LocalizedString),
  /** The resources the Type customizes, e.g. `order`, `customer`, `line-item`. */
  resourceTypeIds: Schema.Array(Schema.String),
  fieldDefinitions: Schema.Array(FieldDefinition),
  ...auditFields
})

export const types = ResourceTable.make({
  name: "types",
  description: "Types that define custom fields",
  path: "types",
  schema: Type,
  grain: "year",
  access: ["view_types"],
  ids: { field: "typeDefinitions" }
})
