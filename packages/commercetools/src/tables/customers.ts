import { Schema } from "effect"
import { Address } from "../schema/Address.js"
import { CustomFields } from "../schema/CustomFields.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** A customer account (`/customers`). The password hash the API returns is never synced. */
export const Customer = Schema.Struct({
  ...resourceFields,
  key: text,
  customerNumber: text,
  externalId: text,
  email: Schema.String,
  isEmailVerified: Schema.optional(Schema.Boolean),
  firstName: text,
  lastName: text,
  middleName: text,
  title: text,
  salutation: text,
  /** A calendar date (`YYYY-MM-DD`), not an instant. */
  dateOfBirth: text,
  companyName: text,
  vatId: text,
  locale: text,
  authenticationMode: text,
  addresses: Schema.optional(Schema.Array(Address)),
  defaultShippingAddressId: text,
  shippingAddressIds: Schema.optional(Schema.Array(Schema.String)),
  defaultBillingAddressId: text,
  billingAddressIds: Schema.optional(Schema.Array(Schema.String)),
  customerGroup: Schema.optional(Reference),
  customerGroupAssignments: Schema.optional(Schema.Array(Schema.Unknown)),
  stores: Schema.optional(Schema.Array(KeyReference)),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const customers = ResourceTable.make({
  name: "customers",
  description: "Customer accounts and profiles",
  path: "customers",
  schema: Customer,
  grain: "year",
  access: ["view_customers"],
  omit: ["password"],
  ids: { field: "customers" },
  deletedBy: ["CustomerDeleted"],
  // Personal data must not outlive the customer.
  deletes: "purge"
})
