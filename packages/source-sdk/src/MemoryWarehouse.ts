import { Context, Effect, Layer, Option, Ref, Stream } from "effect"
import { WarehouseError } from "./Errors.js"
import * as RawJson from "./RawJson.js"
import { toArray } from "./RecordRows.js"
import type { SourceRecord } from "./SourceRecord.js"
import type { WriteDisposition } from "./SyncMode.js"
import {
  type DeletePolicy,
  type DeleteResult,
  type Deletion,
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
  /**
   * Fails the n-th write (1-based: pages, deletion pages and reconciliations count alike) as a crash would:
   * nothing of that write lands.
   */
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

/** The mark a deleted row carries, as in a real warehouse's column: when the source deleted the record. */
export const deletedAtField = "_deleted_at"

const isMarked = (record: SourceRecord) => typeof record[deletedAtField] === "string"

const keyOf = (source: string, table: string) => `${source}.${table}`
const compatible = (a: WriteDisposition, b: WriteDisposition) => (a === "append") === (b === "append")

const rowKey = (target: TableTarget, disposition: WriteDisposition, record: SourceRecord) =>
  disposition === "append"
    ? `${String(record[target.primaryKey])}#${String(record[target.versionField])}`
    : String(record[target.primaryKey])

const versionOf = (target: TableTarget, record: SourceRecord | undefined) =>
  Number(record?.[target.versionField] ?? -1)

type Rows = Map<string, SourceRecord>

/** The row keys holding an id: the one row, or for append every version of it, latest last. */
const versionsOf = (target: TableTarget, disposition: WriteDisposition, rows: Rows, id: string) => {
  if (disposition !== "append") return rows.has(id) ? [id] : []
  return [...rows.entries()]
    .filter(([, record]) => String(record[target.primaryKey]) === id)
    .sort(([, a], [, b]) => versionOf(target, a) - versionOf(target, b))
    .map(([key]) => key)
}

/** Applies one deletion to rows in place: purge removes every version, soft marks the latest once. */
const deleteIn = (
  target: TableTarget,
  disposition: WriteDisposition,
  policy: DeletePolicy,
  rows: Rows,
  deletion: Deletion,
  result: { marked: number; purged: number }
) => {
  const keys = versionsOf(target, disposition, rows, deletion.id)
  const latestKey = keys[keys.length - 1]
  const latest = latestKey === undefined ? undefined : rows.get(latestKey)
  if (latestKey === undefined || latest === undefined) return
  // The record came back after this deletion (e.g. published again): leave it.
  if (deletion.version !== undefined && versionOf(target, latest) > deletion.version) return
  if (policy === "purge") {
    for (const key of keys) rows.delete(key)
    result.purged += keys.length
  } else if (!isMarked(latest)) {
    rows.set(latestKey, { ...latest, [deletedAtField]: deletion.deletedAt })
    result.marked += 1
  }
}

/**
 * A faithful in-memory warehouse: each page and its state land together or not at all, merge keeps the highest
 * version, append keeps each (id, version) once, replace fills a shadow swapped in on completion.
 */
export const make = (
  options: MemoryWarehouseOptions = {}
): Effect.Effect<{ readonly warehouse: WarehouseShape; readonly inspector: MemoryInspector }> =>
  Effect.gen(function* () {
    const store = yield* Ref.make<Store>({ tables: new Map(), states: new Map(), writes: 0 })
    const locks = yield* Ref.make<ReadonlySet<string>>(new Set())

    /** Counts a write; on the failing one, the crash: nothing of it lands. */
    const crashes = (current: Store): [Effect.Effect<never, WarehouseError>, Store] | undefined => {
      const writes = current.writes + 1
      return options.failWrite?.(writes)
        ? [
            Effect.fail(
              new WarehouseError({ reason: "Connection", message: `simulated crash at write ${writes}` })
            ),
            { ...current, writes }
          ]
        : undefined
    }

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
          const crash = crashes(current)
          if (crash !== undefined) return crash
          const writes = current.writes + 1
          const key = keyOf(target.source, target.table)
          const stored = current.tables.get(key)
          if (stored === undefined) return [Effect.fail(missing(target)), current]
          const into = new Map(disposition === "replace" ? (stored.shadow ?? new Map()) : stored.rows)
          const result = { inserted: 0, updated: 0, unchanged: 0 }
          for (const scanned of toArray(records)) {
            // Stored as plain values, as a database would parse raw JSON on the way in.
            const record = RawJson.plain(scanned)
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
                  deleted: [...(current.tables.get(keyOf(source, state.table))?.rows.values() ?? [])].filter(
                    isMarked
                  ).length
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

      applyDeletions: (batches, state) =>
        Ref.modify(store, (current): [Effect.Effect<DeleteResult, WarehouseError>, Store] => {
          const crash = crashes(current)
          if (crash !== undefined) return crash
          const tables = new Map(current.tables)
          const result = { marked: 0, purged: 0 }
          for (const batch of batches) {
            const key = keyOf(batch.target.source, batch.target.table)
            const stored = tables.get(key)
            if (stored === undefined) continue
            const rows = new Map(stored.rows)
            // A full refresh under way holds the record in its shadow too: mark it there, or the swap revives it.
            const shadow = stored.shadow === undefined ? undefined : new Map(stored.shadow)
            for (const deletion of batch.deletions) {
              deleteIn(batch.target, stored.disposition, batch.policy, rows, deletion, result)
              if (shadow !== undefined) {
                deleteIn(batch.target, stored.disposition, batch.policy, shadow, deletion, {
                  marked: 0,
                  purged: 0
                })
              }
            }
            tables.set(key, { ...stored, rows, shadow })
          }
          const states = new Map(current.states).set(keyOf(state.source, state.table), state)
          return [Effect.succeed(result), { tables, states, writes: current.writes + 1 }]
        }).pipe(Effect.flatten),

      reconcile: (target, _disposition, policy, listed, { listedFrom }) =>
        Effect.gen(function* () {
          // The whole listing first: a failed listing changes nothing.
          const ids = new Set<string>()
          yield* Stream.runForEach(listed, (chunk) =>
            Effect.sync(() => {
              for (const id of chunk) ids.add(id)
            })
          )
          return yield* Ref.modify(store, (current): [Effect.Effect<DeleteResult, WarehouseError>, Store] => {
            const crash = crashes(current)
            if (crash !== undefined) return crash
            const key = keyOf(target.source, target.table)
            const stored = current.tables.get(key)
            const result = { marked: 0, purged: 0 }
            if (stored === undefined) return [Effect.succeed(result), current]
            const rows = new Map(stored.rows)
            const gone = new Set<string>()
            for (const record of stored.rows.values()) {
              const id = String(record[target.primaryKey])
              const createdAt = record[target.partition.field]
              // A record created after the listing started may be missing from it without being deleted.
              if (!ids.has(id) && typeof createdAt === "string" && createdAt < listedFrom) gone.add(id)
            }
            for (const id of gone) {
              deleteIn(target, stored.disposition, policy, rows, { id, deletedAt: listedFrom }, result)
            }
            const state = current.states.get(key)
            const states =
              state === undefined
                ? current.states
                : new Map(current.states).set(key, { ...state, lastReconciledAt: listedFrom })
            return [
              Effect.succeed(result),
              {
                tables: new Map(current.tables).set(key, { ...stored, rows }),
                states,
                writes: current.writes + 1
              }
            ]
          }).pipe(Effect.flatten)
        }),

      purgeMarked: (target, disposition) =>
        Ref.modify(store, (current): [Effect.Effect<number, WarehouseError>, Store] => {
          const crash = crashes(current)
          if (crash !== undefined) return crash
          const key = keyOf(target.source, target.table)
          const stored = current.tables.get(key)
          if (stored === undefined) return [Effect.succeed(0), current]
          const rows = new Map(stored.rows)
          const append = disposition === "append" || stored.disposition === "append"
          // The latest version of each id decides: an append id whose record came back after its mark stays.
          const latest = new Map<string, SourceRecord>()
          for (const record of rows.values()) {
            const id = String(record[target.primaryKey])
            const seen = latest.get(id)
            if (seen === undefined || versionOf(target, record) > versionOf(target, seen))
              latest.set(id, record)
          }
          let purged = 0
          for (const [rowId, record] of stored.rows) {
            const id = String(record[target.primaryKey])
            const gone = append ? isMarked(latest.get(id) ?? record) : isMarked(record)
            if (gone) {
              rows.delete(rowId)
              purged += 1
            }
          }
          return [
            Effect.succeed(purged),
            {
              ...current,
              tables: new Map(current.tables).set(key, { ...stored, rows }),
              writes: current.writes + 1
            }
          ]
        }).pipe(Effect.flatten),

      lock: (source) =>
        Effect.acquireRelease(
          Ref.modify(locks, (held): [Effect.Effect<void, WarehouseError>, ReadonlySet<string>] =>
            held.has(source)
              ? [
                  Effect.fail(
                    new WarehouseError({
                      reason: "Locked",
                      message: `another sync of ${source} is running into this warehouse; wait for it to finish`
                    })
                  ),
                  held
                ]
              : [Effect.void, new Set(held).add(source)]
          ).pipe(Effect.flatten),
          () =>
            Ref.update(locks, (held) => {
              const next = new Set(held)
              next.delete(source)
              return next
            })
        )
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
