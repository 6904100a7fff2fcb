import { Columns } from "@sluice/source-sdk"
import { Schema } from "effect"

const { Timestamp } = Columns

/** The fields every record of the library API has. */
export const resourceFields = {
  id: Schema.UUID,
  version: Schema.Int.pipe(Schema.positive()),
  createdAt: Timestamp,
  lastModifiedAt: Timestamp
}
