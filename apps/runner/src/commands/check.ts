import { Command } from "@effect/cli"
import { Progress } from "@sluice/source-sdk"
import { Effect, Either } from "effect"
import * as CommonOptions from "../CommonOptions.js"
import { connect, sandboxOption } from "../Connect.js"
import { CheckFailed } from "../Outcome.js"
import * as Output from "../Output.js"
import * as Registry from "../Registry.js"
import * as JsonProgress from "../render/JsonProgress.js"
import * as TerminalProgress from "../render/TerminalProgress.js"
import * as TextTable from "../render/TextTable.js"

export const check = Command.make(
  "check",
  {
    source: CommonOptions.source,
    sandbox: CommonOptions.sandbox,
    scale: CommonOptions.scale,
    json: CommonOptions.json,
    settings: CommonOptions.settings
  },
  (args) =>
    Effect.gen(function* () {
      const source = yield* Registry.find(args.source)
      const sandbox = yield* Either.match(sandboxOption(args.sandbox, args.scale), {
        onLeft: Effect.fail,
        onRight: Effect.succeed
      })
      const report = yield* Effect.scoped(
        Effect.flatMap(
          connect(source, {
            pairs: args.settings,
            sandbox,
            onSandbox: (description) => (args.json ? Effect.void : Output.say(`▶ sandbox: ${description}`))
          }),
          (connection) => connection.check
        )
      )
      const unreadable = report.tables.filter((table) => !table.readable)
      if (args.json) {
        yield* Output.stdout(
          JsonProgress.line({ source: source.name, ok: unreadable.length === 0, ...report })
        )
      } else {
        const rows = report.tables.map((table) => [
          `${table.readable ? "✓" : "✗"} ${table.table}`,
          table.readable
            ? "readable"
            : table.missing !== undefined && !table.message.includes(table.missing)
              ? `${table.message} (needs ${table.missing})`
              : table.message,
          table.deletes ?? ""
        ])
        yield* Output.stdout(
          [
            TextTable.render([{ header: "  table" }, { header: "access" }, { header: "deletions" }], rows),
            ...(report.notes ?? []).map((note) => `  ${note}`),
            ...report.warnings.map((warning) => `! ${warning}`),
            unreadable.length === 0
              ? `✓ ${source.name}: every table is readable`
              : `✗ ${source.name}: ${unreadable.length} of ${report.tables.length} tables unreadable`
          ]
            .map((line) => `${line}\n`)
            .join("")
        )
      }
      if (unreadable.length > 0) return yield* new CheckFailed({ unreadable: unreadable.map((t) => t.table) })
    }).pipe(
      // Retries and token notices go to stderr while checking.
      Effect.provide(args.json ? Progress.Progress.silent : TerminalProgress.layer)
    )
).pipe(
  Command.withDescription(
    "Check the credentials: which tables they can read (naming a missing scope), with warnings. Exits 1 if credentials are rejected or a table is unreadable."
  )
)
