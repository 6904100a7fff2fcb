import { Schema } from "effect"
import { Address } from "../schema/Address.js"
import { CustomFields } from "../schema/CustomFields.js"
import { KeyReference, Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** A customer acting for the business unit, with the roles it holds there. */
export const Associate = Schema.Struct({
  customer: Reference,
  associateRoleAssignments: Schema.Array(
    Schema.Struct({ associateRole: KeyReference, inheritance: Schema.String })
  )
})

/** A B2B buyer: a company or one of its divisions, with its addresses and associates (`/business-units`). */
export const BusinessUnit = Schema.Struct({
  ...resourceFields,
  key: Schema.String,
  /** `Company` or `Division`. */
  unitType: Schema.String,
  name: Schema.String,
  status: Schema.String,
  contactEmail: text,
  stores: Schema.optional(Schema.Array(KeyReference)),
  inheritedStores: Schema.optional(Schema.Array(KeyReference)),
  storeMode: Schema.String,
  addresses: Schema.Array(Address),
  shippingAddressIds: Schema.Array(Schema.String),
  defaultShippingAddressId: text,
  billingAddressIds: Schema.Array(Schema.String),
  defaultBillingAddressId: text,
  associateMode: Schema.String,
  associates: Schema.Array(Associate),
  inheritedAssociates: Schema.optional(Schema.Array(Schema.Unknown)),
  parentUnit: Schema.optional(KeyReference),
  topLevelUnit: KeyReference,
  approvalRuleMode: Schema.String,
  customerGroupAssignments: Schema.optional(Schema.Array(Schema.Unknown)),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const businessUnits = ResourceTable.make({
  name: "business_units",
  description: "B2B companies and divisions",
  path: "business-units",
  schema: BusinessUnit,
  grain: "year",
  access: ["view_business_units"],
  ids: { field: "businessUnits" },
  deletedBy: ["BusinessUnitDeleted"]
})
