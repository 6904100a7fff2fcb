import { ConfigError, type Source } from "@sluice/source-sdk"
import { Context, Effect, Layer } from "effect"

/** The sources a run can name. A service, so tests can run the same commands with other sources. */
export class Registry extends Context.Tag("@sluice/runner/Registry")<
  Registry,
  ReadonlyArray<Source.Source>
>() {
  static readonly layer = (sources: ReadonlyArray<Source.Source>): Layer.Layer<Registry> =>
    Layer.succeed(Registry, sources)
}

/** The registered source of that name; an unknown name fails with the list of registered ones. */
export const find = (name: string): Effect.Effect<Source.Source, ConfigError, Registry> =>
  Effect.flatMap(Registry, (sources) => {
    const found = sources.find((source) => source.name === name)
    return found !== undefined
      ? Effect.succeed(found)
      : Effect.fail(
          new ConfigError({
            reason: "Invalid",
            fields: ["source"],
            message: `unknown source "${name}": expected one of ${sources.map((source) => source.name).join(", ")}`
          })
        )
  })
