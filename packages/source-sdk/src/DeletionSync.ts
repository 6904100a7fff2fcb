import { Clock, Duration, Effect, Either, Option, Stream } from "effect"
import * as Checkpoint from "./Checkpoint.js"
import * as Cursor from "./Cursor.js"
import {
  type DeletionFeed,
  type DeletionPage,
  type FeedCoverage,
  feedStateName,
  type SourceDeletion,
  uncoveredAll
} from "./Deletions.js"
import { describe, type SourceError, type WarehouseError } from "./Errors.js"
import * as Progress from "./Progress.js"
import type { Connection } from "./Source.js"
import * as SyncMode from "./SyncMode.js"
import { deletePolicy, type TableInfo } from "./Table.js"
import {
  type DeletePolicy,
  type DeletionBatch,
  type TableState,
  target as targetOf,
  Warehouse
} from "./Warehouse.js"

export interface DeletionOptions {
  /** "purge" removes deleted rows of every table; "soft" (default) follows each table's own policy. */
  readonly deletes?: DeletePolicy
  /** Reconcile every table the feed does not cover now, however recently it was reconciled. */
  readonly reconcile?: boolean
  /** Reconcile an uncovered table when its last reconciliation is older than this (default 24 hours). */
  readonly reconcileAfter?: Duration.DurationInput
  /** The settle window, as for tables (default five minutes). */
  readonly lookback?: Duration.DurationInput
}

/** What the deletion step did. Failures of single tables are listed, not thrown: the others still run. */
export interface DeletionsResult {
  readonly feed: { readonly pages: number; readonly deletions: number; readonly requests: number } | undefined
  readonly marked: number
  readonly purged: number
  readonly reconciled: ReadonlyArray<string>
  readonly uncovered: ReadonlyArray<{ readonly table: string; readonly reason: string }>
  readonly failures: ReadonlyArray<{ readonly table?: string; readonly message: string }>
}

export const defaultReconcileAfter: Duration.Duration = Duration.hours(24)

const iso = (millis: number) => new Date(millis).toISOString()

/** The tables a run covers: all the source declares (deletions reach any held one), and those synced now. */
export interface DeletionTables {
  readonly all: ReadonlyArray<TableInfo>
  /** Tables this run synced successfully: only these may be reconciled. */
  readonly synced: ReadonlyArray<string>
  /** When the run began (before its tables): a reconciliation since then, e.g. a full read, is not repeated. */
  readonly runStartedAt?: string
}

/**
 * The deletion step of a run, after its tables: (1) reads the deletion feed from its own state and applies each
 * page together with the feed's checkpoint; (2) reconciles each synced table the feed does not cover now, when
 * asked or when its last reconciliation is older than `reconcileAfter`; (3) purges the rows already marked deleted
 * of each synced table whose policy is purge. Crash-safe: a page and the checkpoint
 * after it land together, and a reconciliation lands whole or not at all.
 */
