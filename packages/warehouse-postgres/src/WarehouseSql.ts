import type { WarehouseError } from "@sluice/source-sdk"
import { Context, type Effect } from "effect"
import type { Row } from "./internal/Session.js"

/** Reads the warehouse through the connection the Warehouse writes with (tests, benchmarks, `runner state`). */
export interface WarehouseSqlShape {
  readonly kind: "postgres" | "pglite"
  /** Where the data lives, safe to print (password masked). */
  readonly location: string
  /**
   * Runs one statement with `$1`-style parameters. Values come as the driver parses them: int8 as a number when it
   * fits (else its text), timestamptz as a Date, jsonb parsed; cast in SQL for anything else.
   */
  readonly query: (
    sql: string,
    params?: ReadonlyArray<unknown>
  ) => Effect.Effect<ReadonlyArray<Row>, WarehouseError>
}

export class WarehouseSql extends Context.Tag("@sluice/warehouse-postgres/WarehouseSql")<
  WarehouseSql,
  WarehouseSqlShape
>() {}
