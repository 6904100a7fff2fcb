import { Schema } from "effect"
import { LocalizedString } from "../schema/LocalizedString.js"
import { Reference } from "../schema/Reference.js"
import { auditFields, resourceFields } from "../schema/Resource.js"
import * as ResourceTable from "./ResourceTable.js"

const text = Schema.optional(Schema.String)

/** The user-given identifiers of the changed resource, as they were at `resourceVersion`. */
export const UserProvidedIdentifiers = Schema.Struct({
  key: text,
  externalId: text,
  orderNumber: text,
  customerNumber: text,
  sku: text,
  slug: Schema.optional(LocalizedString),
  containerAndKey: Schema.optional(Schema.Struct({ container: Schema.String, key: Schema.String }))
})

/**
 * One event of the project's history (`/messages`), e.g. `OrderCreated`. Messages never change (version 1);
 * the fields of each `type` (`order`, `paymentId`, …) are not named here and are kept with the row.
 */
export const Message = Schema.Struct({
  ...resourceFields,
  sequenceNumber: Schema.Int,
  resource: Reference,
  resourceVersion: Schema.Int,
  type: Schema.String,
  resourceUserProvidedIdentifiers: Schema.optional(UserProvidedIdentifiers),
  ...auditFields
})

export const messages = ResourceTable.make({
  name: "messages",
  description:
    "The project's event history, one row per message (OrderCreated, …); each type's own fields are in `_extra`",
  path: "messages",
  schema: Message,
  grain: "month",
  access: ["view_messages"],
  // Never reconciled: a message the API drops after its retention was not deleted, the history keeps it.
  kept: "messages age out of the API after the project's retention; their rows stay as the event history"
})
