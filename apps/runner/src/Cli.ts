import { type CliApp, CliConfig, Command, type ValidationError } from "@effect/cli"
import type { ConfigError, SourceError, WarehouseError } from "@sluice/source-sdk"
import type { Effect } from "effect"
import { check } from "./commands/check.js"
import { sources } from "./commands/sources.js"
import { spec } from "./commands/spec.js"
import { state } from "./commands/state.js"
import { sync } from "./commands/sync.js"
import { tables } from "./commands/tables.js"
import type { Destination } from "./Destination.js"
import type { CheckFailed, SyncIncomplete } from "./Outcome.js"
import type { Output } from "./Output.js"
import type { Registry } from "./Registry.js"

const sluice = Command.make("sluice").pipe(
  Command.withDescription("Typed, resumable syncs from commerce APIs into Postgres"),
  Command.withSubcommands([sync, check, tables, state, spec, sources])
)

/** What a command can fail with; each is reported on one line (or already was) by `Outcome.report`. */
export type CliError =
  | ValidationError.ValidationError
  | ConfigError
  | SourceError
  | WarehouseError
  | SyncIncomplete
  | CheckFailed

export const cli: (
  args: ReadonlyArray<string>
) => Effect.Effect<void, CliError, CliApp.CliApp.Environment | Registry | Destination | Output> = Command.run(
  sluice,
  {
    name: "sluice",
    version: "0.1.0"
  }
)

/** Help lists our options only; the built-ins (--help, --version, --completions, ...) still work. */
export const config = CliConfig.layer({ showBuiltIns: false })
