import { Progress } from "@sluice/source-sdk"
import { Effect } from "effect"

/** Emits retry and token notices to the runner's progress stream. */
export interface Notices {
  readonly emit: (notice: {
    readonly table?: string
    readonly level: "info" | "warn"
    readonly kind: Progress.NoticeKind
    readonly message: string
  }) => Effect.Effect<void>
}

export const source = "commercetools"

/** Notices go to the Progress service of whoever runs the read (none: dropped). */
export const make: Effect.Effect<Notices> = Effect.succeed({
  emit: (notice) => Progress.emit({ _tag: "Notice", source, ...notice })
})