export const syncDeletions = (
  connection: Connection,
  source: string,
  tables: DeletionTables,
  options: DeletionOptions = {}
): Effect.Effect<DeletionsResult, never, Warehouse> =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse
    const startedAt = yield* Clock.currentTimeMillis
    const lookback = Duration.decode(options.lookback ?? Cursor.defaultLookback)
    const reconcileAfter = Duration.decode(options.reconcileAfter ?? defaultReconcileAfter)
    const stale = (at: string | undefined) =>
      at === undefined || Date.parse(at) + Duration.toMillis(reconcileAfter) <= startedAt
    const failures: Array<{ table?: string; message: string }> = []
    const fail = (failure: SourceError | WarehouseError, table?: string) =>
      Effect.gen(function* () {
        const message = describe(failure)
        failures.push({ ...(table !== undefined ? { table } : {}), message })
        yield* Progress.emit({
          _tag: "DeletionsFailed",
          source,
          ...(table !== undefined ? { table } : {}),
          reason: failure.reason,
          message
        })
      })
    const policyOf = (table: TableInfo): DeletePolicy =>
      options.deletes === "purge" ? "purge" : deletePolicy(table)
    // Each table's state, not `states`: that counts every table's rows, too slow to run on every sync.
    const held = new Map<string, TableState>()
    const loaded = yield* Effect.either(
      Effect.forEach(tables.all, (table) => warehouse.loadState(source, table.name))
    )
    if (Either.isLeft(loaded)) {
      yield* fail(loaded.left)
      return { feed: undefined, marked: 0, purged: 0, reconciled: [], uncovered: [], failures }
    }
    for (const state of loaded.right) if (Option.isSome(state)) held.set(state.value.table, state.value)

    const totals = { marked: 0, purged: 0 }
    const feed = connection.deletions
    let coverage: FeedCoverage = uncoveredAll(
      tables.all.map((table) => table.name),
      `${source} has no deletion feed`
    )
    let feedTotals: DeletionsResult["feed"]
    if (feed !== undefined) {
      const run = yield* readFeed(feed, source, tables.all, held, {
        startedAt,
        lookback,
        stale,
        reconcile: options.reconcile === true,
        policyOf
      }).pipe(Effect.either)
      if (Either.isLeft(run)) {
        yield* fail(run.left)
        coverage = uncoveredAll(feed.tables, `the deletion feed failed: ${describe(run.left)}`)
      } else {
        coverage = run.right.coverage
        feedTotals = run.right.totals
        totals.marked += run.right.totals.marked
        totals.purged += run.right.totals.purged
      }
      const reported = new Set(feed.tables)
      coverage = {
        covered: coverage.covered.filter((name) => reported.has(name)),
        uncovered: [
          ...coverage.uncovered,
          ...tables.all
            .filter((table) => !reported.has(table.name))
            .map((table) => ({ table: table.name, reason: `${source}'s deletion feed does not report it` }))
        ]
      }
    }

    // Reconciliation: the synced tables the feed cannot be trusted for.
    const reconciled: Array<string> = []
    const covered = new Set(coverage.covered)
    const runStart = tables.runStartedAt ?? iso(startedAt)
    for (const table of tables.all) {
      if (!tables.synced.includes(table.name) || covered.has(table.name) || table.kept !== undefined) continue
      const reason =
        coverage.uncovered.find((entry) => entry.table === table.name)?.reason ??
        "the deletion feed does not cover it"
      const state = held.get(table.name)
      const last = state?.lastReconciledAt
      const listing = Option.flatMap(Option.fromNullable(connection.listIds), (list) => list(table))
      // A full read of this run already reconciled the table as of its start.
      const due = stale(last) || (options.reconcile === true && (last === undefined || last < runStart))
      const action = Option.isNone(listing) ? "unlisted" : due ? "reconcile" : "later"
      yield* Progress.emit({
        _tag: "ReliesOnReconciliation",
        source,
        table: table.name,
        reason,
        action,
        ...(last !== undefined ? { lastReconciledAt: last } : {})
      })
      if (Option.isNone(listing) || !due || state === undefined) continue
      const began = yield* Clock.currentTimeMillis
      const listedFrom = iso(began - Duration.toMillis(lookback))
      let listed = 0
      const counted = listing.value.pipe(Stream.tap((chunk) => Effect.sync(() => (listed += chunk.length))))
      const result = yield* warehouse
        .reconcile(targetOf(source, table), SyncMode.byName(state.mode).write, policyOf(table), counted, {
          listedFrom
        })
        .pipe(Effect.either)
      if (Either.isLeft(result)) {
        yield* fail(result.left, table.name)
        continue
      }
      totals.marked += result.right.marked
      totals.purged += result.right.purged
      reconciled.push(table.name)
      yield* Progress.emit({
        _tag: "TableReconciled",
        source,
        table: table.name,
        listed,
        ...result.right,
        listedFrom,
        durationMs: (yield* Clock.currentTimeMillis) - began
      })
    }

    // Purge leaves no deleted row behind: rows marked by earlier soft runs (or before the policy) go too.
    for (const table of tables.all) {
      const state = held.get(table.name)
      if (!tables.synced.includes(table.name) || state === undefined || policyOf(table) !== "purge") continue
      const purged = yield* warehouse
        .purgeMarked(targetOf(source, table), SyncMode.byName(state.mode).write)
        .pipe(Effect.either)
      if (Either.isLeft(purged)) {
        yield* fail(purged.left, table.name)
        continue
      }
      totals.purged += purged.right
      if (purged.right > 0) {
        yield* Progress.emit({ _tag: "MarkedRowsPurged", source, table: table.name, purged: purged.right })
      }
    }
    // A table that keeps its rows by design (an immutable history) is not a table deletions fail to reach.
    const kept = new Set(tables.all.filter((table) => table.kept !== undefined).map((table) => table.name))
    return {
      feed: feedTotals,
      ...totals,
      reconciled,
      uncovered: coverage.uncovered.filter((entry) => !kept.has(entry.table)),
      failures
    } satisfies DeletionsResult
  }).pipe(Effect.withSpan("Engine.syncDeletions", { attributes: { source } }))

