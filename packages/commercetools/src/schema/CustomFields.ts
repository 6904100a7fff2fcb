import { Schema } from "effect"
import { Reference } from "./Reference.js"

/** Project-defined fields: the Type that defines them and their values by name. */
export const CustomFields = Schema.Struct({
  type: Reference,
  fields: Schema.Record({ key: Schema.String, value: Schema.Unknown })
})
