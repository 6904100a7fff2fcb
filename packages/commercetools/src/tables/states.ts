import { Schema } from "effect"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A state of a custom workflow (orders, line items, products, reviews, payments, quotes) (`/states`). */
export const State = Schema.Struct({
  ...resourceFields,
  key: Schema.String,
  /** Which resource the workflow is for, e.g. `OrderState`, `LineItemState`, `PaymentState`. */
  type: Schema.String,
  name: Schema.optional(LocalizedString),
  description: Schema.optional(LocalizedString),
  initial: Schema.Boolean,
  builtIn: Schema.Boolean,
  roles: Schema.optional(Schema.Array(Schema.String)),
  transitions: Schema.optional(Schema.Array(Reference)),
  ...auditFields
})

export const states = ResourceTable.make({
  name: "states",
  description: "Workflow states of orders, line items, payments and other resources",
  path: "states",
  schema: State,
  grain: "year",
  access: ["view_states"],
  ids: { field: "states" }
})
