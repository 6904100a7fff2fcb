import type { Table } from "@sluice/source-sdk"
import { Schema } from "effect"
import { type ExampleClient, readList } from "../Client.js"
import { resourceFields } from "./Resource.js"

export const Author = Schema.Struct({
  ...resourceFields,
  name: Schema.String,
  country: Schema.NullOr(Schema.String),
  birthYear: Schema.optional(Schema.Int)
})
export type Author = typeof Author.Type

export const authors: Table.Table<ExampleClient> = {
  name: "authors",
  description: "People who wrote the library's books",
  schema: Author,
  primaryKey: "id",
  versionField: "version",
  cursorField: "lastModifiedAt",
  partition: { field: "createdAt", grain: "month" },
  modes: ["incremental", "full_refresh", "append"],
  access: ["read_authors"],
  read: readList("/authors")
}
