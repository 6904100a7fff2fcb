import { Context, Effect, Layer, Option, Ref } from "effect"
import { WarehouseError } from "./Errors.js"
import type { SourceRecord } from "./SourceRecord.js"
import type { WriteDisposition } from "./SyncMode.js"
import {
  type TableState,
  type TableStatus,
  type TableTarget,
  Warehouse,
  type WarehouseShape,
  type WriteResult
} from "./Warehouse.js"

interface StoredTable {
  readonly disposition: WriteDisposition
  readonly rows: ReadonlyMap<string, SourceRecord>
  readonly shadow: ReadonlyMap<string, SourceRecord> | undefined
}

interface Store {
  readonly tables: ReadonlyMap<string, StoredTable>
  readonly states: ReadonlyMap<string, TableState>
  readonly writes: number
}

export interface MemoryWarehouseOptions {
  /** Fails the n-th page write (1-based) as a crash would: nothing of that page lands. */
  readonly failWrite?: (n: number) => boolean
}

/** Reads what the in-memory warehouse holds, for tests. */
export interface MemoryInspector {
  readonly rows: (source: string, table: string) => Effect.Effect<ReadonlyArray<SourceRecord>>
  readonly writes: Effect.Effect<number>
}

export class MemoryWarehouse extends Context.Tag("@sluice/source-sdk/MemoryWarehouse")<
  MemoryWarehouse,
  MemoryInspector
>() {}

const keyOf = (source: string, table: string) => `${source}.${table}`
const compatible = (a: WriteDisposition, b: WriteDisposition) => (a === "append") === (b === "append")

const rowKey = (target: TableTarget, disposition: WriteDisposition, record: SourceRecord) =>
  disposition === "append"
    ? `${String(record[target.primaryKey])}#${String(record[target.versionField])}`
    : String(record[target.primaryKey])

const versionOf = (target: TableTarget, record: SourceRecord | undefined) =>
  Number(record?.[target.versionField] ?? -1)

/**
 * A faithful in-memory warehouse: each page and its state land together or not at all, merge keeps the highest
 * version, append keeps each (id, version) once, replace fills a shadow swapped in on completion.
 */
export const make = (
  options: MemoryWarehouseOptions = {}
): Effect.Effect<{ readonly warehouse: WarehouseShape; readonly inspector: MemoryInspector }> =>
  Effect.gen(function* () {
    const store = yield* Ref.make<Store>({ tables: new Map(), states: new Map(), writes: 0 })

    const missing = (target: TableTarget) =>
      new WarehouseError({
        reason: "Schema",
        table: target.table,
        message: `table ${target.table} was not prepared`
      })

    const warehouse: WarehouseShape = {
      prepare: (target, disposition, { resume }) =>
        Ref.modify(store, (current): [Effect.Effect<void, WarehouseError>, Store] => {
          const key = keyOf(target.source, target.table)
          const existing = current.tables.get(key)
          if (existing !== undefined && !compatible(existing.disposition, disposition)) {
            return [
              Effect.fail(
                new WarehouseError({
                  reason: "Conflict",
                  table: target.table,
                  message: `table ${target.table} holds ${existing.disposition === "append" ? "append" : "merge"} rows; reset it before syncing it with ${disposition}`
                })
              ),
              current
            ]
          }
          const rows = existing?.rows ?? new Map<string, SourceRecord>()
          const shadow =
            disposition === "replace" ? (resume ? (existing?.shadow ?? new Map()) : new Map()) : undefined
          const tables = new Map(current.tables).set(key, {
            disposition: existing?.disposition === "append" ? "append" : disposition,
            rows,
            shadow
          })
          return [Effect.void, { ...current, tables }]
        }).pipe(Effect.flatten),

      writePage: (target, disposition, records, state) =>
        Ref.modify(store, (current): [Effect.Effect<WriteResult, WarehouseError>, Store] => {
          const writes = current.writes + 1
          if (options.failWrite?.(writes)) {
            return [
              Effect.fail(
                new WarehouseError({ reason: "Connection", message: `simulated crash at write ${writes}` })
              ),
              { ...current, writes }
            ]
          }
          const key = keyOf(target.source, target.table)
          const stored = current.tables.get(key)
          if (stored === undefined) return [Effect.fail(missing(target)), current]
          const into = new Map(disposition === "replace" ? (stored.shadow ?? new Map()) : stored.rows)
          const result = { inserted: 0, updated: 0, unchanged: 0 }
          for (const record of records) {
            const id = rowKey(target, disposition, record)
            const existing = into.get(id)
            if (existing === undefined) {
              into.set(id, record)
              result.inserted++
            } else if (disposition !== "append" && versionOf(target, record) > versionOf(target, existing)) {
              into.set(id, record)
              result.updated++
            } else {
              result.unchanged++
            }
          }
          const table: StoredTable =
            disposition === "replace" ? { ...stored, shadow: into } : { ...stored, rows: into }
          return [
            Effect.succeed(result),
            {
              tables: new Map(current.tables).set(key, table),
              states: new Map(current.states).set(key, state),
              writes
            }
          ]
        }).pipe(Effect.flatten),

      complete: (target, disposition, state) =>
        Ref.update(store, (current) => {
          const key = keyOf(target.source, target.table)
          const stored = current.tables.get(key)
          const tables =
            stored !== undefined && disposition === "replace"
              ? new Map(current.tables).set(key, {
                  ...stored,
                  rows: stored.shadow ?? new Map(),
                  shadow: undefined
                })
              : current.tables
          return { ...current, tables, states: new Map(current.states).set(key, state) }
        }),

      loadState: (source, table) =>
        Ref.get(store).pipe(
          Effect.map((current) => Option.fromNullable(current.states.get(keyOf(source, table))))
        ),

      states: (source) =>
        Ref.get(store).pipe(
          Effect.map((current) =>
            [...current.states.values()]
              .filter((state) => state.source === source)
              .map(
                (state): TableStatus => ({
                  ...state,
                  rows: current.tables.get(keyOf(source, state.table))?.rows.size ?? 0,
                  deleted: 0
                })
              )
          )
        ),

      resetState: (source, table) =>
        Ref.update(store, (current) => {
          const states = new Map(current.states)
          states.delete(keyOf(source, table))
          return { ...current, states }
        }),

      // TODO(deletes): replaced by the deletion work (issue 8)
      applyDeletions: () => Effect.dieMessage("MemoryWarehouse.applyDeletions is not implemented yet"),
      reconcile: () => Effect.dieMessage("MemoryWarehouse.reconcile is not implemented yet"),
      lock: () => Effect.void
    }

    const inspector: MemoryInspector = {
      rows: (source, table) =>
        Ref.get(store).pipe(
          Effect.map((current) => [...(current.tables.get(keyOf(source, table))?.rows.values() ?? [])])
        ),
      writes: Ref.get(store).pipe(Effect.map((current) => current.writes))
    }
    return { warehouse, inspector }
  })

/** The in-memory warehouse as the Warehouse service, with its inspector. */
export const layer = (options: MemoryWarehouseOptions = {}): Layer.Layer<Warehouse | MemoryWarehouse> =>
  Layer.effectContext(
    make(options).pipe(
      Effect.map(({ warehouse, inspector }) =>
        Context.make(Warehouse, warehouse).pipe(Context.add(MemoryWarehouse, inspector))
      )
    )
  )
