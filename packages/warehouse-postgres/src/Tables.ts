/**
 * Drizzle descriptions of the warehouse tables, for typed queries.
 *
 * Drizzle cannot declare `PARTITION BY`, so the DDL that creates these tables (partitioned parents, monthly or
 * yearly children, the default partition) is plain SQL in `internal/Ddl.ts`. Never point `drizzle-kit push`/`pull`
 * at the warehouse: it treats the partitions as plain tables and may propose dropping them.
 */
import type { Warehouse } from "@sluice/source-sdk"
import { jsonb, type PgColumnBuilderBase, pgSchema, primaryKey, text, timestamp } from "drizzle-orm/pg-core"
import {
  columnTypes,
  type DataColumn,
  deletedAtColumn,
  extraColumn,
  layoutOf,
  syncedAtColumn
} from "./internal/Layout.js"

/** The name of the state table in each source's schema. */
export const syncStateTable = "_sync_state"

/** `_sync_state` in a source's schema: one row per table, written in the same transaction as each page. */
export const syncState = (source: string) =>
  pgSchema(source).table(
    syncStateTable,
    {
      source: text("source").notNull(),
      table: text("table").notNull(),
      mode: text("mode").notNull(),
      cursor: text("cursor"),
      checkpoint: jsonb("checkpoint"),
      lastStartedAt: timestamp("last_started_at", { withTimezone: true, mode: "string" }),
      lastCompletedAt: timestamp("last_completed_at", { withTimezone: true, mode: "string" }),
      lastReconciledAt: timestamp("last_reconciled_at", { withTimezone: true, mode: "string" }),
      updatedAt: timestamp("updated_at", { withTimezone: true, mode: "string" }).notNull().defaultNow()
    },
    (table) => [primaryKey({ columns: [table.source, table.table] })]
  )

const builderOf = (column: DataColumn): PgColumnBuilderBase => {
  const built = columnTypes[column.type].drizzle(column.name)
  return column.notNull ? built.notNull() : built
}

/**
 * A source table as Drizzle sees it (the partitioned parent), built from the table's columns: keys are the
 * record's field names, plus `_extra`, `_syncedAt` and `_deletedAt`. Query it with any Drizzle query builder.
 */
export const tableOf = (target: Warehouse.TableTarget) => {
  const layout = layoutOf(target)
  const columns: Record<string, PgColumnBuilderBase> = {}
  for (const column of layout.columns) columns[column.field] = builderOf(column)
  columns[extraColumn] = jsonb(extraColumn)
  columns._syncedAt = timestamp(syncedAtColumn, { withTimezone: true, mode: "string" }).notNull().defaultNow()
  columns._deletedAt = timestamp(deletedAtColumn, { withTimezone: true, mode: "string" })
  return pgSchema(layout.schema).table(layout.table, columns)
}