/** Reads the feed from where its state says and applies it page by page; returns its coverage and totals. */
const readFeed = (
  feed: DeletionFeed<never>,
  source: string,
  all: ReadonlyArray<TableInfo>,
  held: ReadonlyMap<string, TableState>,
  options: {
    readonly startedAt: number
    readonly lookback: Duration.Duration
    readonly stale: (at: string | undefined) => boolean
    readonly reconcile: boolean
    readonly policyOf: (table: TableInfo) => DeletePolicy
  }
) =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse
    const previous = Option.getOrUndefined(yield* warehouse.loadState(source, feedStateName))
    const lastRead = Option.fromNullable(previous?.cursor)
    // The feed's `lastReconciledAt` is when its coverage was last checked thoroughly.
    const thorough = options.reconcile || previous === undefined || options.stale(previous.lastReconciledAt)
    const coverage = yield* feed.coverage({ lastRead, thorough }).pipe(
      Effect.catchAll((error) =>
        Effect.succeed(
          uncoveredAll(feed.tables, `the deletion feed's coverage cannot be checked: ${describe(error)}`, {
            readable: error.reason !== "Access"
          })
        )
      )
    )
    const now = iso(options.startedAt)
    const base = {
      source,
      table: feedStateName,
      mode: "incremental",
      ...(previous?.cursor !== undefined ? { cursor: previous.cursor } : {}),
      lastStartedAt: now,
      ...(previous?.lastCompletedAt !== undefined ? { lastCompletedAt: previous.lastCompletedAt } : {}),
      ...(thorough
        ? { lastReconciledAt: now }
        : previous?.lastReconciledAt !== undefined
          ? { lastReconciledAt: previous.lastReconciledAt }
          : {})
    } satisfies TableState
    const totals = { pages: 0, deletions: 0, requests: 0, marked: 0, purged: 0 }
    if (coverage.readable === false) {
      // Not read: only the check is remembered, so the next thorough one waits its period.
      yield* warehouse.applyDeletions([], {
        ...base,
        ...(previous?.checkpoint ? { checkpoint: previous.checkpoint } : {})
      })
      return { coverage, totals }
    }

    let checkpoint =
      previous?.checkpoint !== undefined
        ? previous.checkpoint
        : Checkpoint.start({
            mode: "incremental",
            readStartedAt: now,
            since: Cursor.readFrom(lastRead, options.lookback)
          })
    const progress = checkpoint.slices[feedSlice]
    const after = progress?._tag === "After" ? Option.some(progress.position) : Option.none()
    let finished = progress?._tag === "Done"
    const byName = new Map(all.map((table) => [table.name, table]))

    // Settled as a table's cursor: the highest entry seen, capped at the read's start.
    const settled = (completedAt: number): TableState => {
      const cursor = Cursor.settle({
        previous: lastRead,
        maxSeen: Option.fromNullable(checkpoint.maxSeen),
        readStartedAt: checkpoint.readStartedAt
      })
      const { cursor: _old, ...rest } = base
      return {
        ...rest,
        lastCompletedAt: iso(completedAt),
        ...(Option.isSome(cursor) ? { cursor: cursor.value } : {})
      }
    }

    const apply = (page: DeletionPage) =>
      Effect.gen(function* () {
        checkpoint = Checkpoint.advance(checkpoint, {
          slice: feedSlice,
          position: page.position,
          done: page.done,
          records: page.deletions.length,
          maxSeen: page.maxSeen
        })
        // The last page lands with the settled state: no checkpoint is left to resume from.
        const state: TableState = page.done
          ? settled(yield* Clock.currentTimeMillis)
          : { ...base, checkpoint }
        const result = yield* warehouse.applyDeletions(
          batches(source, page.deletions, byName, held, options.policyOf),
          state
        )
        finished = page.done
        totals.pages += 1
        totals.deletions += page.deletions.length
        totals.requests += page.requests
        totals.marked += result.marked
        totals.purged += result.purged
        const perTable: Record<string, number> = {}
        for (const deletion of page.deletions) perTable[deletion.table] = (perTable[deletion.table] ?? 0) + 1
        yield* Progress.emit({
          _tag: "DeletionsApplied",
          source,
          tables: perTable,
          deletions: page.deletions.length,
          ...result,
          pages: totals.pages,
          requests: totals.requests,
          done: page.done
        })
      })

    const read = finished
      ? Effect.void
      : feed.read({ since: Option.fromNullable(checkpoint.since), after }).pipe(Stream.runForEach(apply))
    const outcome = yield* Effect.either(read)
    if (Either.isLeft(outcome)) {
      if (outcome.left.reason !== "Access") return yield* outcome.left
      // Missing permission never fails a sync: the feed's tables fall back to reconciliation.
      const reason = `the deletion feed cannot be read: ${describe(outcome.left)}`
      return { coverage: uncoveredAll(feed.tables, reason), totals }
    }
    if (!finished) yield* warehouse.applyDeletions([], settled(yield* Clock.currentTimeMillis))
    return { coverage, totals }
  })

/** The feed's one slice in its checkpoint. */
const feedSlice = "feed"

/** A page's deletions as per-table batches; tables the warehouse does not hold yet have nothing to delete. */
const batches = (
  source: string,
  deletions: ReadonlyArray<SourceDeletion>,
  byName: ReadonlyMap<string, TableInfo>,
  held: ReadonlyMap<string, TableState>,
  policyOf: (table: TableInfo) => DeletePolicy
): ReadonlyArray<DeletionBatch> => {
  const grouped = new Map<string, Array<SourceDeletion>>()
  for (const deletion of deletions) {
    const list = grouped.get(deletion.table) ?? []
    list.push(deletion)
    grouped.set(deletion.table, list)
  }
  return [...grouped].flatMap(([name, list]) => {
    const table = byName.get(name)
    const state = held.get(name)
    if (table === undefined || state === undefined) return []
    return [
      {
        target: targetOf(source, table),
        disposition: SyncMode.byName(state.mode).write,
        policy: policyOf(table),
        deletions: list.map(({ table: _table, ...deletion }) => deletion)
      }
    ]
  })
}
