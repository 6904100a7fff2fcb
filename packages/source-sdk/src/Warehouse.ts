import { Context, type Effect, type Option, type Scope, type Stream } from "effect"
import type { Checkpoint } from "./Checkpoint.js"
import type { Column } from "./Columns.js"
import type { SourceError, WarehouseError } from "./Errors.js"
import type { Records } from "./RecordRows.js"
import type { SyncModeName, WriteDisposition } from "./SyncMode.js"
import { columns, type Partitioning, type TableInfo } from "./Table.js"
import type { View } from "./Views.js"

/** A table as a warehouse stores it: where it lives, its columns and its keys. */
export interface TableTarget {
  readonly source: string
  readonly table: string
  readonly columns: ReadonlyArray<Column>
  readonly primaryKey: string
  readonly versionField: string
  readonly cursorField: string
  readonly partition: Partitioning
  /** The views the warehouse keeps over the table; none when absent. */
  readonly views?: ReadonlyArray<View>
}

export const target = (source: string, table: TableInfo): TableTarget => ({
  source,
  table: table.name,
  columns: columns(table),
  primaryKey: table.primaryKey,
  versionField: table.versionField,
  cursorField: table.cursorField,
  partition: table.partition,
  ...(table.views !== undefined && table.views.length > 0 ? { views: table.views } : {})
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
  /** When the table's ids were last reconciled with the source's (the listing's start). */
  readonly lastReconciledAt?: string
}

/** A table's state with its row count, for `runner state`. */
export interface TableStatus extends TableState {
  readonly rows: number
  /** Rows marked deleted (`_deleted_at` set). */
  readonly deleted: number
}

/** What one page write did. `unchanged` rows were already there at that version and were not rewritten. */
export interface WriteResult {
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
}

/**
 * A record the source no longer has. `version`, when the source knows it, is the last version the record had:
 * a row at a higher version (the record came back, e.g. a product published again) is left alone.
 */
export interface Deletion {
  readonly id: string
  /** When the source deleted it (ISO-8601 instant). */
  readonly deletedAt: string
  readonly version?: number
}

/** What a deletion does to a row: keep it, marked in `_deleted_at` (soft), or remove it (purge). */
export type DeletePolicy = "soft" | "purge"

/** Deletions of one table, as one feed page carries them. */
export interface DeletionBatch {
  readonly target: TableTarget
  readonly disposition: WriteDisposition
  readonly policy: DeletePolicy
  readonly deletions: ReadonlyArray<Deletion>
}

/** What applying deletions did: rows marked deleted, rows removed. Rows already marked count as neither. */
export interface DeleteResult {
  readonly marked: number
  readonly purged: number
}

/**
 * The warehouse a sync writes to.
 * - `prepare` creates or evolves the table for a disposition; `resume: false` on a replace starts a fresh shadow.
 * - `writePage` writes records and the state reached in one transaction: both land or neither does.
 *   merge keeps the highest version of each primary key; append keeps each (key, version) once; replace writes
 *   to the shadow table.
 * - `complete` ends a sync: for replace it swaps the shadow's rows in atomically, together with the final state;
 *   views over the table (declared ones and the users' own) keep working through it.
 * - `prepare` and `complete` create or refresh the table's declared `views`.
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
    /** Objects, or rows of the page's bytes (`RecordRows.toArray` makes objects of either). */
    records: Records,
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
  /**
   * Applies one page of a deletion feed across tables together with the feed's own state, in one transaction,
   * so a crash never loses or repeats a deletion. Idempotent: a row already marked is left as it is. merge and
   * replace tables mark (or purge) the row; append tables mark their latest version (purge removes every version).
   * Tables the warehouse does not hold yet are skipped.
   */
  readonly applyDeletions: (
    batches: ReadonlyArray<DeletionBatch>,
    state: TableState
  ) => Effect.Effect<DeleteResult, WarehouseError>
  /**
   * Id reconciliation: every live row of the table whose id `listed` did not return and whose record existed
   * before `listedFrom` (created_at < listedFrom) is deleted by `policy`, with `deletedAt = listedFrom`; the
   * table's `lastReconciledAt` becomes `listedFrom` in the same transaction. `listed` streams the source's ids in
   * chunks and may be far larger than memory; a failed listing changes nothing.
   */
  readonly reconcile: (
    target: TableTarget,
    disposition: WriteDisposition,
    policy: DeletePolicy,
    listed: Stream.Stream<ReadonlyArray<string>, SourceError>,
    options: { readonly listedFrom: string }
  ) => Effect.Effect<DeleteResult, WarehouseError | SourceError>
  /**
   * Removes every row of the table already marked deleted (`_deleted_at` set), e.g. by earlier soft runs; for
   * append tables every version of an id whose latest version is marked. Returns the rows removed; a table the
   * warehouse does not hold yet has none. Idempotent, and needs no state: a crash midway is repaired by the next.
   */
  readonly purgeMarked: (
    target: TableTarget,
    disposition: WriteDisposition
  ) => Effect.Effect<number, WarehouseError>
  /**
   * Holds the source's run lock for the scope: a second run of the same source into the same warehouse fails at
   * once with reason "Locked" and a message saying another sync is running.
   */
  readonly lock: (source: string) => Effect.Effect<void, WarehouseError, Scope.Scope>
}

export class Warehouse extends Context.Tag("@sluice/source-sdk/Warehouse")<Warehouse, WarehouseShape>() {}
