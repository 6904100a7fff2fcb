import { Context, type Effect, type Option } from "effect"
import type { Checkpoint } from "./Checkpoint.js"
import type { Column } from "./Columns.js"
import type { WarehouseError } from "./Errors.js"
import type { SourceRecord } from "./SourceRecord.js"
import type { SyncModeName, WriteDisposition } from "./SyncMode.js"
import { columns, type Partitioning, type TableInfo } from "./Table.js"

/** A table as a warehouse stores it: where it lives, its columns and its keys. */
export interface TableTarget {
  readonly source: string
  readonly table: string
  readonly columns: ReadonlyArray<Column>
  readonly primaryKey: string
  readonly versionField: string
  readonly cursorField: string
  readonly partition: Partitioning
}

export const target = (source: string, table: TableInfo): TableTarget => ({
  source,
  table: table.name,
  columns: columns(table),
  primaryKey: table.primaryKey,
  versionField: table.versionField,
  cursorField: table.cursorField,
  partition: table.partition
})

/** What a warehouse remembers of a table's syncs. Stored with each page, so it always matches the data. */
export interface TableState {
  readonly source: string
  readonly table: string
  readonly mode: SyncModeName
  /** Records with a cursor value up to this are in the warehouse (the next incremental read starts near it). */
  readonly cursor?: string
  /** Present while a sync is under way or was interrupted: where to resume. */
  readonly checkpoint?: Checkpoint
  readonly lastStartedAt?: string
  readonly lastCompletedAt?: string
}

/** A table's state with its row count, for `runner state`. */
export interface TableStatus extends TableState {
  readonly rows: number
}

/** What one page write did. `unchanged` rows were already there at that version and were not rewritten. */
export interface WriteResult {
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
}

/**
 * The warehouse a sync writes to.
 * - `prepare` creates or evolves the table for a disposition; `resume: false` on a replace starts a fresh shadow.
 * - `writePage` writes records and the state reached in one transaction: both land or neither does.
 *   merge keeps the highest version of each primary key; append keeps each (key, version) once; replace writes
 *   to the shadow table.
 * - `complete` ends a sync: for replace it swaps the shadow in atomically, together with the final state.
 */
export interface WarehouseShape {
  readonly prepare: (
    target: TableTarget,
    disposition: WriteDisposition,
    options: { readonly resume: boolean }
  ) => Effect.Effect<void, WarehouseError>
  readonly writePage: (
    target: TableTarget,
    disposition: WriteDisposition,
    records: ReadonlyArray<SourceRecord>,
    state: TableState
  ) => Effect.Effect<WriteResult, WarehouseError>
  readonly complete: (
    target: TableTarget,
    disposition: WriteDisposition,
    state: TableState
  ) => Effect.Effect<void, WarehouseError>
  readonly loadState: (
    source: string,
    table: string
  ) => Effect.Effect<Option.Option<TableState>, WarehouseError>
  readonly states: (source: string) => Effect.Effect<ReadonlyArray<TableStatus>, WarehouseError>
  readonly resetState: (source: string, table: string) => Effect.Effect<void, WarehouseError>
}

export class Warehouse extends Context.Tag("@sluice/source-sdk/Warehouse")<Warehouse, WarehouseShape>() {}
