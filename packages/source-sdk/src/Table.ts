import { Either, type Option, ParseResult, Schema, SchemaAST, type Stream } from "effect"
import type { Checkpoint } from "./Checkpoint.js"
import * as Columns from "./Columns.js"
import type { Position } from "./Cursor.js"
import type { IdListing } from "./Deletions.js"
import { RecordInvalid, type SourceError } from "./Errors.js"
import * as RawCheck from "./RawCheck.js"
import * as RawJson from "./RawJson.js"
import * as RecordRows from "./RecordRows.js"
import * as SchemaCheck from "./SchemaCheck.js"
import type { SourceRecord } from "./SourceRecord.js"
import type { ReadStrategy, SyncModeName } from "./SyncMode.js"
import type { View } from "./Views.js"
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
  /** The records as objects (for a page read as `rows`, made when first asked for). */
  readonly records: ReadonlyArray<SourceRecord>
  /** The records as rows of the page's bytes, when the source scanned them so (see `RecordRows`). */
  readonly rows?: RecordRows.RecordRows
  /** The key-set position after the last record; None for an empty page. */
  readonly position: Option.Option<Position>
  /** True on the slice's last page. */
  readonly done: boolean
  /** HTTP requests this page took, retries included (for progress and fault reports). */
  readonly requests: number
  /** Bytes of the run's in-flight budget this page holds (see `InFlight`); the engine gives them back once written. */
  readonly held?: number
  /**
   * Gives the memory the page's records are read from back for reuse, once they are written: nothing may read
   * the page (or a record or value taken from it without copying) afterwards. The engine calls it.
   */
  readonly release?: () => void
}

/** A field of a record schema: a key its decoded and its encoded sides share. */
export type Field<A, I = A> = Extract<keyof A & keyof I, string>

/**
 * How long a period one partition holds, by the partition field's UTC calendar: "month" for a fact table that grows
 * with trade (one row per purchase or event), so each month is its own partition; "year" for a catalogue or
 * dimension table, whose few rows would otherwise be spread over a partition per month.
 */
export type Grain = "month" | "year"

/** How a table is partitioned in the warehouse. */
export interface Partitioning<F extends string = string> {
  readonly field: F
  readonly grain: Grain
}

/** What a table is, declared once and typed by its schema: every field named is a field of the schema. */
export interface Declaration<A, I> {
  /** snake_case, e.g. `orders`. */
  readonly name: string
  readonly description: string
  /** The record schema. Records are validated on its encoded side (as the API sends them); unknown fields are kept. */
  readonly schema: Schema.Schema<A, I>
  readonly primaryKey: Field<A, I>
  /** Increases on every change of a record; the merge never lets a lower one overwrite a higher one. */
  readonly versionField: Field<A, I>
  /** The field incremental reads order by and resume from. */
  readonly cursorField: Field<A, I>
  readonly partition: Partitioning<Field<A, I>>
  readonly modes: ReadonlyArray<SyncModeName>
  /** Permissions that make the table readable; any one suffices (e.g. `view_orders`). */
  readonly access: ReadonlyArray<string>
  /** What a deletion does to the table's rows by default: "soft" (the default) marks them; personal data such as customers: "purge". */
  readonly deletes?: DeletePolicy
  /**
   * Why the table's rows are never marked deleted, for a table that is an immutable history (e.g. events that age
   * out of the API without being deleted): the deletion step leaves it alone, and says nothing of it.
   */
  readonly kept?: string
  /** Analysis-ready views over the table (child collections, derived columns), rendered by the warehouse. */
  readonly views?: ReadonlyArray<View<Field<A, I>>>
}

/**
 * A table with its record type erased: what a registry, the engine and the warehouse hold. Sources declare
 * tables with `make`, which checks every field against the schema; only this boundary forgets the types.
 */
export interface TableInfo {
  readonly name: string
  readonly description: string
  readonly schema: Schema.Schema.AnyNoContext
  readonly primaryKey: string
  readonly versionField: string
  readonly cursorField: string
  readonly partition: Partitioning
  readonly modes: ReadonlyArray<SyncModeName>
  readonly access: ReadonlyArray<string>
  readonly deletes?: DeletePolicy
  readonly kept?: string
  readonly views?: ReadonlyArray<View>
}

/** Reads a table as a stream of pages; given the table, so the fields it pages by are the table's own. */
export type Reader<R> = (request: ReadRequest, table: TableInfo) => Stream.Stream<Page, SourceError, R>

