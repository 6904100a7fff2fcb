import { Command } from "@effect/cli"
import { Effect } from "effect"
import * as CommonOptions from "../CommonOptions.js"
import * as Output from "../Output.js"
import { Registry } from "../Registry.js"
import * as JsonProgress from "../render/JsonProgress.js"
import * as TextTable from "../render/TextTable.js"

export const sources = Command.make("sources", { json: CommonOptions.json }, (args) =>
  Effect.gen(function* () {
    const registered = yield* Registry
    const described = registered.map((source) => ({
      name: source.name,
      title: source.title,
      description: source.description,
      tables: source.tables.map((table) => table.name),
      sandbox: source.sandbox !== undefined
    }))
    yield* Output.stdout(
      args.json
        ? JsonProgress.line(described)
        : `${TextTable.render(
            [{ header: "source" }, { header: "sandbox" }, { header: "tables" }, { header: "description" }],
            described.map((source) => [
              source.name,
              source.sandbox ? "yes" : "no",
              String(source.tables.length),
              source.description
            ])
          )}\n`
    )
  })
).pipe(Command.withDescription("List the registered sources"))
