import { Progress } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"

/** A Progress service that keeps every event, for assertions. */
export const collecting = (events: Array<Progress.SyncEvent>): Layer.Layer<Progress.Progress> =>
  Layer.succeed(Progress.Progress, { emit: (event) => Effect.sync(() => void events.push(event)) })

export const notices = (events: ReadonlyArray<Progress.SyncEvent>) =>
  events.flatMap((event) => (event._tag === "Notice" ? [event] : []))
