import { Columns, type SourceRecord, type Table, Warehouse } from "@sluice/source-sdk"
import { Schema } from "effect"

const Instant = Schema.String.annotations({ [Columns.ColumnTypeId]: "timestamp" })

/** A commerce-like order: keys, a scalar of each type, an object and an array. */
export const Order = Schema.Struct({
  id: Schema.String,
  version: Schema.Int,
  createdAt: Instant,
  lastModifiedAt: Instant,
  orderNumber: Schema.optional(Schema.String),
  totalCents: Schema.optional(Schema.Int),
  taxRate: Schema.optional(Schema.Number),
  paid: Schema.optional(Schema.Boolean),
  totalPrice: Schema.optional(Schema.Struct({ centAmount: Schema.Int, currencyCode: Schema.String })),
  lineItems: Schema.optional(Schema.Array(Schema.Unknown))
})

export const ordersTable = (schema: Schema.Schema.AnyNoContext = Order): Table.TableInfo => ({
  name: "orders",
  description: "orders",
  schema,
  primaryKey: "id",
  versionField: "version",
  cursorField: "lastModifiedAt",
  partition: { field: "createdAt", grain: "month" },
  modes: ["incremental", "full_refresh", "append"],
  access: []
})

export const ordersTarget = (source: string, schema?: Schema.Schema.AnyNoContext) =>
  Warehouse.target(source, ordersTable(schema))

export const order = (
  id: string,
  version: number,
  createdAt: string,
  extra: Record<string, unknown> = {}
): SourceRecord => ({
  id,
  version,
  createdAt,
  lastModifiedAt: createdAt,
  orderNumber: `N-${id}`,
  totalCents: 1999 + version,
  taxRate: 0.19,
  paid: version % 2 === 0,
  totalPrice: { centAmount: 1999 + version, currencyCode: "EUR" },
  lineItems: [{ sku: "A", quantity: version }],
  ...extra
})

/** The state a page carries (no checkpoint). */
export const stateOf = (source: string, mode: "incremental" | "full_refresh" | "append" = "incremental") => ({
  source,
  table: "orders",
  mode
})

/** The same table declared with another partition grain (as a new version of a source might declare it). */
export const withGrain = (target: Warehouse.TableTarget, grain: Table.Grain): Warehouse.TableTarget => ({
  ...target,
  partition: { ...target.partition, grain }
})
