import { Schema } from "effect"
import { Reference } from "./Reference.js"

/** Who created or last changed a resource: an API client, a customer, an anonymous session, or an associate. */
export const ClientLogging = Schema.Struct({
  clientId: Schema.optional(Schema.String),
  externalUserId: Schema.optional(Schema.String),
  customer: Schema.optional(Reference),
  anonymousId: Schema.optional(Schema.String),
  associate: Schema.optional(Reference),
  attributedTo: Schema.optional(Schema.Unknown)
})

export const CreatedBy = ClientLogging
export const LastModifiedBy = ClientLogging
