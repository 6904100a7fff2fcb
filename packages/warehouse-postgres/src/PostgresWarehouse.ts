import { RecordRows, type SyncMode, Warehouse, WarehouseError } from "@sluice/source-sdk"
import { Config, Context, Effect, Layer, Option, Redacted, type Schedule, type Scope, Stream } from "effect"
import * as Driver from "./Driver.js"
import * as Ddl from "./internal/Ddl.js"
import * as Deletes from "./internal/Deletes.js"
import { ident, qualified } from "./internal/Identifiers.js"
import { deletedAt, deletedAtColumn, layoutOf, type TableLayout } from "./internal/Layout.js"
import * as Partitions from "./internal/Partitions.js"
import { type Loader, lockNotAvailable, type Session, SqlFailure } from "./internal/Session.js"
import * as StateStore from "./internal/StateStore.js"
import * as Swap from "./internal/Swap.js"
import * as Views from "./internal/Views.js"
import * as Writer from "./internal/Writer.js"
import { WarehouseSql } from "./WarehouseSql.js"

type TableTarget = Warehouse.TableTarget
type WarehouseShape = Warehouse.WarehouseShape
type WriteDisposition = SyncMode.WriteDisposition

/** The mode a state row created by a reconciliation records. */
const modeOf = (disposition: WriteDisposition): SyncMode.SyncModeName =>
  disposition === "merge" ? "incremental" : disposition === "replace" ? "full_refresh" : "append"

/**
 * Where the warehouse lives: a PostgreSQL URL (postgres.js), a directory for embedded PGlite, or PGlite in memory.
 * `loader` overrides how pages are loaded (COPY or jsonb_to_recordset); the default is the faster per driver.
 */
export type Options = (
  | { readonly url: Redacted.Redacted<string> }
  | { readonly dataDir: string }
  | { readonly memory: true }
) & {
  readonly loader?: Loader
  /** PostgreSQL only: how long a lost connection is retried before the call fails (default about 75 s). */
  readonly reconnect?: Schedule.Schedule<unknown>
}

/** A printable location with the password masked: `postgres://app:***@host:5432/db`, `embedded PGlite at /path`. */
export const describeTarget = (options: Options): string =>
  "url" in options
    ? Driver.describeUrl(Redacted.value(options.url))
    : "dataDir" in options
      ? `embedded PGlite at ${options.dataDir}`
      : "embedded PGlite in memory"

const connectionError = (failure: SqlFailure) =>
  new WarehouseError({
    reason: failure.code === lockNotAvailable ? "Locked" : "Connection",
    message: failure.message
  })

const failWith =
  (doing: string, table?: string) =>
  (failure: SqlFailure): WarehouseError =>
    new WarehouseError({
      reason: failure.connection ? "Connection" : "Query",
      message: failure.connection ? `${doing}: ${failure.message}` : `${doing} failed: ${failure.message}`,
      ...(table !== undefined ? { table } : {})
    })

/** The driver for the options, acquired in the current scope. */
export const driver = (options: Options): Effect.Effect<Driver.Driver, WarehouseError, Scope.Scope> => {
  const loader = options.loader === undefined ? {} : { loader: options.loader }
  const opened =
    "url" in options
      ? Driver.postgresJs({
          url: options.url,
          ...loader,
          ...(options.reconnect !== undefined ? { reconnect: options.reconnect } : {})
        })
      : Driver.pglite("dataDir" in options ? { dataDir: options.dataDir, ...loader } : loader)
  return opened.pipe(Effect.mapError(connectionError))
}

interface Plan {
  readonly layout: TableLayout
  /** The schema written to: the source's, or its shadow for a replace. */
  readonly schema: string
  readonly statements: Writer.PageStatements
}

/** A partition as the warehouse remembers having created it: its schema and name. */
const partitionKey = (plan: Plan, period: Partitions.Period) =>
  `${plan.schema}\u0000${Partitions.partitionName(plan.layout.table, period)}`

