import { Progress } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"
import { Output } from "../Output.js"
import { maskUrls } from "./Format.js"

/** One JSON object per line. */
export const line = (value: unknown): string => `${JSON.stringify(value)}\n`

/** Every sync event as one JSON object per line, and nothing else. */
export const make = (write: (text: string) => void): Progress.ProgressShape => ({
  emit: (event) =>
    Effect.sync(() =>
      write(line("message" in event ? { ...event, message: maskUrls(event.message) } : event))
    )
})

/** Events on stdout. */
export const layer: Layer.Layer<Progress.Progress, never, Output> = Layer.effect(
  Progress.Progress,
  Effect.map(Output, (output) => make(output.stdout.write))
)
