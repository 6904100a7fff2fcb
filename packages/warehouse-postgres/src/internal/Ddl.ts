/**
 * The warehouse's DDL, as plain SQL: Drizzle (see `Tables.ts`) cannot express `PARTITION BY`.
 * Every statement is idempotent (IF NOT EXISTS) and safe when two writers race.
 *
 * Never point drizzle-kit push/pull at the warehouse: they treat the partitions as plain tables and may
 * propose dropping them.
 */

import { SQL } from "drizzle-orm"
import { getTableConfig, PgDialect, type PgTable } from "drizzle-orm/pg-core"
import { Effect, Schedule } from "effect"
import { syncState, syncStateTable } from "../Tables.js"
import { ident, literal, qualified } from "./Identifiers.js"
import { deletedAt, extraColumn, primaryKeyOf, syncedAtColumn, type TableLayout } from "./Layout.js"
import * as Partitions from "./Partitions.js"
import type { Compression, Session, SqlFailure } from "./Session.js"

/** Errors a losing racer gets from `IF NOT EXISTS` DDL: the winner's catalog row or relation already exists. */
const raceCodes = new Set(["23505", "42P07", "42P06", "42710"])

/** Retries DDL that lost a race: the second attempt sees the winner's object and skips it. */
export const idempotent = <A>(ddl: Effect.Effect<A, SqlFailure>): Effect.Effect<A, SqlFailure> =>
  ddl.pipe(
    Effect.retry({
      while: (failure) => failure.code !== undefined && raceCodes.has(failure.code),
      schedule: Schedule.spaced("10 millis"),
      times: 3
    })
  )

/** Where a replace writes until it swaps in: the same table name in `{source}__shadow`. */
export const shadowSchemaOf = (source: string): string => `${source}__shadow`

export const createSchema = (session: Session, schema: string) =>
  idempotent(session.exec(`CREATE SCHEMA IF NOT EXISTS ${ident(schema)}`))

const dialect = new PgDialect()

/** A Drizzle-declared table's columns as DDL: name, type, NOT NULL and default. */
const columnsOf = (table: PgTable) =>
  getTableConfig(table).columns.map((column) => ({
    name: column.name,
    sqlType: column.getSQLType(),
    definition: `${ident(column.name)} ${column.getSQLType()}${column.notNull ? " NOT NULL" : ""}${
      column.default instanceof SQL ? ` DEFAULT ${dialect.sqlToQuery(column.default).sql}` : ""
    }`
  }))

/** `_sync_state` as `Tables.syncState` declares it; an older one gains the columns added since (all nullable). */
export const createStateTable = (session: Session, schema: string) => {
  const table = syncState(schema)
  const columns = columnsOf(table)
  const key = getTableConfig(table).primaryKeys.flatMap((primary) =>
    primary.columns.map((column) => ident(column.name))
  )
  return idempotent(
    session.exec(
      `CREATE TABLE IF NOT EXISTS ${qualified(schema, syncStateTable)} (\n  ${[
        ...columns.map((column) => column.definition),
        `PRIMARY KEY (${key.join(", ")})`
      ].join(",\n  ")}\n)`
    )
  ).pipe(Effect.zipRight(addColumns(session, schema, syncStateTable, columns)))
}

/** A column's type, with its compression for the types that hold large values (partitions inherit it). */
const typed = (sqlType: string, compression: Compression) =>
  compression !== "default" && (sqlType === "jsonb" || sqlType === "text")
    ? `${sqlType} COMPRESSION ${compression}`
    : sqlType

/** The partitioned parent and its default partition. */
export const createTable = (
  session: Session,
  schema: string,
  layout: TableLayout,
  append: boolean,
  compression: Compression
) => {
  const columns = [
    ...layout.columns.map(
      (column) =>
        `  ${ident(column.name)} ${typed(column.sqlType, compression)}${column.notNull ? " NOT NULL" : ""}`
    ),
    `  ${ident(extraColumn)} ${typed("jsonb", compression)}`,
    `  ${ident(syncedAtColumn)} timestamptz NOT NULL DEFAULT now()`,
    `  ${ident(deletedAt.name)} ${deletedAt.sqlType}`,
    `  PRIMARY KEY (${primaryKeyOf(layout, append).map(ident).join(", ")})`
  ]
  const parent = qualified(schema, layout.table)
  // One round trip and one commit for both.
  return idempotent(
    session.exec(
      `CREATE TABLE IF NOT EXISTS ${parent} (\n${columns.join(",\n")}\n) PARTITION BY RANGE (${ident(layout.partition.name)});
CREATE TABLE IF NOT EXISTS ${qualified(schema, Partitions.defaultPartitionName(layout.table))} PARTITION OF ${parent} DEFAULT`
    )
  )
}

