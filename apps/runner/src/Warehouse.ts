import * as Path from "node:path"
import { Warehouse as Sdk, type WarehouseError } from "@sluice/source-sdk"
import { PostgresWarehouse } from "@sluice/warehouse-postgres"
import { Context, Effect, Layer } from "effect"

type Warehouse = Sdk.Warehouse

/**
 * Where the embedded warehouse keeps its files: `SLUICE_DATA_DIR`, else `.data/warehouse` under the directory the
 * command was started from (`pnpm --filter` changes the working directory; `INIT_CWD` is where pnpm was run).
 */
export const dataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SLUICE_DATA_DIR !== undefined && env.SLUICE_DATA_DIR !== ""
    ? Path.resolve(env.SLUICE_DATA_DIR)
    : Path.join(env.INIT_CWD ?? process.cwd(), ".data", "warehouse")

/** The warehouse the runner writes to: Postgres at `DATABASE_URL`, else embedded PGlite under `dataDir()`. */
const live: Layer.Layer<Warehouse, WarehouseError> = Layer.suspend(() =>
  PostgresWarehouse.layerFromEnv({ dataDir: dataDir() })
)

/** Where the data goes, for people: the password is masked. */
export const location: Effect.Effect<string, WarehouseError> = Effect.suspend(() =>
  PostgresWarehouse.optionsFromEnv({ dataDir: dataDir() })
).pipe(Effect.map(PostgresWarehouse.describeTarget))

/**
 * A service built on first use: every member defers to the service `layer` builds the first time one is called, in
 * the scope of the returned layer. Sound for services whose members all return Effects that may fail with `E`.
 */
const onFirstUse = <I, S extends object, E>(
  tag: Context.Tag<I, S>,
  layer: Layer.Layer<I, E>
): Layer.Layer<I> =>
  Layer.scoped(
    tag,
    Effect.gen(function* () {
      const scope = yield* Effect.scope
      const built = yield* Effect.cached(
        Layer.buildWithScope(layer, scope).pipe(Effect.map(Context.get(tag)))
      )
      const member =
        (key: PropertyKey) =>
        (...args: ReadonlyArray<unknown>) =>
          Effect.flatMap(built, (service) =>
            Reflect.apply(
              Reflect.get(service, key) as (
                ...args: ReadonlyArray<unknown>
              ) => Effect.Effect<unknown, unknown, unknown>,
              service,
              args
            )
          )
      // Only string keys are members: symbols and "then" are how runtimes probe an object, not calls.
      return new Proxy({} as S, {
        get: (_, key) => (typeof key === "string" && key !== "then" ? member(key) : undefined)
      })
    })
  )

/**
 * The warehouse, connected on first use: commands that never touch it (`tables`, `spec`) open no database.
 * A connection failure surfaces as the WarehouseError of the first call (every Warehouse method fails with one).
 */
export const layer: Layer.Layer<Sdk.Warehouse> = onFirstUse(Sdk.Warehouse, live)
