import { Progress } from "@sluice/source-sdk"
import { Effect, Option } from "effect"

/** Emits retry and token notices to the runner's progress stream. */
export interface Notices {
  readonly emit: (notice: {
    readonly table?: string
    readonly level: "info" | "warn"
    readonly message: string
  }) => Effect.Effect<void>
}

export const source = "commercetools"

/**
 * Captures the Progress service present when the connection is built, and prefers one present where the notice is
 * emitted. Table reads run with the connection's own context only, so without the capture their notices would
 * reach no one.
 */
export const make: Effect.Effect<Notices> = Effect.map(
  Effect.serviceOption(Progress.Progress),
  (captured): Notices => ({
    emit: (notice) =>
      Effect.flatMap(Effect.serviceOption(Progress.Progress), (current) =>
        Option.match(
          Option.orElse(current, () => captured),
          {
            onNone: () => Effect.void,
            onSome: (progress) => progress.emit({ _tag: "Notice", source, ...notice })
          }
        )
      )
  })
)
