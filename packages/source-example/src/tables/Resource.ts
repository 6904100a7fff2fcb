import { Columns } from "@sluice/source-sdk"
import { Schema } from "effect"

/** The fields every record of the library API has. */
export const resourceFields = {
  id: Schema.UUID,
  version: Schema.Int.pipe(Schema.positive()),
  createdAt: Columns.Timestamp,
  lastModifiedAt: Columns.Timestamp
}

/** How every table of the API is keyed, versioned, read and partitioned: `Table.make` checks each name. */
export const resource = {
  primaryKey: "id",
  versionField: "version",
  cursorField: "lastModifiedAt",
  partition: { field: "createdAt", grain: "month" },
  modes: ["incremental", "full_refresh", "append"]
} as const
