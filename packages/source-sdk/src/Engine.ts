import { Clock, Duration, Effect, Either, Option, Stream } from "effect"
import * as Checkpoint from "./Checkpoint.js"
import * as Cursor from "./Cursor.js"
import { type DeletionOptions, type DeletionsResult, syncDeletions } from "./DeletionSync.js"
import { describe, SourceError, type SyncFailure, type WarehouseError } from "./Errors.js"
import * as InFlight from "./InFlight.js"
import * as Progress from "./Progress.js"
import { isRows, type Records, toArray } from "./RecordRows.js"
import type { Connection, TableCheck } from "./Source.js"
import type { SyncMode } from "./SyncMode.js"
import { checkedFor, type Page, type TableInfo, validator } from "./Table.js"
import { type TableState, target as targetOf, Warehouse } from "./Warehouse.js"

export interface SyncOptions {
  readonly mode: SyncMode
  /** The settle window re-read before the stored cursor on each incremental run (default five minutes). */
  readonly lookback?: Duration.DurationInput
  /** How many pages the read may run ahead of the writer. */
  readonly readAhead?: number
  /**
   * Megabytes of pages (response bodies) read but not yet written, at most, for the whole run: tables syncing at
   * once share them (default `InFlight.defaultMegabytes`). Bounds memory whatever the size of a page's records.
   */
  readonly inFlightMegabytes?: number
  /** The budget itself, when the caller shares one across tables (`syncTables` does); otherwise one of its own. */
  readonly inFlight?: InFlight.Budget
}

const budgetOf = (options: SyncOptions): InFlight.Budget =>
  options.inFlight ?? InFlight.make((options.inFlightMegabytes ?? InFlight.defaultMegabytes) * 2 ** 20)

/** What a table's sync did. */
export interface TableResult {
  readonly table: string
  readonly mode: SyncMode["name"]
  readonly rows: number
  readonly pages: number
  readonly inserted: number
  readonly updated: number
  readonly unchanged: number
  readonly requests: number
  readonly durationMs: number
  readonly resumed: boolean
  readonly cursor?: string
}

export interface TableOutcome {
  readonly table: string
  readonly result: Either.Either<TableResult, SyncFailure>
}

const nowIso = Clock.currentTimeMillis.pipe(Effect.map((millis) => new Date(millis).toISOString()))

/**
 * Syncs one table: loads its state, reads pages from where the last run stopped, writes each page together with
 * the checkpoint it reaches, and completes (a full refresh swaps its shadow table in). Interrupted at any point,
 * the next run resumes after the last written page.
 */
