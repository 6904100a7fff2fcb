import * as Path from "node:path"
import type { Warehouse as Sdk, WarehouseError } from "@sluice/source-sdk"
import { PostgresWarehouse } from "@sluice/warehouse-postgres"
import { Effect, Layer } from "effect"

type Warehouse = Sdk.Warehouse

/**
 * Where the embedded warehouse keeps its files: `SLUICE_DATA_DIR`, else `.data/warehouse` under the directory the
 * command was started from (`pnpm --filter` changes the working directory; `INIT_CWD` is where pnpm was run).
 */
export const dataDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env.SLUICE_DATA_DIR !== undefined && env.SLUICE_DATA_DIR !== ""
    ? Path.resolve(env.SLUICE_DATA_DIR)
    : Path.join(env.INIT_CWD ?? process.cwd(), ".data", "warehouse")

/**
 * The warehouse the runner writes to: Postgres at `DATABASE_URL`, else embedded PGlite under `dataDir()`. Opened by
 * `Destination.use` only for the commands that write or read it.
 */
export const layer: Layer.Layer<Warehouse, WarehouseError> = Layer.suspend(() =>
  PostgresWarehouse.layerFromEnv({ dataDir: dataDir() })
)

/** Where the data goes, for people: the password is masked. */
export const location: Effect.Effect<string, WarehouseError> = Effect.suspend(() =>
  PostgresWarehouse.optionsFromEnv({ dataDir: dataDir() })
).pipe(Effect.map(PostgresWarehouse.describeTarget))