/** The Warehouse service over a driver. */
export const make = (driver: Driver.Driver): Effect.Effect<WarehouseShape> =>
  Effect.sync(() => {
    const plans = new Map<string, Plan>()
    /** Partitions known to exist, so DDL runs only for a period not seen before. */
    const partitions = new Set<string>()
    /** The grain each table (schema, table) is partitioned by, read from its partitions (see `grainOf`). */
    const grains = new Map<string, Partitions.Grain>()
    /**
     * Tables (schema, table) that were empty when this run prepared them: their pages are COPYed straight in, until
     * one is refused (see `Writer.copyPage`).
     */
    const empty = new Set<string>()
    const tableKey = (schema: string, table: string) => `${schema}\u0000${table}`
    /** Remembers whether the table holds no rows, so a first import or a fresh shadow loads as a bulk load. */
    const noteIfEmpty = (schema: string, table: string) =>
      driver.query(`SELECT NOT EXISTS (SELECT FROM ${qualified(schema, table)}) AS empty`).pipe(
        Effect.tap((rows) =>
          Effect.sync(() =>
            rows[0]?.empty === true
              ? empty.add(tableKey(schema, table))
              : empty.delete(tableKey(schema, table))
          )
        ),
        Effect.mapError(failWith(`reading ${schema}.${table}`, table))
      )

    const planOf = (target: TableTarget, disposition: WriteDisposition): Plan => {
      const layout = layoutOf(target)
      const schema = disposition === "replace" ? Ddl.shadowSchemaOf(target.source) : target.source
      const key = `${schema}\u0000${layout.table}\u0000${disposition === "append"}\u0000${JSON.stringify(layout.columns)}`
      const known = plans.get(key)
      if (known !== undefined) return known
      const plan: Plan = {
        layout,
        schema,
        statements: Writer.statements(layout, schema, disposition === "append")
      }
      plans.set(key, plan)
      return plan
    }

    const forget = (schema: string, table: string) => {
      for (const name of partitions) if (name.startsWith(`${schema}\u0000${table}_p`)) partitions.delete(name)
      grains.delete(tableKey(schema, table))
    }

    /**
     * The grain the table's partitions were created with, so a table built monthly stays monthly when its
     * declaration turns yearly (a yearly partition would overlap its months) until a full refresh rebuilds it; a new
     * table, or one with only its default partition, takes the declared grain. Read once, then remembered.
     */
    const grainOf = (schema: string, table: string, declared: Partitions.Grain) => {
      const known = grains.get(tableKey(schema, table))
      return known !== undefined
        ? Effect.succeed(known)
        : Ddl.partitionsOf(driver, schema, table).pipe(
            Effect.map((names) => Partitions.grainOf(table, names) ?? declared),
            Effect.tap((grain) => Effect.sync(() => grains.set(tableKey(schema, table), grain)))
          )
    }

    // A plain loop, no closure per page: V8 recompiles a closure's call sites for each new one.
    const ensurePartitions = (plan: Plan, target: TableTarget, records: RecordRows.Records) =>
      Effect.flatMap(grainOf(plan.schema, plan.layout.table, target.partition.grain), (grain) => {
        const missing: Array<Partitions.Period> = []
        for (const period of Partitions.periodsOf(
          grain,
          RecordRows.valuesOf(records, target.partition.field)
        )) {
          if (!partitions.has(partitionKey(plan, period))) missing.push(period)
        }
        if (missing.length === 0) return Effect.void
        return Ddl.createPartitions(driver, plan.schema, plan.layout.table, missing).pipe(
          Effect.tap(() => {
            for (const period of missing) partitions.add(partitionKey(plan, period))
          })
        )
      })

    const describeKey = (columns: ReadonlyArray<string> | undefined) =>
      columns === undefined ? "" : ` (primary key ${columns.join(", ")})`

    /** Creates or evolves one table (the source's or the shadow), failing when its layout is the other kind. */
    const ensureTable = (schema: string, layout: TableLayout, disposition: WriteDisposition) =>
      Effect.gen(function* () {
        const append = disposition === "append"
        const key = yield* Ddl.primaryKeyColumns(driver, schema, layout.table).pipe(
          Effect.mapError(failWith(`reading the layout of ${schema}.${layout.table}`, layout.table))
        )
        if (key !== undefined && key.includes(layout.version.name) !== append) {
          return yield* new WarehouseError({
            reason: "Conflict",
            table: layout.table,
            message: `${schema}.${layout.table} holds ${append ? "merged" : "appended"} rows${describeKey(key)} and cannot be written with ${disposition}: ${append ? "append keeps every (id, version), merge and replace keep one row per id" : "append tables keep every (id, version) as its own row"}. Sync it with the mode it was created with, or drop the table and reset its state to change mode.`
          })
        }
        yield* Ddl.createSchema(driver, schema).pipe(
          Effect.zipRight(Ddl.createTable(driver, schema, layout, append, driver.compression)),
          Effect.zipRight(Ddl.addMissingColumns(driver, schema, layout, driver.compression)),
          Effect.mapError(failWith(`creating ${schema}.${layout.table}`, layout.table))
        )
      })

    /** The table's declared views, created or refreshed (e.g. columns added by a schema evolution). */
    const views = (session: Session, target: TableTarget, sample: boolean) =>
      target.views === undefined || target.views.length === 0
        ? Effect.void
        : Views.ensure(session, target.source, layoutOf(target), target.views, { sample })

    /**
     * Tables whose rows may hold languages their views have not sampled: rows were written since `prepare`, or the
     * run resumes one that stopped before its `complete`. `complete` samples those (and a full refresh's); `prepare`
     * samples only a view it creates. A run that writes nothing samples nothing: the sample queries were most of
     * an incremental run's time in the database.
     */
    const unsampled = new Set<string>()
    const viewKey = (target: TableTarget) => tableKey(target.source, target.table)

    const warehouse: WarehouseShape = {
      prepare: (target, disposition, { resume }) =>
        Effect.gen(function* () {
          const layout = layoutOf(target)
          yield* Ddl.createSchema(driver, target.source).pipe(
            Effect.zipRight(Ddl.createStateTable(driver, target.source)),
            Effect.mapError(failWith(`creating schema ${target.source}`, target.table))
          )
          yield* ensureTable(target.source, layout, disposition)
          if (resume) unsampled.add(viewKey(target))
          yield* views(driver, target, false).pipe(
            Effect.mapError(failWith(`creating the views of ${target.source}.${layout.table}`, target.table))
          )
          if (disposition === "replace") {
            const shadow = Ddl.shadowSchemaOf(target.source)
            if (!resume) {
              yield* Ddl.dropTable(driver, shadow, layout.table).pipe(
                Effect.mapError(
                  failWith(`dropping the shadow of ${target.source}.${layout.table}`, target.table)
                )
              )
              forget(shadow, layout.table)
            }
            yield* ensureTable(shadow, layout, disposition)
          }
          const written = disposition === "replace" ? Ddl.shadowSchemaOf(target.source) : target.source
          yield* noteIfEmpty(written, layout.table)
          // Read afresh: another run may have rebuilt the table (a full refresh) since this one last looked.
          grains.delete(tableKey(written, layout.table))
          yield* grainOf(written, layout.table, target.partition.grain).pipe(
            Effect.mapError(failWith(`reading the partitions of ${written}.${layout.table}`, target.table))
          )
        }).pipe(
          Effect.withSpan("PostgresWarehouse.prepare", { attributes: { table: target.table, disposition } })
        ),

      writePage: (target, disposition, records, state) =>
        Effect.gen(function* () {
          const plan = planOf(target, disposition)
          const where = `${plan.schema}.${plan.layout.table}`
          yield* ensurePartitions(plan, target, records).pipe(
            Effect.mapError(failWith(`creating partitions of ${where}`, target.table))
          )
          const key = tableKey(plan.schema, plan.layout.table)
          const counts = yield* driver
            .transaction((session) =>
              (empty.has(key)
                ? Writer.copyPage(session, plan.layout, plan.statements, records).pipe(
                    Effect.tap(({ fellBack }) => Effect.sync(() => fellBack && empty.delete(key)))
                  )
                : Writer.writePage(session, driver.loader, plan.layout, plan.statements, records)
              ).pipe(Effect.tap(() => StateStore.save(session, state)))
            )
            .pipe(
              Effect.mapError(
                failWith(`writing a page of ${records.length} records to ${where}`, target.table)
              )
            )
          if (counts.inserted + counts.updated > 0) unsampled.add(viewKey(target))
          return {
            inserted: counts.inserted,
            updated: counts.updated,
            unchanged: records.length - counts.inserted - counts.updated
          }
        }).pipe(
          Effect.withSpan("PostgresWarehouse.writePage", {
            attributes: { table: target.table, disposition, records: records.length },
            // One a page: the call site is always the engine's, and capturing it costs more than the span.
            captureStackTrace: false
          })
        ),

      complete: (target, disposition, state) =>
        Effect.gen(function* () {
          const table = layoutOf(target).table
          const shadow = Ddl.shadowSchemaOf(target.source)
          yield* driver
            .transaction((session) =>
              Effect.gen(function* () {
                // A retried complete after a swap finds no shadow: the swap is done, only the state is written.
                if (disposition === "replace" && (yield* Ddl.exists(session, shadow, table))) {
                  yield* Swap.replaceRows(
                    session,
                    shadow,
                    target.source,
                    table,
                    Views.dropUnused(session, target.source, target.views ?? [])
                  )
                }
                yield* views(session, target, disposition === "replace" || unsampled.has(viewKey(target)))
                yield* StateStore.save(session, state)
              })
            )
            .pipe(
              Effect.mapError(
                failWith(
                  disposition === "replace"
                    ? `swapping the refreshed ${target.source}.${table} in`
                    : `completing ${target.source}.${table}`,
                  target.table
                )
              )
            )
          unsampled.delete(viewKey(target))
          if (disposition === "replace") {
            forget(shadow, table)
            forget(target.source, table)
          }
        }).pipe(
          Effect.withSpan("PostgresWarehouse.complete", { attributes: { table: target.table, disposition } })
        ),

      loadState: (source, table) =>
        StateStore.load(driver, source, table).pipe(
          Effect.mapError(failWith(`reading the state of ${source}.${table}`, table)),
          Effect.flatMap(
            Option.match({
              onNone: () => Effect.succeed(Option.none()),
              onSome: (row) =>
                StateStore.decode(row).pipe(
                  Effect.map(Option.some),
                  Effect.mapError(
                    (message) =>
                      new WarehouseError({
                        reason: "Schema",
                        table,
                        message: `the stored state of ${source}.${table} is not readable: ${message}`
                      })
                  )
                )
            })
          )
        ),

      states: (source) =>
        Effect.gen(function* () {
          const rows = yield* StateStore.list(driver, source)
          return yield* Effect.forEach(rows, (row) =>
            Effect.gen(function* () {
              const state = yield* StateStore.decode(row).pipe(
                Effect.mapError(
                  (message) =>
                    new WarehouseError({
                      reason: "Schema",
                      table: String(row.table),
                      message: `the stored state of ${source}.${String(row.table)} is not readable: ${message}`
                    })
                )
              )
              const found = yield* Ddl.existsWith(driver, source, state.table, deletedAt)
              const counted = found
                ? yield* driver.query(
                    `SELECT count(*)::bigint AS rows, count(${ident(deletedAtColumn)})::bigint AS deleted FROM ${qualified(source, state.table)}`
                  )
                : []
              return {
                ...state,
                rows: Number(counted[0]?.rows ?? 0),
                deleted: Number(counted[0]?.deleted ?? 0)
              }
            })
          )
        }).pipe(
          Effect.catchTag("SqlFailure", (failure) =>
            Effect.fail(failWith(`listing the states of ${source}`)(failure))
          )
        ),

      resetState: (source, table) =>
        StateStore.remove(driver, source, table).pipe(
          Effect.mapError(failWith(`resetting the state of ${source}.${table}`, table))
        ),

      applyDeletions: (batches, state) =>
        Effect.gen(function* () {
          yield* Ddl.createSchema(driver, state.source).pipe(
            Effect.zipRight(Ddl.createStateTable(driver, state.source)),
            Effect.mapError(failWith(`creating schema ${state.source}`, state.table))
          )
          const total = batches.reduce((sum, batch) => sum + batch.deletions.length, 0)
          return yield* driver
            .transaction((session) =>
              Effect.gen(function* () {
                let marked = 0
                let purged = 0
                for (const batch of batches) {
                  if (batch.deletions.length === 0) continue
                  const layout = layoutOf(batch.target)
                  const deletions = [Deletes.deletionsJson(batch.deletions)]
                  const apply = (schema: string) =>
                    Effect.gen(function* () {
                      // Deletions of a table not synced yet have nothing to act on.
                      if (!(yield* Ddl.existsWith(session, schema, layout.table, deletedAt))) return 0
                      const rows = yield* session.query(
                        Deletes.applyStatement(
                          layout,
                          qualified(schema, layout.table),
                          batch.disposition === "append",
                          batch.policy
                        ),
                        deletions
                      )
                      return Number(rows[0]?.n ?? 0)
                    })
                  const changed = yield* apply(batch.target.source)
                  if (batch.policy === "purge") purged += changed
                  else marked += changed
                  // A full refresh under way holds the record in its shadow too: mark it there, or the swap revives it.
                  yield* apply(Ddl.shadowSchemaOf(batch.target.source))
                }
                yield* StateStore.save(session, state)
                return { marked, purged }
              })
            )
            .pipe(
              Effect.mapError(
                failWith(`applying ${total} deletions of ${state.source} (${state.table})`, state.table)
              )
            )
        }).pipe(
          Effect.withSpan("PostgresWarehouse.applyDeletions", {
            attributes: { source: state.source, batches: batches.length }
          })
        ),

      reconcile: (target, disposition, policy, listed, { listedFrom }) =>
        Effect.gen(function* () {
          const layout = layoutOf(target)
          const where = `${target.source}.${layout.table}`
          const present = yield* Ddl.existsWith(driver, target.source, layout.table, deletedAt).pipe(
            Effect.mapError(failWith(`reading the layout of ${where}`, target.table))
          )
          if (!present) return { marked: 0, purged: 0 }
          yield* Ddl.createStateTable(driver, target.source).pipe(
            Effect.mapError(failWith(`creating the state table of ${target.source}`, target.table))
          )
          // The listed ids go to an unlogged table, never to memory; one run per source holds the name (see lock).
          const listing = qualified(target.source, `_sluice_listed_${layout.table}`)
          yield* Effect.acquireRelease(
            driver
              .exec(
                `DROP TABLE IF EXISTS ${listing}; CREATE UNLOGGED TABLE ${listing} (${ident(Deletes.listingColumn)} ${layout.id.sqlType})`
              )
              .pipe(Effect.mapError(failWith(`creating the id listing of ${where}`, target.table))),
            () => driver.exec(`DROP TABLE IF EXISTS ${listing}`).pipe(Effect.ignore)
          )
          let stored = 0
          yield* listed.pipe(
            Stream.runForEach((ids) =>
              ids.length === 0
                ? Effect.void
                : driver.copyIn(listing, [ident(Deletes.listingColumn)], Deletes.listingCopyText(ids)).pipe(
                    Effect.tap(() => {
                      stored += ids.length
                    }),
                    Effect.mapError(failWith(`storing the listed ids of ${where}`, target.table))
                  )
            )
          )
          return yield* driver
            .transaction((session) =>
              Effect.gen(function* () {
                // An unlogged table is emptied by crash recovery: a listing that lost ids must delete nothing.
                const kept = yield* session.query(`SELECT count(*)::bigint AS n FROM ${listing}`)
                if (Number(kept[0]?.n ?? 0) < stored) {
                  return yield* new SqlFailure({
                    connection: false,
                    message: `the listed ids of ${where} were lost (the database restarted after a crash); reconcile again`
                  })
                }
                yield* session.exec(`ANALYZE ${listing}`)
                const rows = yield* session.query(
                  Deletes.reconcileStatement(
                    layout,
                    qualified(target.source, layout.table),
                    listing,
                    disposition === "append",
                    policy
                  ),
                  [listedFrom]
                )
                yield* StateStore.markReconciled(
                  session,
                  target.source,
                  target.table,
                  modeOf(disposition),
                  listedFrom
                )
                const changed = Number(rows[0]?.n ?? 0)
                return policy === "purge" ? { marked: 0, purged: changed } : { marked: changed, purged: 0 }
              })
            )
            .pipe(Effect.mapError(failWith(`reconciling the ids of ${where}`, target.table)))
        }).pipe(
          Effect.scoped,
          Effect.withSpan("PostgresWarehouse.reconcile", {
            attributes: { table: target.table, disposition, policy }
          })
        ),

      purgeMarked: (target, disposition) =>
        Effect.gen(function* () {
          const layout = layoutOf(target)
          const where = `${target.source}.${layout.table}`
          // A table not synced yet, or from before deletions, has nothing marked.
          const present = yield* Ddl.existsWith(driver, target.source, layout.table, deletedAt).pipe(
            Effect.mapError(failWith(`reading the layout of ${where}`, target.table))
          )
          if (!present) return 0
          const rows = yield* driver
            .query(
              Deletes.purgeMarkedStatement(
                layout,
                qualified(target.source, layout.table),
                disposition === "append"
              )
            )
            .pipe(Effect.mapError(failWith(`purging the rows marked deleted of ${where}`, target.table)))
          return Number(rows[0]?.n ?? 0)
        }).pipe(
          Effect.withSpan("PostgresWarehouse.purgeMarked", {
            attributes: { table: target.table, disposition }
          })
        ),

      lock: (source) =>
        driver.lock(`sluice sync ${source}`).pipe(
          Effect.mapError((failure) =>
            failure.code === lockNotAvailable
              ? new WarehouseError({
                  reason: "Locked",
                  message: `another sync of ${source} is running into ${driver.location} (${failure.message})`
                })
              : failWith(`taking the run lock of ${source}`)(failure)
          )
        )
    }
    return warehouse
  })

