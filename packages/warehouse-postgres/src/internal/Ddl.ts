/**
 * The warehouse's DDL, as plain SQL: Drizzle (see `Tables.ts`) cannot express `PARTITION BY`.
 * Every statement is idempotent (IF NOT EXISTS) and safe when two writers race.
 *
 * Never point drizzle-kit push/pull at the warehouse: they treat the monthly partitions as plain tables and may
 * propose dropping them.
 */
import { Effect, Schedule } from "effect"
import { syncStateTable } from "../Tables.js"
import { ident, literal, qualified } from "./Identifiers.js"
import { deletedAtColumn, extraColumn, primaryKeyOf, syncedAtColumn, type TableLayout } from "./Layout.js"
import * as Partitions from "./Partitions.js"
import type { Session, SqlFailure } from "./Session.js"

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

export const createStateTable = (session: Session, schema: string) =>
  idempotent(
    session.exec(`CREATE TABLE IF NOT EXISTS ${qualified(schema, syncStateTable)} (
  "source" text NOT NULL,
  "table" text NOT NULL,
  "mode" text NOT NULL,
  "cursor" text,
  "checkpoint" jsonb,
  "last_started_at" timestamptz,
  "last_completed_at" timestamptz,
  "last_reconciled_at" timestamptz,
  "updated_at" timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY ("source", "table")
)`)
  ).pipe(
    // State tables created before reconciliation existed gain its column.
    Effect.zipRight(
      idempotent(
        session.exec(
          `ALTER TABLE ${qualified(schema, syncStateTable)} ADD COLUMN IF NOT EXISTS "last_reconciled_at" timestamptz`
        )
      )
    )
  )

/** The partitioned parent and its default partition. */
export const createTable = (session: Session, schema: string, layout: TableLayout, append: boolean) => {
  const columns = [
    ...layout.columns.map(
      (column) => `  ${ident(column.name)} ${column.sqlType}${column.notNull ? " NOT NULL" : ""}`
    ),
    `  ${ident(extraColumn)} jsonb`,
    `  ${ident(syncedAtColumn)} timestamptz NOT NULL DEFAULT now()`,
    `  ${ident(deletedAtColumn)} timestamptz`,
    `  PRIMARY KEY (${primaryKeyOf(layout, append).map(ident).join(", ")})`
  ]
  const parent = qualified(schema, layout.table)
  return idempotent(
    session.exec(
      `CREATE TABLE IF NOT EXISTS ${parent} (\n${columns.join(",\n")}\n) PARTITION BY RANGE (${ident(layout.partition.name)})`
    )
  ).pipe(
    Effect.zipRight(
      idempotent(
        session.exec(
          `CREATE TABLE IF NOT EXISTS ${qualified(schema, Partitions.defaultPartitionName(layout.table))} PARTITION OF ${parent} DEFAULT`
        )
      )
    )
  )
}

/** One month's partition: `{table}_pYYYY_MM` holding `[first instant of the month, first instant of the next)`. */
export const createPartition = (session: Session, schema: string, table: string, month: Partitions.Month) => {
  const { from, to } = Partitions.bounds(month)
  return idempotent(
    session.exec(
      `CREATE TABLE IF NOT EXISTS ${qualified(schema, Partitions.partitionName(table, month))} PARTITION OF ${qualified(schema, table)} FOR VALUES FROM (${literal(from)}) TO (${literal(to)})`
    )
  )
}

/** Adds the columns a table lacks (a field added to the schema); existing rows keep their data, new columns are NULL. */
export const addMissingColumns = (session: Session, schema: string, layout: TableLayout) =>
  Effect.gen(function* () {
    const rows = yield* session.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2",
      [schema, layout.table]
    )
    const present = new Set(rows.map((row) => String(row.column_name)))
    // `_deleted_at` came after the first tables: they gain it like any new field.
    const wanted = [...layout.columns, { name: deletedAtColumn, sqlType: "timestamptz" }]
    const missing = wanted.filter((column) => !present.has(column.name))
    if (missing.length === 0) return [] as ReadonlyArray<string>
    yield* idempotent(
      session.exec(
        missing
          .map(
            (column) =>
              `ALTER TABLE ${qualified(schema, layout.table)} ADD COLUMN IF NOT EXISTS ${ident(column.name)} ${column.sqlType}`
          )
          .join(";\n")
      )
    )
    return missing.map((column) => column.name)
  })

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

/**
 * Whether a table exists, adding `column` when it exists without it (a table created before the column was
 * introduced and not prepared since). The one table-exists query of the warehouse.
 */
export const existsWith = (
  session: Session,
  schema: string,
  table: string,
  column: { readonly name: string; readonly sqlType: string }
): Effect.Effect<boolean, SqlFailure> =>
  Effect.gen(function* () {
    const rows = yield* session.query(
      `SELECT to_regclass($1) IS NOT NULL AS present,
  EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass($1) AND attname = $2 AND NOT attisdropped) AS complete`,
      [qualified(schema, table), column.name]
    )
    const present = rows[0]?.present === true
    if (present && rows[0]?.complete !== true) {
      yield* idempotent(
        session.exec(
          `ALTER TABLE ${qualified(schema, table)} ADD COLUMN IF NOT EXISTS ${ident(column.name)} ${column.sqlType}`
        )
      )
    }
    return present
  })

/** Whether a table exists. */
export const exists = (session: Session, schema: string, table: string): Effect.Effect<boolean, SqlFailure> =>
  session
    .query("SELECT to_regclass($1) IS NOT NULL AS present", [qualified(schema, table)])
    .pipe(Effect.map((rows) => rows[0]?.present === true))