/** A table of a source: what it is, and how to read it as a stream of pages. */
export interface Table<R = never> extends TableInfo {
  readonly read: (request: ReadRequest) => Stream.Stream<Page, SourceError, R>
  /** Every id the source holds now, for reconciliation; absent when the source cannot list the table's ids. */
  readonly listIds?: IdListing<R>
}

/** The table's delete policy: its own, or "soft" when it declares none. */
export const deletePolicy = (table: TableInfo): DeletePolicy => table.deletes ?? "soft"

/**
 * Declares a table. Its fields are keys of its schema's type, so a misspelled or renamed field does not compile:
 *
 * ```ts
 * Table.make({ name: "books", schema: Book, primaryKey: "id", cursorField: "lastModifiedAt", ..., read })
 * ```
 */
export const make = <A, I, R>(
  declaration: Declaration<A, I> & { readonly read: Reader<R>; readonly listIds?: IdListing<R> }
): Table<R> => {
  const { read, listIds, ...rest } = declaration
  const table: TableInfo = rest
  return { ...table, read: (request) => read(request, table), ...(listIds !== undefined ? { listIds } : {}) }
}

/** The warehouse columns of a table, from its schema. */
export const columns = (table: TableInfo): ReadonlyArray<Columns.Column> => Columns.fromSchema(table.schema)

/** The table's metadata without its read function. */
export const info = <R>(table: Table<R>): TableInfo => {
  const { read: _read, listIds: _listIds, ...rest } = table
  return rest
}

/** The record's type as the validator checks it: the schema's encoded side, its type (no transformations). */
const recordASTs = new WeakMap<object, SchemaAST.AST>()
const recordAST = (schema: TableInfo["schema"]): SchemaAST.AST => {
  let ast = recordASTs.get(schema)
  if (ast === undefined) {
    ast = SchemaAST.typeAST(Schema.encodedBoundSchema(schema).ast)
    recordASTs.set(schema, ast)
  }
  return ast
}

/**
 * The checks of a table's fields, for a source that scans its pages (`JsonScan.scanList`): each nested value is
 * checked while it is read, against the very node the validator would check it against, which then trusts it.
 */
export const fieldChecks = (table: Pick<TableInfo, "schema">): ReadonlyMap<string, RawCheck.FieldCheck> =>
  RawCheck.fieldChecks(recordAST(table.schema))

/**
 * The shape of the table's records as rows, for a source that scans its pages into rows (`JsonScan.scanRows`);
 * `omit`: fields the source leaves out of every record. Undefined when the schema is not a plain struct.
 */
export const rowShape = (
  table: Pick<TableInfo, "schema">,
  omit?: ReadonlyArray<string>
): RecordRows.Shape | undefined => RecordRows.shapeOf(recordAST(table.schema), omit)

/** Whether rows were read and checked against this table's record schema (the engine then trusts them). */
export const checkedFor = (table: Pick<TableInfo, "schema">, rows: RecordRows.RecordRows): boolean =>
  rows.shape.ast === recordAST(table.schema)

/**
 * The one rule for whether a record belongs in a table, used by the engine before it writes and by the
 * conformance kit: the record matches the schema's encoded side (as the API sends it, refinements such as
 * integers included); fields the schema does not name are allowed and kept.
 */
export const validator = (
  table: TableInfo
): ((record: SourceRecord) => Either.Either<void, RecordInvalid>) => {
  const encoded = Schema.encodedBoundSchema(table.schema)
  const validate = ParseResult.validateEither(encoded, { errors: "first" })
  // The common case, a valid record, costs one compiled check; Schema runs only to explain a record that may not be.
  const certainlyValid = SchemaCheck.compile(recordAST(table.schema))
  return (record) =>
    certainlyValid(record)
      ? Either.void
      : // Schema reads values: raw fields are parsed for it (only here, for a record that may be invalid).
        Either.match(validate(RawJson.plain(record), { onExcessProperty: "ignore" }), {
          onRight: () => Either.void,
          onLeft: (error) => {
            const [issue] = ParseResult.ArrayFormatter.formatIssueSync(error)
            const path = issue === undefined || issue.path.length === 0 ? "" : `${issue.path.join(".")}: `
            return Either.left(
              new RecordInvalid({
                table: table.name,
                id: String(record[table.primaryKey] ?? "(no id)"),
                message: `${path}${issue?.message ?? "invalid"}`
              })
            )
          }
        })
}
