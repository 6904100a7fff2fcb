import { Schema } from "effect"
import { CreatedBy, LastModifiedBy } from "./ClientLogging.js"
import { Timestamp } from "./Timestamp.js"

/** The fields every commercetools resource has, first in every table. */
export const resourceFields = {
  id: Schema.String,
  version: Schema.Int,
  createdAt: Timestamp,
  lastModifiedAt: Timestamp
}

/** Who created and last changed the resource (absent on older records and on some resources). */
export const auditFields = {
  createdBy: Schema.optional(CreatedBy),
  lastModifiedBy: Schema.optional(LastModifiedBy)
}
