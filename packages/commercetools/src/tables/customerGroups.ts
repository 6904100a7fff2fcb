import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

/** A group of customers sharing prices and discounts (`/customer-groups`). */
export const CustomerGroup = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  name: Schema.String,
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const customerGroups = ResourceTable.make({
  name: "customer_groups",
  description: "Customer groups for group prices and discounts",
  path: "customer-groups",
  schema: CustomerGroup,
  grain: "year",
  access: ["view_customer_groups", "view_customers"],
  ids: { field: "customerGroups" }
})
