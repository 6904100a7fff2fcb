import { Warehouse, type WarehouseError } from "@sluice/source-sdk"
import { Context, Effect, Layer } from "effect"

const importWarehouse = () => Effect.promise(() => import("./Warehouse.js"))

/**
 * Where a run writes: the warehouse, opened only by the commands that use it and closed when they end, and where
 * it is, for people. A service, so tests run the commands against a warehouse of their own.
 */
export class Destination extends Context.Tag("@sluice/runner/Destination")<
  Destination,
  {
    readonly warehouse: Layer.Layer<Warehouse.Warehouse, WarehouseError>
    readonly location: Effect.Effect<string, WarehouseError>
  }
>() {
  /**
   * Postgres at `DATABASE_URL`, else embedded PGlite. Its code, drivers included, is imported when a command first
   * needs it: `tables` or `spec` never load a database driver.
   */
  static readonly fromEnv: Layer.Layer<Destination> = Layer.succeed(Destination, {
    warehouse: Layer.unwrapEffect(Effect.map(importWarehouse(), (module) => module.layer)),
    location: Effect.flatMap(importWarehouse(), (module) => module.location)
  })

  /** A warehouse that is already open (in memory, in a test), shared by every command run with this layer. */
  static readonly layer = (warehouse: Warehouse.WarehouseShape, location: string): Layer.Layer<Destination> =>
    Layer.succeed(Destination, {
      warehouse: Layer.succeed(Warehouse.Warehouse, warehouse),
      location: Effect.succeed(location)
    })
}

/** Runs a command's work with the destination's warehouse, open for as long as the work runs. */
export const use = <A, E, R>(
  effect: Effect.Effect<A, E, R>
): Effect.Effect<A, E | WarehouseError, Exclude<R, Warehouse.Warehouse> | Destination> =>
  Effect.flatMap(Destination, (destination) => Effect.provide(effect, destination.warehouse))

/** Where the data goes, for people (a URL's password masked). */
export const location: Effect.Effect<string, WarehouseError, Destination> = Effect.flatMap(
  Destination,
  (destination) => destination.location
)