export const syncTable = (
  connection: Connection,
  source: string,
  table: TableInfo,
  options: SyncOptions
): Effect.Effect<TableResult, SyncFailure, Warehouse> =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse
    const mode = options.mode
    const target = targetOf(source, table)
    const lookback = Duration.decode(options.lookback ?? Cursor.defaultLookback)
    const stored = yield* warehouse.loadState(source, table.name)
    const previous = Option.getOrUndefined(stored)
    const resumed = previous?.checkpoint !== undefined && previous.checkpoint.mode === mode.name
    yield* warehouse.prepare(target, mode.write, { resume: resumed })

    const startedAt = yield* Clock.currentTimeMillis
    let checkpoint =
      resumed && previous?.checkpoint !== undefined
        ? previous.checkpoint
        : Checkpoint.start({
            mode: mode.name,
            readStartedAt: new Date(startedAt).toISOString(),
            since:
              mode.read === "incremental"
                ? Cursor.readFrom(Option.fromNullable(previous?.cursor), lookback)
                : Option.none()
          })
    const base = {
      source,
      table: table.name,
      mode: mode.name,
      ...(previous?.cursor !== undefined ? { cursor: previous.cursor } : {}),
      lastStartedAt: new Date(startedAt).toISOString(),
      ...(previous?.lastCompletedAt !== undefined ? { lastCompletedAt: previous.lastCompletedAt } : {}),
      ...(previous?.lastReconciledAt !== undefined ? { lastReconciledAt: previous.lastReconciledAt } : {})
    } satisfies TableState
    yield* Progress.emit({
      _tag: "TableStarted",
      source,
      table: table.name,
      mode: mode.name,
      resumed,
      ...(checkpoint.since !== undefined ? { since: checkpoint.since } : {})
    })

    const ledger = InFlight.ledger(budgetOf(options))
    const valid = validator(table)
    // A plain loop: one Effect per page, not one per record.
    const validate = (records: Records) =>
      Effect.suspend(() => {
        // Rows were checked against this table's schema as they were read.
        if (isRows(records) && checkedFor(table, records)) return Effect.void
        for (const record of toArray(records)) {
          const checked = valid(record)
          if (Either.isLeft(checked)) return Effect.fail(checked.left)
        }
        return Effect.void
      })
    const totals = { rows: 0, pages: 0, inserted: 0, updated: 0, unchanged: 0, requests: 0 }
    const writePage = (page: Page) =>
      Effect.gen(function* () {
        const records = page.rows ?? page.records
        yield* validate(records)
        checkpoint = Checkpoint.advance(checkpoint, {
          slice: page.slice,
          position: page.position,
          done: page.done,
          records: records.length,
          maxSeen: Cursor.maxOf(records, table.cursorField)
        })
        const written = yield* warehouse.writePage(target, mode.write, records, { ...base, checkpoint })
        totals.rows += records.length
        totals.pages += 1
        totals.inserted += written.inserted
        totals.updated += written.updated
        totals.unchanged += written.unchanged
        totals.requests += page.requests
        const elapsedMs = (yield* Clock.currentTimeMillis) - startedAt
        yield* Progress.emit({
          _tag: "PageWritten",
          source,
          table: table.name,
          slice: page.slice,
          records: records.length,
          ...written,
          rows: totals.rows,
          pages: totals.pages,
          requests: totals.requests,
          elapsedMs,
          rowsPerSecond: rate(totals.rows, elapsedMs)
        })
      })

    yield* connection
      .read(table, {
        strategy: mode.read,
        since: Option.fromNullable(checkpoint.since),
        resume: checkpoint.slices
      })
      .pipe(
        Stream.mapError((error) => (error.table === undefined ? withTable(error, table.name) : error)),
        Stream.buffer({ capacity: options.readAhead ?? 4 }),
        Stream.runForEach((page) =>
          Effect.ensuring(
            // Once written, nothing reads the page: its memory serves a later one. A page that failed is left to
            // the collector (a timed-out write may still hold it).
            Effect.tap(writePage(page), () => page.release?.()),
            Effect.sync(() => ledger.give(page.held ?? 0))
          )
        ),
        // The reader's fibers take from this table's ledger; whatever it still holds when the table ends goes back.
        Effect.locally(InFlight.current, ledger),
        Effect.ensuring(Effect.sync(() => ledger.close()))
      )

    const cursor = Cursor.settle({
      previous: Option.fromNullable(mode.read === "incremental" ? previous?.cursor : undefined),
      maxSeen: Option.fromNullable(checkpoint.maxSeen),
      readStartedAt: checkpoint.readStartedAt
    })
    const completedAt = yield* nowIso
    const { checkpoint: _done, cursor: _old, ...rest } = { ...base, checkpoint }
    // A completed full read holds every record the source had at its start: a reconciliation as of then.
    const reconciled = mode.read === "full" || checkpoint.since === undefined
    yield* warehouse.complete(target, mode.write, {
      ...rest,
      lastCompletedAt: completedAt,
      ...(reconciled ? { lastReconciledAt: checkpoint.readStartedAt } : {}),
      ...(Option.isSome(cursor) ? { cursor: cursor.value } : {})
    })
    const durationMs = (yield* Clock.currentTimeMillis) - startedAt
    const result: TableResult = {
      table: table.name,
      mode: mode.name,
      ...totals,
      durationMs,
      resumed,
      ...(Option.isSome(cursor) ? { cursor: cursor.value } : {})
    }
    yield* Progress.emit({
      _tag: "TableSynced",
      source,
      ...result,
      rowsPerSecond: rate(totals.rows, durationMs)
    })
    return result
  }).pipe(
    Effect.tapError((failure) =>
      Progress.emit({
        _tag: "TableFailed",
        source,
        table: table.name,
        reason:
          failure._tag === "SourceError" || failure._tag === "WarehouseError" ? failure.reason : failure._tag,
        message: describe(failure)
      })
    ),
    Effect.withSpan("Engine.syncTable", {
      attributes: { source, table: table.name, mode: options.mode.name }
    })
  )

// Copied field by field: an error's `message` is not an own enumerable property, so a spread would drop it.
const withTable = (error: SourceError, table: string): SourceError =>
  new SourceError({
    reason: error.reason,
    message: error.message,
    table,
    ...(error.status !== undefined ? { status: error.status } : {}),
    ...(error.access !== undefined ? { access: error.access } : {})
  })

const rate = (rows: number, elapsedMs: number) =>
  elapsedMs <= 0 ? rows : Math.round((rows * 1000) / elapsedMs)

/**
 * Failures no other table can escape: the credentials are rejected, the project itself does not exist, or the
 * warehouse stayed unreachable after its own reconnection attempts.
 */
const dooms = (failure: SyncFailure): boolean =>
  (failure._tag === "SourceError" && (failure.reason === "Auth" || failure.reason === "NotFound")) ||
  (failure._tag === "WarehouseError" && failure.reason === "Connection")

/**
 * Syncs several tables, one after another by default (`concurrency` for more at once). First the connection must
 * prove it works (`ready`); a table that fails does not stop the others, except when the credentials are rejected,
 * the project is not found or the warehouse cannot be reached: then no further table is tried (each would fail the same way) and they all carry
 * that one cause, reported once. Each outcome says what happened.
 */
