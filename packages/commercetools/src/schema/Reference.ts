import { Schema } from "effect"

/** A reference to another resource by id; an expanded one also carries `obj`, kept as it comes. */
export const Reference = Schema.Struct({
  typeId: Schema.String,
  id: Schema.String
})

/** A reference by key (stores, business units). */
export const KeyReference = Schema.Struct({
  typeId: Schema.String,
  key: Schema.String
})
