import { Columns } from "@sluice/source-sdk"
import { Schema } from "effect"

/** An instant as the API writes it (ISO 8601, UTC, milliseconds), stored as a timestamp column. */
export const Timestamp = Schema.String.annotations({
  [Columns.ColumnTypeId]: "timestamp",
  description: "ISO 8601 instant, e.g. 2025-01-31T12:00:00.000Z"
})
