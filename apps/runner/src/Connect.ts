import { ConfigError, Settings, type Source, type SourceError } from "@sluice/source-sdk"
import { Effect, Either, Option, type Scope } from "effect"

export interface ConnectOptions<R = never> {
  /** Explicit `--setting` pairs, by setting name or environment variable. */
  readonly pairs: Readonly<Record<string, string>>
  /** Start the source's sandbox (with this scale) and connect to it. */
  readonly sandbox: Option.Option<{ readonly scale: Option.Option<number> }>
  /** Told where the run connects (the sandbox's description); never given a secret. */
  readonly onSandbox?: (description: string) => Effect.Effect<void, never, R>
}

/**
 * Connects a source. Settings come from `--setting` pairs over the environment; with a sandbox, from the sandbox
 * (which runs until the scope closes), explicit pairs still winning.
 */
export const connect = <R = never>(
  source: Source.Source,
  options: ConnectOptions<R>
): Effect.Effect<Source.Connection, ConfigError | SourceError, Scope.Scope | R> =>
  Effect.gen(function* () {
    const explicit = yield* Either.match(Settings.fromPairs(source.config, options.pairs), {
      onLeft: Effect.fail,
      onRight: Effect.succeed
    })
    if (Option.isNone(options.sandbox)) return yield* source.connect(explicit)
    if (source.sandbox === undefined) {
      return yield* new ConfigError({
        reason: "Invalid",
        fields: ["sandbox"],
        message: `${source.name} has no sandbox: connect it with its settings (see \`spec ${source.name}\`)`
      })
    }
    const scale = options.sandbox.value.scale
    const sandbox = yield* source.sandbox(Option.isSome(scale) ? { scale: scale.value } : {})
    if (options.onSandbox !== undefined) yield* options.onSandbox(sandbox.description)
    return yield* source.connect({ ...sandbox.settings, ...explicit })
  })

/** The `--sandbox` / `--scale` pair as one option; `--scale` alone is a mistake worth naming. */
export const sandboxOption = (
  sandbox: boolean,
  scale: Option.Option<number>
): Either.Either<ConnectOptions["sandbox"], ConfigError> =>
  sandbox
    ? Either.right(Option.some({ scale }))
    : Option.isSome(scale)
      ? Either.left(
          new ConfigError({
            reason: "Invalid",
            fields: ["scale"],
            message: "--scale only applies with --sandbox"
          })
        )
      : Either.right(Option.none())
