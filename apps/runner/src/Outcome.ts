import { ValidationError } from "@effect/cli"
import type { Teardown } from "@effect/platform/Runtime"
import { describe, type SyncFailure } from "@sluice/source-sdk"
import { Cause, Effect, Exit, Option, Schema } from "effect"
import { Output } from "./Output.js"

/** Some requested tables did not sync. Each was already reported on its own line. */
export class SyncIncomplete extends Schema.TaggedError<SyncIncomplete>()("SyncIncomplete", {
  failed: Schema.Array(Schema.String)
}) {}

/** `check` found tables the credentials cannot read. Each was already reported on its own line. */
export class CheckFailed extends Schema.TaggedError<CheckFailed>()("CheckFailed", {
  unreadable: Schema.Array(Schema.String)
}) {}

/** Exit statuses, as documented in the README. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130
} as const

const isExpected = (error: unknown): error is SyncFailure =>
  typeof error === "object" &&
  error !== null &&
  "_tag" in error &&
  (error._tag === "ConfigError" ||
    error._tag === "SourceError" ||
    error._tag === "RecordInvalid" ||
    error._tag === "WarehouseError")

const isReported = (error: unknown): boolean =>
  error instanceof SyncIncomplete || error instanceof CheckFailed || ValidationError.isValidationError(error)

/** The one line printed for an expected failure; None when the failure was already reported. */
export const lineFor = (error: unknown): Option.Option<string> =>
  isReported(error) ? Option.none() : isExpected(error) ? Option.some(`✗ ${describe(error)}`) : Option.none()

/**
 * Reports how a run ended on stderr: one line for an expected failure, the full cause for a defect, nothing for
 * failures already reported (command-line errors, failed tables) or an interruption.
 */
export const report = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | Output> =>
  Effect.tapErrorCause(effect, (cause) =>
    Effect.flatMap(Output, (output) =>
      Effect.sync(() => {
        if (Cause.isInterruptedOnly(cause)) return
        const failure = Cause.failureOption(cause)
        if (Option.isSome(failure) && !Cause.isDie(cause)) {
          const line = lineFor(failure.value)
          if (Option.isSome(line)) output.stderr.write(`${line.value}\n`)
          else if (!isReported(failure.value)) output.stderr.write(`${Cause.pretty(cause)}\n`)
          return
        }
        output.stderr.write(`${Cause.pretty(cause)}\n`)
      })
    )
  )

/** The exit status of a run: 0 ok, 2 for a command line that does not parse, 130 interrupted, else 1. */
export const exitCode = <E, A>(exit: Exit.Exit<A, E>): number => {
  if (Exit.isSuccess(exit)) return ExitCode.ok
  if (Cause.isInterruptedOnly(exit.cause)) return ExitCode.interrupted
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure) && ValidationError.isValidationError(failure.value)) return ExitCode.usage
  return ExitCode.failed
}

export const teardown: Teardown = (exit, onExit) => onExit(exitCode(exit))
