import type { Option, Schema, Stream } from "effect"
import type { Checkpoint } from "./Checkpoint.js"
import * as Columns from "./Columns.js"
import type { Position } from "./Cursor.js"
import type { IdListing } from "./Deletions.js"
import type { SourceError } from "./Errors.js"
import type { SourceRecord } from "./SourceRecord.js"
import type { ReadStrategy, SyncModeName } from "./SyncMode.js"
import type { DeletePolicy } from "./Warehouse.js"

/** What a table read is asked for. */
export interface ReadRequest {
  readonly strategy: ReadStrategy
  /** Incremental reads: the inclusive lower bound on the cursor field. None reads everything (a full import). */
  readonly since: Option.Option<string>
  /** Slices already read (Done) or partly read (After): a resumed read skips or continues them. */
  readonly resume: Checkpoint["slices"]
}

/** A page of records from one slice of a read, in the slice's key order. */
export interface Page {
  readonly slice: string
  readonly records: ReadonlyArray<SourceRecord>
  /** The key-set position after the last record; None for an empty page. */
  readonly position: Option.Option<Position>
  /** True on the slice's last page. */
  readonly done: boolean
  /** HTTP requests this page took, retries included (for progress and fault reports). */
  readonly requests: number
}

/** How a table is partitioned in the warehouse. */
export interface Partitioning {
  readonly field: string
  readonly grain: "month"
}

/** What a table is: everything but how to read it. */
export interface TableInfo {
  /** snake_case, e.g. `orders`. */
  readonly name: string
  readonly description: string
  /** The record schema. Decoding keeps fields it does not name. */
  readonly schema: Schema.Schema.AnyNoContext
  readonly primaryKey: string
  /** Increases on every change of a record; the merge never lets a lower one overwrite a higher one. */
  readonly versionField: string
  /** The field incremental reads order by and resume from. */
  readonly cursorField: string
  readonly partition: Partitioning
  readonly modes: ReadonlyArray<SyncModeName>
  /** Permissions that make the table readable; any one suffices (e.g. `view_orders`). */
  readonly access: ReadonlyArray<string>
  /** What a deletion does to the table's rows by default: "soft" (the default) marks them; personal data such as customers: "purge". */
  readonly deletes?: DeletePolicy
}

/** A table of a source: what it is, and how to read it as a stream of pages. */
export interface Table<R = never> extends TableInfo {
  readonly read: (request: ReadRequest) => Stream.Stream<Page, SourceError, R>
  /** Every id the source holds now, for reconciliation; absent when the source cannot list the table's ids. */
  readonly listIds?: IdListing<R>
}

/** The table's delete policy: its own, or "soft" when it declares none. */
export const deletePolicy = (table: TableInfo): DeletePolicy => table.deletes ?? "soft"

/** The warehouse columns of a table, from its schema. */
export const columns = (table: TableInfo): ReadonlyArray<Columns.Column> => Columns.fromSchema(table.schema)

/** The table's metadata without its read function. */
export const info = <R>(table: Table<R>): TableInfo => {
  const { read: _read, listIds: _listIds, ...rest } = table
  return rest
}
