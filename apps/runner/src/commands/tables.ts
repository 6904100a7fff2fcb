import { Command } from "@effect/cli"
import { Effect } from "effect"
import * as CommonOptions from "../CommonOptions.js"
import * as Output from "../Output.js"
import * as Registry from "../Registry.js"
import * as JsonProgress from "../render/JsonProgress.js"
import * as TextTable from "../render/TextTable.js"

export const tables = Command.make(
  "tables",
  { source: CommonOptions.source, json: CommonOptions.json },
  (args) =>
    Effect.gen(function* () {
      const source = yield* Registry.find(args.source)
      const described = source.tables.map((table) => ({
        name: table.name,
        description: table.description,
        modes: table.modes,
        cursorField: table.cursorField,
        primaryKey: table.primaryKey,
        versionField: table.versionField,
        partition: table.partition,
        access: table.access
      }))
      if (args.json) return yield* Output.stdout(JsonProgress.line(described))
      const rows = described.map((table) => [
        table.name,
        table.modes.join(", "),
        table.cursorField,
        table.primaryKey,
        `${table.partition.field} by ${table.partition.grain}`,
        table.access.join(" or "),
        table.description
      ])
      yield* Output.stdout(
        `${TextTable.render(
          [
            { header: "table" },
            { header: "modes" },
            { header: "cursor" },
            { header: "key" },
            { header: "partitioned" },
            { header: "needs" },
            { header: "description" }
          ],
          rows
        )}\n`
      )
    })
).pipe(
  Command.withDescription(
    "List a source's tables: description, sync modes, cursor field, primary key, partitioning, required access"
  )
)
