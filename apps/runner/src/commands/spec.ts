import { Command } from "@effect/cli"
import { Settings } from "@sluice/source-sdk"
import { Effect } from "effect"
import * as CommonOptions from "../CommonOptions.js"
import * as Output from "../Output.js"
import * as Registry from "../Registry.js"

export const spec = Command.make("spec", { source: CommonOptions.source }, (args) =>
  Effect.gen(function* () {
    const source = yield* Registry.find(args.source)
    const schema = Settings.jsonSchema(source.config, source.title)
    yield* Output.stdout(`${JSON.stringify(schema, null, 2)}\n`)
  })
).pipe(
  Command.withDescription(
    "Print the JSON Schema of a source's settings (secrets marked writeOnly / x-secret, env variables as x-env)"
  )
)
