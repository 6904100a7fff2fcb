import { Schema } from "effect"
import { CustomFields } from "../schema/CustomFields.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import { Timestamp } from "../schema/Timestamp.js"
import * as ResourceTable from "./ResourceTable.js"

/** Stock of one SKU, in one supply channel or overall (`/inventory`). */
export const InventoryEntry = Schema.Struct({
  ...resourceFields,
  key: Schema.optional(Schema.String),
  sku: Schema.String,
  supplyChannel: Schema.optional(Reference),
  quantityOnStock: Schema.Int,
  availableQuantity: Schema.Int,
  minCartQuantity: Schema.optional(Schema.Int),
  maxCartQuantity: Schema.optional(Schema.Int),
  restockableInDays: Schema.optional(Schema.Int),
  expectedDelivery: Schema.optional(Timestamp),
  reservationExpirationInMinutes: Schema.optional(Schema.Int),
  stockLevels: Schema.optional(Schema.Unknown),
  custom: Schema.optional(CustomFields),
  ...auditFields
})

export const inventory = ResourceTable.make({
  name: "inventory",
  description: "Stock levels across supply channels",
  path: "inventory",
  schema: InventoryEntry,
  grain: "year",
  access: ["view_products"],
  ids: { field: "inventoryEntries" },
  deletedBy: ["InventoryEntryDeleted"]
})
