/** Reads and writes `_sync_state` (Drizzle-built statements run on the warehouse's own session). */
import { Checkpoint, type SyncMode, type Warehouse } from "@sluice/source-sdk"
import { and, eq, fillPlaceholders, sql } from "drizzle-orm"
import type { AnyPgColumn } from "drizzle-orm/pg-core"
import { drizzle } from "drizzle-orm/pg-proxy"
import { Effect, Option, Schema } from "effect"
import { syncState, syncStateTable } from "../Tables.js"
import * as Ddl from "./Ddl.js"
import type { Row, Session, SqlFailure } from "./Session.js"

type TableState = Warehouse.TableState

/** Builds SQL only; statements run through the warehouse driver, inside the page's transaction when there is one. */
const builder = drizzle(() => Promise.reject(new Error("the StateStore builder never executes queries")))

const run = (session: Session, query: { readonly toSQL: () => { sql: string; params: Array<unknown> } }) => {
  const { sql: text, params } = query.toSQL()
  return session.query(text, params)
}

const iso = (column: AnyPgColumn) =>
  sql<string | null>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/** The upsert's statement by source and by whether it moves `lastReconciledAt`: built once, with placeholders. */
const upserts = new Map<string, { readonly sql: string; readonly params: Array<unknown> }>()

const upsertOf = (source: string, reconciled: boolean) => {
  const key = `${reconciled}:${source}`
  const known = upserts.get(key)
  if (known !== undefined) return known
  const table = syncState(source)
  // The row's new values, as inserted: a conflict takes them from the row that was refused (`excluded`).
  const excluded = (column: AnyPgColumn) => sql.raw(`excluded."${column.name}"`)
  const built = builder
    .insert(table)
    .values({
      source: sql.placeholder("source"),
      table: sql.placeholder("table"),
      mode: sql.placeholder("mode"),
      cursor: sql.placeholder("cursor"),
      checkpoint: sql.placeholder("checkpoint"),
      lastStartedAt: sql.placeholder("lastStartedAt"),
      lastCompletedAt: sql.placeholder("lastCompletedAt"),
      ...(reconciled ? { lastReconciledAt: sql.placeholder("lastReconciledAt") } : {}),
      updatedAt: sql`now()`
    })
    .onConflictDoUpdate({
      target: [table.source, table.table],
      set: {
        mode: excluded(table.mode),
        cursor: excluded(table.cursor),
        checkpoint: excluded(table.checkpoint),
        lastStartedAt: excluded(table.lastStartedAt),
        lastCompletedAt: excluded(table.lastCompletedAt),
        ...(reconciled ? { lastReconciledAt: excluded(table.lastReconciledAt) } : {}),
        updatedAt: sql`now()`
      }
    })
    .toSQL()
  upserts.set(key, built)
  return built
}

/**
 * Upserts a table's state; absent fields are cleared (a completed sync has no checkpoint), except
 * `lastReconciledAt`, which only a reconciliation moves (`markReconciled`). It runs with every page: the statement
 * is built once per source (Drizzle, with placeholders) and each page fills in its values.
 */
export const save = (session: Session, state: TableState): Effect.Effect<void, SqlFailure> => {
  const upsert = upsertOf(state.source, state.lastReconciledAt !== undefined)
  const params = fillPlaceholders(upsert.params, {
    source: state.source,
    table: state.table,
    mode: state.mode,
    cursor: state.cursor ?? null,
    checkpoint: state.checkpoint ?? null,
    lastStartedAt: state.lastStartedAt ?? null,
    lastCompletedAt: state.lastCompletedAt ?? null,
    lastReconciledAt: state.lastReconciledAt ?? null
  })
  return session.query(upsert.sql, params).pipe(Effect.asVoid)
}

/** Records a reconciliation of a table (creating its state row, in `mode`, when it has none). */
export const markReconciled = (
  session: Session,
  source: string,
  tableName: string,
  mode: SyncMode.SyncModeName,
  at: string
): Effect.Effect<void, SqlFailure> => {
  const table = syncState(source)
  return run(
    session,
    builder
      .insert(table)
      .values({ source, table: tableName, mode, lastReconciledAt: at })
      .onConflictDoUpdate({
        target: [table.source, table.table],
        set: { lastReconciledAt: at, updatedAt: sql`now()` }
      })
  ).pipe(Effect.asVoid)
}

const StoredState = Schema.Struct({
  source: Schema.String,
  table: Schema.String,
  mode: Schema.Literal("incremental", "full_refresh", "append"),
  cursor: Schema.NullOr(Schema.String),
  checkpoint: Schema.NullOr(Checkpoint.Checkpoint),
  last_started_at: Schema.NullOr(Schema.String),
  last_completed_at: Schema.NullOr(Schema.String),
  last_reconciled_at: Schema.NullOr(Schema.String)
})

/** A stored row as the SDK's TableState; fails with the parse error when the row is not one we wrote. */
export const decode = (row: Row): Effect.Effect<TableState, string> =>
  Schema.decodeUnknown(StoredState)(row).pipe(
    Effect.mapError((error) => error.message),
    Effect.map(
      (stored): TableState => ({
        source: stored.source,
        table: stored.table,
        mode: stored.mode satisfies SyncMode.SyncModeName,
        ...(stored.cursor !== null ? { cursor: stored.cursor } : {}),
        ...(stored.checkpoint !== null ? { checkpoint: stored.checkpoint } : {}),
        ...(stored.last_started_at !== null ? { lastStartedAt: stored.last_started_at } : {}),
        ...(stored.last_completed_at !== null ? { lastCompletedAt: stored.last_completed_at } : {}),
        ...(stored.last_reconciled_at !== null ? { lastReconciledAt: stored.last_reconciled_at } : {})
      })
    )
  )

const select = (source: string) => {
  const table = syncState(source)
  return {
    table,
    query: builder
      .select({
        source: table.source,
        table: table.table,
        mode: table.mode,
        cursor: table.cursor,
        checkpoint: table.checkpoint,
        last_started_at: iso(table.lastStartedAt).as("last_started_at"),
        last_completed_at: iso(table.lastCompletedAt).as("last_completed_at"),
        last_reconciled_at: iso(table.lastReconciledAt).as("last_reconciled_at")
      })
      .from(table)
  }
}

const newest = syncState("sluice").lastReconciledAt

/** Whether the source's state table exists (a source never synced has none); an older one gains its new column. */
export const exists = (session: Session, source: string) =>
  Ddl.existsWith(session, source, syncStateTable, { name: newest.name, sqlType: newest.getSQLType() })

export const load = (session: Session, source: string, tableName: string) =>
  Effect.gen(function* () {
    if (!(yield* exists(session, source))) return Option.none<Row>()
    const { table, query } = select(source)
    const rows = yield* run(session, query.where(and(eq(table.source, source), eq(table.table, tableName))))
    return Option.fromNullable(rows[0])
  })

export const list = (session: Session, source: string) =>
  Effect.gen(function* () {
    if (!(yield* exists(session, source))) return [] as ReadonlyArray<Row>
    const { table, query } = select(source)
    return yield* run(session, query.where(eq(table.source, source)).orderBy(table.table))
  })

export const remove = (session: Session, source: string, tableName: string) =>
  Effect.gen(function* () {
    if (!(yield* exists(session, source))) return
    const table = syncState(source)
    yield* run(
      session,
      builder.delete(table).where(and(eq(table.source, source), eq(table.table, tableName)))
    )
  })
