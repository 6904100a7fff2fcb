/**
 * A full refresh's swap that keeps views working: the live table (the parent the views read) stays; its
 * partitions are dropped and the shadow's partitions are moved under it, in the caller's transaction. Only
 * catalog changes and the partition-bound check run, no rows are copied, and readers see the old rows or the
 * new ones, never a mix.
 */

import { Effect } from "effect"
import { ident, qualified } from "./Identifiers.js"
import type { Session } from "./Session.js"

/** A relation's columns with their types as `format_type` spells them. */
const columnTypes = (session: Session, schema: string, table: string) =>
  session
    .query(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [qualified(schema, table)]
    )
    .pipe(Effect.map((rows) => new Map(rows.map((row) => [String(row.name), String(row.type)]))))

/** The partitions of a table with their bounds (`FOR VALUES FROM (…) TO (…)` or `DEFAULT`), the default last. */
const partitionsWithBounds = (session: Session, schema: string, table: string) =>
  session
    .query(
      `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound
FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = to_regclass($1) ORDER BY pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT', c.relname`,
      [qualified(schema, table)]
    )
    .pipe(Effect.map((rows) => rows.map((row) => ({ name: String(row.name), bound: String(row.bound) }))))

/**
 * Replaces the rows of `target.table` by those of `shadow.table` and drops the shadow. Columns only the live
 * table has are added to the shadow (NULL); a column whose type changed takes the shadow's type, which fails
 * when a view reads that column (PostgreSQL names the view).
 */
export const replaceRows = <E>(
  session: Session,
  shadow: string,
  target: string,
  table: string,
  /** Runs first when a column changes type (e.g. to drop views that read every column). */
  beforeRetype: Effect.Effect<void, E>
) =>
  Effect.gen(function* () {
    const live = yield* columnTypes(session, target, table)
    const fresh = yield* columnTypes(session, shadow, table)
    const statements: Array<string> = []
    for (const [name, type] of live) {
      if (!fresh.has(name))
        statements.push(`ALTER TABLE ${qualified(shadow, table)} ADD COLUMN ${ident(name)} ${type}`)
    }
    for (const [name, type] of fresh) {
      if (!live.has(name))
        statements.push(`ALTER TABLE ${qualified(target, table)} ADD COLUMN ${ident(name)} ${type}`)
    }
    const retyped = [...fresh].some(([name, type]) => live.has(name) && live.get(name) !== type)
    if (retyped) yield* beforeRetype
    const old = yield* partitionsWithBounds(session, target, table)
    for (const partition of old) statements.push(`DROP TABLE ${qualified(target, partition.name)}`)
    for (const [name, type] of fresh) {
      const was = live.get(name)
      // The live table holds no rows here, so the type change rewrites nothing.
      if (was !== undefined && was !== type)
        statements.push(
          `ALTER TABLE ${qualified(target, table)} ALTER COLUMN ${ident(name)} TYPE ${type} USING ${ident(name)}::${type}`
        )
    }
    const moving = yield* partitionsWithBounds(session, shadow, table)
    for (const partition of moving) {
      statements.push(
        `ALTER TABLE ${qualified(shadow, table)} DETACH PARTITION ${qualified(shadow, partition.name)}`,
        `ALTER TABLE ${qualified(shadow, partition.name)} SET SCHEMA ${ident(target)}`,
        `ALTER TABLE ${qualified(target, table)} ATTACH PARTITION ${qualified(target, partition.name)} ${partition.bound === "DEFAULT" ? "DEFAULT" : partition.bound}`
      )
    }
    statements.push(`DROP TABLE ${qualified(shadow, table)}`)
    yield* session.exec(statements.join(";\n"))
  })
