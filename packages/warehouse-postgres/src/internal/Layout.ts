import { Columns, type Warehouse } from "@sluice/source-sdk"
import {
  bigint,
  boolean,
  doublePrecision,
  jsonb,
  type PgColumnBuilderBase,
  text,
  timestamp
} from "drizzle-orm/pg-core"

type Column = Columns.Column
type ColumnType = Columns.ColumnType
type TableTarget = Warehouse.TableTarget

/** Holds the fields of a record no column names, so nothing in a record is ever lost. */
export const extraColumn = "_extra"
/** When the row was last written. */
export const syncedAtColumn = "_synced_at"
/** When the source deleted the record; null while it exists there. */
export const deletedAtColumn = "_deleted_at"

/** Each column type as PostgreSQL spells it and as Drizzle declares it: the one mapping of column types. */
export const columnTypes: {
  readonly [Type in ColumnType]: {
    readonly sql: string
    readonly drizzle: (name: string) => PgColumnBuilderBase & { notNull: () => PgColumnBuilderBase }
  }
} = {
  text: { sql: "text", drizzle: (name) => text(name) },
  bigint: { sql: "bigint", drizzle: (name) => bigint(name, { mode: "number" }) },
  double: { sql: "double precision", drizzle: (name) => doublePrecision(name) },
  boolean: { sql: "boolean", drizzle: (name) => boolean(name) },
  timestamp: {
    sql: "timestamptz",
    drizzle: (name) => timestamp(name, { withTimezone: true, mode: "string" })
  },
  json: { sql: "jsonb", drizzle: (name) => jsonb(name) }
}

export const sqlTypeOf = (type: ColumnType): string => columnTypes[type].sql

/** `_deleted_at` as a column to create or add. */
export const deletedAt = { name: deletedAtColumn, sqlType: columnTypes.timestamp.sql } as const

/** A column a record field lands in. */
export interface DataColumn extends Column {
  readonly sqlType: string
  readonly notNull: boolean
}

/** How a source table is laid out in Postgres: its schema, name, columns in order, and key columns. */
export interface TableLayout {
  readonly schema: string
  readonly table: string
  /** Columns filled from record fields: the key columns first, then the schema's fields in order. */
  readonly columns: ReadonlyArray<DataColumn>
  readonly id: DataColumn
  readonly version: DataColumn
  readonly partition: DataColumn
}

const columnFor = (target: TableTarget, field: string, type?: ColumnType): Column => {
  const declared = target.columns.find((column) => column.field === field)
  const base = declared ?? { name: Columns.snakeCase(field), field, type: type ?? "text", nullable: false }
  return type === undefined ? base : { ...base, type }
}

/**
 * The layout of a table. The primary key, version and partition columns are NOT NULL, the version is `bigint`
 * and the partition column `timestamptz` whatever the schema says (range partitions need an instant).
 */
export const layoutOf = (target: TableTarget): TableLayout => {
  const known = layouts.get(target)
  if (known !== undefined) return known
  const layout = build(target)
  layouts.set(target, layout)
  return layout
}

/** Layouts by target (a target is made once per run and never changed): a page's write asks for its layout. */
const layouts = new WeakMap<TableTarget, TableLayout>()

const build = (target: TableTarget): TableLayout => {
  const id = columnFor(target, target.primaryKey)
  const version = columnFor(target, target.versionField, "bigint")
  const partition = columnFor(target, target.partition.field, "timestamp")
  const cursor = columnFor(target, target.cursorField)
  const keyFields = [id, version, partition, cursor]
  const reserved = new Set([extraColumn, syncedAtColumn, deletedAtColumn])
  const ordered: Array<Column> = []
  for (const column of [...keyFields, ...target.columns]) {
    if (reserved.has(column.name) || ordered.some((seen) => seen.name === column.name)) continue
    ordered.push(column)
  }
  const notNull = new Set([id.name, version.name, partition.name])
  const columns = ordered.map(
    (column): DataColumn => ({
      ...column,
      sqlType: sqlTypeOf(column.type),
      notNull: notNull.has(column.name)
    })
  )
  const find = (name: string) => columns.find((column) => column.name === name)!
  return {
    schema: target.source,
    table: target.table,
    columns,
    id: find(id.name),
    version: find(version.name),
    partition: find(partition.name)
  }
}

/** The primary key: `(id, created_at)`, or `(id, version, created_at)` for append tables. */
export const primaryKeyOf = (layout: TableLayout, append: boolean): ReadonlyArray<string> =>
  append
    ? [layout.id.name, layout.version.name, layout.partition.name]
    : [layout.id.name, layout.partition.name]
