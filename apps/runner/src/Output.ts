import { Context, Effect, Layer } from "effect"

/** One output stream: stdout or stderr, or a buffer in tests. */
export interface Sink {
  readonly write: (text: string) => void
  /** A terminal gets live lines rewritten in place; anything else gets whole lines. */
  readonly isTTY: boolean
  readonly columns?: number
}

/**
 * Where commands print: results on stdout (under `--json`, JSON lines and nothing else), everything meant for
 * people on stderr. A service, so a test runs a command in-process and reads both.
 */
export class Output extends Context.Tag("@sluice/runner/Output")<
  Output,
  { readonly stdout: Sink; readonly stderr: Sink }
>() {
  /** The process's own stdout and stderr. */
  static readonly process: Layer.Layer<Output> = Layer.sync(Output, () => ({
    stdout: sinkOf(process.stdout),
    stderr: sinkOf(process.stderr)
  }))
}

const sinkOf = (stream: NodeJS.WriteStream): Sink => ({
  write: (text) => {
    stream.write(text)
  },
  isTTY: stream.isTTY === true,
  ...(stream.columns > 0 ? { columns: stream.columns } : {})
})

/** Writes text on stdout as is. */
export const stdout = (text: string): Effect.Effect<void, never, Output> =>
  Effect.flatMap(Output, (output) => Effect.sync(() => output.stdout.write(text)))

/** Writes a line for people on stderr. */
export const say = (line: string): Effect.Effect<void, never, Output> =>
  Effect.flatMap(Output, (output) => Effect.sync(() => output.stderr.write(`${line}\n`)))