/**
 * Periods' partitions, `{table}_pYYYY_MM` (a month) or `{table}_pYYYY` (a year), each holding `[first instant of
 * the period, first instant of the next)`: one round trip and one commit for all of them (a first page of a table
 * often spans every period it has).
 */
export const createPartitions = (
  session: Session,
  schema: string,
  table: string,
  periods: ReadonlyArray<Partitions.Period>
) =>
  periods.length === 0
    ? Effect.void
    : idempotent(
        session.exec(
          periods
            .map((period) => {
              const { from, to } = Partitions.bounds(period)
              return `CREATE TABLE IF NOT EXISTS ${qualified(schema, Partitions.partitionName(table, period))} PARTITION OF ${qualified(schema, table)} FOR VALUES FROM (${literal(from)}) TO (${literal(to)})`
            })
            .join(";\n")
        )
      )

/** Adds the columns of `wanted` a table lacks; existing rows keep their data, new columns are NULL. */
const addColumns = (
  session: Session,
  schema: string,
  table: string,
  wanted: ReadonlyArray<{ readonly name: string; readonly sqlType: string }>
) =>
  Effect.gen(function* () {
    const rows = yield* session.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
      [schema, table]
    )
    const present = new Set(rows.map((row) => String(row.column_name)))
    const missing = wanted.filter((column) => !present.has(column.name))
    if (missing.length === 0) return [] as ReadonlyArray<string>
    yield* idempotent(
      session.exec(
        missing
          .map(
            (column) =>
              `ALTER TABLE ${qualified(schema, table)} ADD COLUMN IF NOT EXISTS ${ident(column.name)} ${column.sqlType}`
          )
          .join(";\n")
      )
    )
    return missing.map((column) => column.name)
  })

/** Adds the columns a source table lacks (a field added to the schema, or `_deleted_at` on an older table). */
export const addMissingColumns = (
  session: Session,
  schema: string,
  layout: TableLayout,
  compression: Compression
) =>
  addColumns(session, schema, layout.table, [
    ...layout.columns.map((column) => ({ ...column, sqlType: typed(column.sqlType, compression) })),
    deletedAt
  ])

/** The primary key columns of a table, or undefined when it does not exist. */
export const primaryKeyColumns = (session: Session, schema: string, table: string) =>
  session
    .query(
      `SELECT a.attname AS name
FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
WHERE i.indrelid = to_regclass($1) AND i.indisprimary`,
      [qualified(schema, table)]
    )
    .pipe(
      Effect.zipWith(exists(session, schema, table), (key, found) =>
        found ? key.map((row) => String(row.name)) : undefined
      )
    )

export const dropTable = (session: Session, schema: string, table: string) =>
  session.exec(`DROP TABLE IF EXISTS ${qualified(schema, table)}`)

/** The partitions of a table, by name. */
export const partitionsOf = (session: Session, schema: string, table: string) =>
  session
    .query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
WHERE i.inhparent = to_regclass($1) ORDER BY c.relname`,
      [qualified(schema, table)]
    )
    .pipe(Effect.map((rows) => rows.map((row) => String(row.name))))

/** The one table-exists query: whether the table exists, and whether it has the column named (if any). */
const lookup = (session: Session, schema: string, table: string, column: string) =>
  session
    .query(
      `SELECT to_regclass($1) IS NOT NULL AS present,
  EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped) AS complete`,
      [qualified(schema, table), column]
    )
    .pipe(
      Effect.map((rows) => ({ present: rows[0]?.present === true, complete: rows[0]?.complete === true }))
    )

/** Whether a table exists. */
export const exists = (session: Session, schema: string, table: string): Effect.Effect<boolean, SqlFailure> =>
  lookup(session, schema, table, "").pipe(Effect.map((found) => found.present))

/**
 * Whether a table exists, adding `column` when it exists without it (a table created before the column was
 * introduced and not prepared since).
 */
export const existsWith = (
  session: Session,
  schema: string,
  table: string,
  column: { readonly name: string; readonly sqlType: string }
): Effect.Effect<boolean, SqlFailure> =>
  Effect.gen(function* () {
    const found = yield* lookup(session, schema, table, column.name)
    if (found.present && !found.complete) yield* addColumns(session, schema, table, [column])
    return found.present
  })