export const syncTables = (
  connection: Connection,
  source: string,
  tables: ReadonlyArray<TableInfo>,
  options: SyncOptions & { readonly concurrency?: number }
): Effect.Effect<ReadonlyArray<TableOutcome>, never, Warehouse> =>
  Effect.gen(function* () {
    const gate = yield* Effect.either(connection.ready)
    const [first] = tables
    if (Either.isLeft(gate) && first !== undefined) {
      const failure = gate.left.table === undefined ? withTable(gate.left, first.name) : gate.left
      yield* Progress.emit({
        _tag: "TableFailed",
        source,
        table: first.name,
        reason: failure.reason,
        message: describe(failure)
      })
    }
    let rejected: SyncFailure | undefined = Either.isLeft(gate) ? gate.left : undefined
    const shared = { ...options, inFlight: budgetOf(options) }
    return yield* Effect.forEach(
      tables,
      (table) =>
        rejected !== undefined
          ? Effect.succeed<TableOutcome>({ table: table.name, result: Either.left(rejected) })
          : syncTable(connection, source, table, shared).pipe(
              Effect.tapError((failure) =>
                Effect.sync(() => {
                  if (dooms(failure)) rejected = failure
                })
              ),
              Effect.either,
              Effect.map((result): TableOutcome => ({ table: table.name, result }))
            ),
      { concurrency: options.concurrency ?? 1 }
    )
  })

export interface RunOptions extends SyncOptions, Omit<DeletionOptions, "lookback"> {
  readonly concurrency?: number
}

/** What a run did: each table's outcome, then the deletion step's. */
/** A table the credentials cannot read that is synced anyway, so that the run fails naming it. */
export interface Unreadable {
  readonly check: TableCheck
  /** Asked for by name, or already in the warehouse (skipping it would leave it silently stale). */
  readonly why: "named" | "held"
}

/** Which of the selected tables a run syncs, given what the credentials can read. */
export interface ReadablePlan {
  readonly tables: ReadonlyArray<TableInfo>
  /** Unreadable tables left out: not asked for by name, not in the warehouse. */
  readonly skipped: ReadonlyArray<TableCheck>
  /** Unreadable tables kept in the run, where they fail with the source's access error. */
  readonly unreadable: ReadonlyArray<Unreadable>
}

/**
 * Leaves out the selected tables the credentials cannot read (as the source reports them, `readable`), unless
 * they were asked for by name (`named`) or the warehouse already holds them: those stay, and fail the run. A
 * source that cannot tell (or whose credentials are rejected) keeps every table.
 */
export const readableTables = (
  connection: Connection,
  source: string,
  selected: ReadonlyArray<TableInfo>,
  named: boolean
): Effect.Effect<ReadablePlan, WarehouseError, Warehouse> =>
  Effect.gen(function* () {
    const everything = { tables: selected, skipped: [], unreadable: [] }
    if (connection.readable === undefined) return everything
    // Credentials the source rejects: every table stays, and the run reports the rejection once, as ever.
    const answer = yield* Effect.either(connection.readable)
    if (Either.isLeft(answer)) return everything
    const checks = answer.right
    const lacking = new Map(checks.filter((check) => !check.readable).map((check) => [check.table, check]))
    const warehouse = yield* Warehouse
    const tables: Array<TableInfo> = []
    const skipped: Array<TableCheck> = []
    const unreadable: Array<Unreadable> = []
    for (const table of selected) {
      const check = lacking.get(table.name)
      if (check === undefined) {
        tables.push(table)
      } else if (named) {
        tables.push(table)
        unreadable.push({ check, why: "named" })
      } else if (Option.isSome(yield* warehouse.loadState(source, table.name))) {
        tables.push(table)
        unreadable.push({ check, why: "held" })
      } else {
        skipped.push(check)
      }
    }
    return { tables, skipped, unreadable }
  })

export interface RunResult {
  readonly tables: ReadonlyArray<TableOutcome>
  readonly deletions: DeletionsResult
}

/**
 * A whole sync run under the source's run lock: the tables (`syncTables`), then the deletion step (the feed,
 * then reconciliation of the synced tables it does not cover). A second run of the same source into the same
 * warehouse fails at once with a WarehouseError "Locked" and changes nothing. `all` are every table the source
 * declares: feed deletions reach any table the warehouse holds, even one this run does not sync.
 */
export const run = (
  connection: Connection,
  source: string,
  tables: { readonly selected: ReadonlyArray<TableInfo>; readonly all: ReadonlyArray<TableInfo> },
  options: RunOptions
): Effect.Effect<RunResult, WarehouseError, Warehouse> =>
  Effect.scoped(
    Effect.gen(function* () {
      const warehouse = yield* Warehouse
      yield* warehouse.lock(source)
      const runStartedAt = yield* nowIso
      const outcomes = yield* syncTables(connection, source, tables.selected, options)
      // After rejected credentials or a lost warehouse nothing else can work either: the deletion step is skipped.
      const doomed = outcomes.some((outcome) => Either.isLeft(outcome.result) && dooms(outcome.result.left))
      const synced = outcomes.flatMap((outcome) => (Either.isRight(outcome.result) ? [outcome.table] : []))
      const deletions = doomed
        ? { feed: undefined, marked: 0, purged: 0, reconciled: [], uncovered: [], failures: [] }
        : yield* syncDeletions(connection, source, { all: tables.all, synced, runStartedAt }, options)
      return { tables: outcomes, deletions }
    })
  )
