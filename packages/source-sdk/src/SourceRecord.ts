/** A record as the source's API returned it: a JSON object. Unknown fields are kept, never dropped. */
export type SourceRecord = Readonly<Record<string, unknown>>

/** A JSON value, as stored in `jsonb` columns and checkpoints. */
export type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }
