import { Source } from "@sluice/source-sdk"
import { Effect, Schema } from "effect"
import { Config } from "./Config.js"
import { Library, layer } from "./Library.js"
import { sandbox } from "./server.js"
import { authors } from "./tables/authors.js"
import { books } from "./tables/books.js"

const tables = [authors, books]

const Me = Schema.Struct({ name: Schema.String, permissions: Schema.Array(Schema.String) })

/** Which tables the token's permissions (`GET /me`) read; a wrong token fails here with Auth. */
const check = Effect.gen(function* () {
  const { body } = yield* (yield* Library).get({ path: "/me" })
  const me = yield* Schema.decodeUnknown(Me)(body).pipe(Effect.orDie)
  const writing = me.permissions.filter((permission) => permission.startsWith("write_"))
  return Source.permissionReport(tables, me.permissions, { as: me.name, writing })
})

/** The example source: a small library API with authors and books. Copy this package to write a new source. */
export const ExampleSource: Source.Source = Source.make({
  name: "example",
  title: "Example library",
  description: "Authors and books from a small JSON library API: the template for new sources",
  config: Config,
  tables,
  layer,
  check,
  sandbox
})
