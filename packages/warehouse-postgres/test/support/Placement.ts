import { Effect } from "effect"
import { WarehouseSql } from "../../src/index.js"

/**
 * Where a source's orders landed: each row's partition (by id), each partition of the table with its bounds
 * (default first), and how many rows the default partition caught.
 */
export const placement = (source: string) =>
  Effect.gen(function* () {
    const sql = yield* WarehouseSql
    const rows = yield* sql.query(
      `SELECT id, tableoid::regclass::text AS partition FROM "${source}".orders ORDER BY id`
    )
    const children = yield* sql.query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
       FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = '"${source}".orders'::regclass ORDER BY c.relname`
    )
    const caught = yield* sql.query(`SELECT count(*)::int AS n FROM "${source}".orders_default`)
    return {
      rows,
      partitions: children.map((child) => String(child.name)),
      bound: (name: string) => String(children.find((child) => child.name === name)?.bound),
      inDefault: Number(caught[0]?.n)
    }
  })
