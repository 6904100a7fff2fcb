import { Table } from "@sluice/source-sdk"
import { Schema } from "effect"
import { readList, resource, resourceFields } from "../Library.js"

export const Book = Schema.Struct({
  ...resourceFields,
  title: Schema.String,
  authorId: Schema.UUID,
  isbn: Schema.String,
  pages: Schema.Int,
  genres: Schema.Array(Schema.String),
  available: Schema.Boolean,
  price: Schema.optional(Schema.Struct({ amount: Schema.Int, currency: Schema.String }))
})

export const books = Table.make({
  ...resource,
  name: "books",
  description: "The library's books, one row per title",
  schema: Book,
  access: ["read_books", "read_catalogue"],
  read: readList("/books")
})
