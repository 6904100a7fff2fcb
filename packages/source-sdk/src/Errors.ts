import { Schema } from "effect"

/** Settings that are missing or invalid. `message` names the settings (and their env variables) and valid values. */
export class ConfigError extends Schema.TaggedError<ConfigError>()("ConfigError", {
  reason: Schema.Literal("Missing", "Invalid"),
  message: Schema.String,
  fields: Schema.Array(Schema.String)
}) {}

/**
 * A source could not read. Messages are safe to print: they never contain secrets.
 * - Auth: the credentials were rejected.  - Access: a permission (scope) is missing; `access` names it.
 * - NotFound: the project or resource does not exist.  - Unavailable: the API kept failing after retries.
 * - Request: the API rejected a request (4xx) with its own message.  - Decode: a response was not what the API promises.
 */
export class SourceError extends Schema.TaggedError<SourceError>()("SourceError", {
  reason: Schema.Literal("Auth", "Access", "NotFound", "Unavailable", "Request", "Decode"),
  message: Schema.String,
  table: Schema.optional(Schema.String),
  status: Schema.optional(Schema.Number),
  access: Schema.optional(Schema.String)
}) {}

/** A record that does not match its table's schema. The sync of that table stops before writing it. */
export class RecordInvalid extends Schema.TaggedError<RecordInvalid>()("RecordInvalid", {
  table: Schema.String,
  id: Schema.String,
  message: Schema.String
}) {}

/** The warehouse could not be reached or refused a statement. Messages never contain passwords. */
export class WarehouseError extends Schema.TaggedError<WarehouseError>()("WarehouseError", {
  reason: Schema.Literal("Connection", "Query", "Schema", "Conflict", "Locked"),
  message: Schema.String,
  table: Schema.optional(Schema.String)
}) {}

/** Everything a table's sync can fail with. */
export type SyncFailure = ConfigError | SourceError | RecordInvalid | WarehouseError

/** One line for a person: what failed and why. */
export const describe = (failure: SyncFailure): string => {
  switch (failure._tag) {
    case "ConfigError":
      return failure.message
    case "SourceError":
      return failure.message
    case "RecordInvalid":
      return `record ${failure.id} does not match the ${failure.table} schema: ${failure.message}`
    case "WarehouseError":
      return `warehouse: ${failure.message}`
  }
}