const sqlOf = (driver: Driver.Driver) =>
  WarehouseSql.of({
    kind: driver.kind,
    location: driver.location,
    query: (sql, params) => driver.query(sql, params).pipe(Effect.mapError(failWith("query")))
  })

/**
 * The PostgreSQL warehouse as the SDK's `Warehouse`, plus `WarehouseSql` to read it. The connection (or PGlite
 * instance) is opened and checked when the layer builds and closed when its scope ends; a database that cannot be
 * reached fails the layer with reason "Connection", naming host:port and never the password.
 */
export const layer = (options: Options): Layer.Layer<Warehouse.Warehouse | WarehouseSql, WarehouseError> =>
  Layer.scopedContext(
    Effect.gen(function* () {
      const opened = yield* driver(options)
      const warehouse = yield* make(opened)
      return Context.make(Warehouse.Warehouse, warehouse).pipe(Context.add(WarehouseSql, sqlOf(opened)))
    })
  )

/** The options `layerFromEnv` picks: `DATABASE_URL` when it is set and not empty, else PGlite in `dataDir`. */
export const optionsFromEnv = (fallback: {
  readonly dataDir: string
}): Effect.Effect<Options, WarehouseError> =>
  Config.option(Config.redacted("DATABASE_URL")).pipe(
    Effect.map(
      (url): Options =>
        Option.isSome(url) && Redacted.value(url.value).trim() !== ""
          ? { url: url.value }
          : { dataDir: fallback.dataDir }
    ),
    Effect.mapError(
      (error) =>
        new WarehouseError({ reason: "Connection", message: `DATABASE_URL is not usable: ${error.message}` })
    )
  )

/** postgres.js when `DATABASE_URL` is set; otherwise embedded PGlite persisted in `dataDir` (e.g. `.data/warehouse`). */
export const layerFromEnv = (fallback: {
  readonly dataDir: string
}): Layer.Layer<Warehouse.Warehouse | WarehouseSql, WarehouseError> =>
  Layer.unwrapEffect(optionsFromEnv(fallback).pipe(Effect.map(layer)))
