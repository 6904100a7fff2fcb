import * as Path from "node:path"
import { Warehouse as Sdk, type WarehouseError } from "@sluice/source-sdk"
import { PostgresWarehouse } from "@sluice/warehouse-postgres"
import { Context, Effect, Layer } from "effect"

type Warehouse = Sdk.Warehouse
type WarehouseShape = Sdk.WarehouseShape

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
 * The warehouse, connected on first use: commands that never touch it (`tables`, `spec`) open no database.
 * A connection failure surfaces as the WarehouseError of the first call.
 */
export const layer: Layer.Layer<Sdk.Warehouse> = Layer.scoped(
  Sdk.Warehouse,
  Effect.gen(function* () {
    const scope = yield* Effect.scope
    const connected = yield* Effect.cached(
      Layer.buildWithScope(live, scope).pipe(Effect.map(Context.get(Sdk.Warehouse)))
    )
    const use = <A>(f: (warehouse: WarehouseShape) => Effect.Effect<A, WarehouseError>) =>
      Effect.flatMap(connected, f)
    const warehouse: WarehouseShape = {
      prepare: (target, disposition, options) => use((w) => w.prepare(target, disposition, options)),
      writePage: (target, disposition, records, state) =>
        use((w) => w.writePage(target, disposition, records, state)),
      complete: (target, disposition, state) => use((w) => w.complete(target, disposition, state)),
      loadState: (source, table) => use((w) => w.loadState(source, table)),
      states: (source) => use((w) => w.states(source)),
      resetState: (source, table) => use((w) => w.resetState(source, table)),
      applyDeletions: (batches, state) => use((w) => w.applyDeletions(batches, state)),
      reconcile: (target, disposition, policy, listed, options) =>
        Effect.flatMap(connected, (w) => w.reconcile(target, disposition, policy, listed, options)),
      lock: (source) => Effect.flatMap(connected, (w) => w.lock(source))
    }
    return warehouse
  })
)
