import { Table } from "@sluice/source-sdk"
import { Schema } from "effect"
import { readList, resource, resourceFields } from "../Library.js"

export const Author = Schema.Struct({
  ...resourceFields,
  name: Schema.String,
  country: Schema.NullOr(Schema.String),
  birthYear: Schema.optional(Schema.Int)
})

export const authors = Table.make({
  ...resource,
  name: "authors",
  description: "People who wrote the library's books",
  schema: Author,
  access: ["read_authors"],
  read: readList("/authors")
})
