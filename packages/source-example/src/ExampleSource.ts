import { Source } from "@sluice/source-sdk"
import { Effect } from "effect"
import { ExampleClient } from "./Client.js"
import { Config } from "./Config.js"
import { demoData, startExampleServer } from "./server.js"
import { authors } from "./tables/authors.js"
import { books } from "./tables/books.js"

const tables = [authors, books]

/** The example source: a small library API with authors and books. Copy this package to write a new source. */
export const ExampleSource: Source.Source = Source.make({
  name: "example",
  title: "Example library",
  description: "Authors and books from a small JSON library API: the template for new sources",
  config: Config,
  tables,
  layer: ExampleClient.layer,
  // Readable tables are those whose access the token's permissions include; /me fails with Auth on a bad token.
  check: Effect.gen(function* () {
    const client = yield* ExampleClient
    const me = yield* client.me
    const granted = new Set(me.permissions)
    const writes = me.permissions.filter((permission) => permission.startsWith("write_"))
    return {
      tables: tables.map((table) => {
        const readable = table.access.some((permission) => granted.has(permission))
        return readable
          ? { table: table.name, readable, message: `readable as ${me.name}` }
          : {
              table: table.name,
              readable,
              missing: table.access[0]!,
              message: `the token lacks ${table.access.join(" or ")}`
            }
      }),
      warnings:
        writes.length > 0 ? [`the token can write (${writes.join(", ")}); a read-only token is enough`] : []
    }
  }),
  sandbox: (options) =>
    Effect.gen(function* () {
      const books = options.scale ?? 200
      const token = "sandbox-token"
      const server = yield* startExampleServer({
        records: demoData({ authors: Math.max(5, Math.round(books / 4)), books }),
        token
      })
      return {
        settings: { apiUrl: server.url, apiToken: token },
        description: `a local library API at ${server.url} with ${books} books`
      }
    })
})
