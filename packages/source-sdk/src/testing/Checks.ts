import { Chunk, Clock, Duration, Effect, Either, Option, Schema, type Scope, Stream } from "effect"
import * as Columns from "../Columns.js"
import * as Engine from "../Engine.js"
import { describe as describeFailure, type SourceError, type SyncFailure } from "../Errors.js"
import * as MemoryWarehouse from "../MemoryWarehouse.js"
import * as Progress from "../Progress.js"
import type * as Source from "../Source.js"
import type { SourceRecord } from "../SourceRecord.js"
import * as SyncMode from "../SyncMode.js"
import type { TableInfo } from "../Table.js"
import * as Table from "../Table.js"
import * as Warehouse from "../Warehouse.js"
import { covers, type Harness } from "./Harness.js"

/** A conformance check did not hold. `message` says what the source did and what it should do. */
export class ConformanceFailure extends Schema.TaggedError<ConformanceFailure>()("ConformanceFailure", {
  check: Schema.String,
  table: Schema.optional(Schema.String),
  message: Schema.String
}) {}

/** A source and its running harness: what every check but `definitions` runs against. */
export interface Subject {
  readonly source: Source.Source
  readonly harness: Harness
}

/** An in-memory warehouse and its inspector, for one or more syncs. */
export interface MemoryRun {
  readonly warehouse: Warehouse.WarehouseShape
  readonly inspector: MemoryWarehouse.MemoryInspector
}

/** What one sync did, including its failure and every progress event it emitted. */
export interface SyncRun {
  readonly result: Either.Either<Engine.TableResult, SyncFailure>
  readonly events: ReadonlyArray<Progress.SyncEvent>
}

export const memoryWarehouse = (
  options: MemoryWarehouse.MemoryWarehouseOptions = {}
): Effect.Effect<MemoryRun> => MemoryWarehouse.make(options)

/** Runs `Engine.syncTable` against an in-memory warehouse, collecting its progress events. Never fails. */
export const syncWith = (
  memory: MemoryRun,
  connection: Source.Connection,
  source: string,
  table: TableInfo,
  options: Engine.SyncOptions
): Effect.Effect<SyncRun> => {
  const events: Array<Progress.SyncEvent> = []
  return Engine.syncTable(connection, source, table, options).pipe(
    Effect.either,
    Effect.provideService(Warehouse.Warehouse, memory.warehouse),
    Effect.provideService(Progress.Progress, { emit: (event) => Effect.sync(() => events.push(event)) }),
    Effect.map((result) => ({ result, events }))
  )
}

/** The rows a memory warehouse holds for a table, as sorted `id@version` keys. */
export const rowKeys = (
  memory: MemoryRun,
  source: string,
  table: TableInfo
): Effect.Effect<ReadonlyArray<string>> =>
  memory.inspector
    .rows(source, table.name)
    .pipe(
      Effect.map((rows) =>
        rows.map((row) => `${String(row[table.primaryKey])}@${String(row[table.versionField])}`).sort()
      )
    )

/** Every record of a table, read in full (or as a first incremental import, if the table has no full refresh). */
export const readAll = (
  connection: Source.Connection,
  table: TableInfo
): Effect.Effect<ReadonlyArray<SourceRecord>, SourceError> =>
  connection
    .read(table, {
      strategy: table.modes.includes("full_refresh") ? "full" : "incremental",
      since: Option.none(),
      resume: {}
    })
    .pipe(
      Stream.runCollect,
      Effect.map((pages) => Chunk.toReadonlyArray(pages).flatMap((page) => page.records))
    )

// The checks compare timestamps with the local server's wall clock, so they never run on a test clock.
const live = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.withClock(effect, Clock.make())

const tick = Effect.sleep(Duration.millis(5))

const fail = (check: string, message: string, table?: string) =>
  Effect.fail(new ConformanceFailure({ check, message, ...(table !== undefined ? { table } : {}) }))

/** Connects with the harness's good settings; a failure is a conformance failure of `check`. */
export const connect = (
  subject: Subject,
  check: string
): Effect.Effect<Source.Connection, ConformanceFailure, Scope.Scope> =>
  subject.source
    .connect(subject.harness.settings)
    .pipe(
      Effect.mapError(
        (error) =>
          new ConformanceFailure({ check, message: `connecting with good settings failed: ${error.message}` })
      )
    )

const succeeded = (check: string, table: string, what: string) => (run: SyncRun) =>
  Either.match(run.result, {
    onLeft: (failure) => fail(check, `${what} failed: ${describeFailure(failure)}`, table),
    onRight: Effect.succeed
  })

const sample = (items: ReadonlyArray<string>) =>
  items.length <= 5 ? items.join(", ") : `${items.slice(0, 5).join(", ")} and ${items.length - 5} more`

const difference = (expected: ReadonlyArray<string>, actual: ReadonlyArray<string>) => {
  const want = new Set(expected)
  const got = new Set(actual)
  const missing = expected.filter((key) => !got.has(key))
  const extra = actual.filter((key) => !want.has(key))
  return missing.length === 0 && extra.length === 0
    ? undefined
    : [
        missing.length > 0 ? `missing ${missing.length} (${sample(missing)})` : undefined,
        extra.length > 0 ? `extra ${extra.length} (${sample(extra)})` : undefined
      ]
        .filter((part) => part !== undefined)
        .join("; ")
}

const snakeCase = /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/
const envName = /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/

/**
 * The source's declarations hold together: every table's primary key, cursor, version and partition fields are
 * required fields of its schema; names are snake_case and unique; modes and access are declared; every config
 * field is a setting with an env variable.
 */
export const definitions = (source: Source.Source): Effect.Effect<void, ConformanceFailure> => {
  const problems: Array<string> = []
  if (!snakeCase.test(source.name)) problems.push(`source name "${source.name}" is not snake_case`)
  if (source.tables.length === 0) problems.push("the source declares no tables")
  const seen = new Set<string>()
  for (const table of source.tables) {
    const at = `table ${table.name}`
    if (!snakeCase.test(table.name)) problems.push(`${at}: name is not snake_case`)
    if (seen.has(table.name)) problems.push(`${at}: declared twice`)
    seen.add(table.name)
    const columns = Columns.fromSchema(table.schema)
    const fields = columns.map((column) => column.field)
    const keys: ReadonlyArray<readonly [string, string]> = [
      ["primary key", table.primaryKey],
      ["version field", table.versionField],
      ["cursor field", table.cursorField],
      ["partition field", table.partition.field]
    ]
    for (const [role, field] of keys) {
      const column = columns.find((candidate) => candidate.field === field)
      if (column === undefined) {
        problems.push(`${at}: ${role} "${field}" is not a field of its schema (fields: ${fields.join(", ")})`)
      } else if (column.nullable) {
        problems.push(`${at}: ${role} "${field}" is optional or nullable in its schema; it must be required`)
      }
    }
    const names = columns.map((column) => column.name)
    const clashes = names.filter((name, index) => names.indexOf(name) !== index)
    if (clashes.length > 0)
      problems.push(`${at}: fields map to the same column ${[...new Set(clashes)].join(", ")}`)
    if (columns.some((column) => column.name.startsWith("_"))) {
      problems.push(`${at}: a field starts with "_", which warehouses reserve (_extra, _synced_at)`)
    }
    if (table.modes.length === 0) problems.push(`${at}: supports no sync mode`)
    if (table.access.length === 0) problems.push(`${at}: names no access (permission) that makes it readable`)
    if (table.description.trim() === "") problems.push(`${at}: has no description`)
  }
  const settings = new Set(source.settings.map((setting) => setting.name))
  for (const field of Columns.fromSchema(source.config).map((column) => column.field)) {
    if (!settings.has(field)) {
      problems.push(
        `config field "${field}" is not a setting: annotate it with Settings.setting({ env, title, description }) (for an optional one, use Schema.optionalWith(..., { exact: true }))`
      )
    }
  }
  for (const setting of source.settings) {
    if (!envName.test(setting.env))
      problems.push(`setting ${setting.name}: env "${setting.env}" is not UPPER_SNAKE_CASE`)
  }
  return problems.length === 0 ? Effect.void : fail("definitions", problems.join("\n"))
}

const selected = (subject: Subject) =>
  subject.source.tables.filter((table) => covers(subject.harness, table.name))

/** `check` with good credentials reports every table readable. */
export const checkAccepts = (subject: Subject): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const connection = yield* connect(subject, "checkAccepts")
    const report = yield* connection.check.pipe(
      Effect.mapError(
        (error) =>
          new ConformanceFailure({
            check: "checkAccepts",
            message: `check failed with good credentials: ${error.reason}: ${error.message}`
          })
      )
    )
    const problems = selected(subject).flatMap((table) => {
      const found = report.tables.find((entry) => entry.table === table.name)
      if (found === undefined) return [`the report does not mention table ${table.name}`]
      return found.readable ? [] : [`table ${table.name} is not readable: ${found.message}`]
    })
    if (problems.length > 0) return yield* fail("checkAccepts", problems.join("\n"))
  }).pipe(Effect.scoped, live)

/** `check` (or connecting) with wrong credentials fails with a SourceError whose reason is Auth. */
export const checkRejects = (subject: Subject): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const outcome = yield* subject.source.connect(subject.harness.badSettings).pipe(
      Effect.flatMap((connection) => connection.check),
      Effect.either
    )
    if (Either.isRight(outcome)) {
      const readable = outcome.right.tables.filter((table) => table.readable).map((table) => table.table)
      return yield* fail(
        "checkRejects",
        `check succeeded with wrong credentials (readable: ${readable.join(", ") || "none"}); it must fail with a SourceError of reason Auth`
      )
    }
    const error = outcome.left
    if (error._tag !== "SourceError" || error.reason !== "Auth") {
      return yield* fail(
        "checkRejects",
        `check with wrong credentials failed with ${error._tag} ${error.reason} ("${error.message}"); expected a SourceError of reason Auth`
      )
    }
  }).pipe(Effect.scoped, live)

const requireMode = (check: string, table: TableInfo, mode: SyncMode.SyncModeName) =>
  table.modes.includes(mode)
    ? Effect.void
    : fail(check, `table ${table.name} does not support ${mode}`, table.name)

/**
 * A full refresh read twice yields the same rows (as `id@version`), and each run reads each record once
 * (rows read = distinct rows stored: slices do not overlap, pages do not repeat records).
 */
export const fullRefreshRepeatable = (
  subject: Subject,
  table: TableInfo
): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const check = "fullRefreshRepeatable"
    yield* requireMode(check, table, "full_refresh")
    const connection = yield* connect(subject, check)
    const memory = yield* memoryWarehouse()
    const once = () =>
      Effect.gen(function* () {
        const run = yield* syncWith(memory, connection, subject.source.name, table, {
          mode: SyncMode.fullRefresh
        })
        const result = yield* succeeded(check, table.name, "the full refresh")(run)
        const rows = yield* rowKeys(memory, subject.source.name, table)
        if (result.rows !== rows.length) {
          return yield* fail(
            check,
            `a full refresh read ${result.rows} records but stored ${rows.length} distinct rows: the read returns some records more than once (overlapping slices or repeated pages)`,
            table.name
          )
        }
        return rows
      })
    const first = yield* once()
    if (first.length === 0) {
      return yield* fail(
        check,
        `the local server has no ${table.name}: seed it so the checks mean something`,
        table.name
      )
    }
    const second = yield* once()
    const diff = difference(first, second)
    if (diff !== undefined) {
      return yield* fail(check, `a second full refresh gave different rows (id@version): ${diff}`, table.name)
    }
  }).pipe(Effect.scoped, live)

/**
 * An incremental read from saved state returns only what changed since: sync, `touch` some records, sync again
 * with no settle window. The second run reads the touched records plus those exactly at the stored cursor (the
 * lower bound is inclusive, so ties at the cursor are never lost), updates the touched ones to their new
 * versions, and nothing else.
 */
export const incrementalFromState = (
  subject: Subject,
  table: TableInfo,
  options: { readonly touch?: number } = {}
): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const check = "incrementalFromState"
    yield* requireMode(check, table, "incremental")
    const source = subject.source.name
    const connection = yield* connect(subject, check)
    const memory = yield* memoryWarehouse()
    const sync = () =>
      syncWith(memory, connection, source, table, { mode: SyncMode.incremental, lookback: Duration.zero })
    const first = yield* sync().pipe(
      Effect.flatMap(succeeded(check, table.name, "the first incremental sync"))
    )
    const before = new Map(
      (yield* memory.inspector.rows(source, table.name)).map((row) => [String(row[table.primaryKey]), row])
    )
    if (before.size === 0) {
      return yield* fail(
        check,
        `the local server has no ${table.name}: seed it so the checks mean something`,
        table.name
      )
    }
    const cursor = first.cursor
    if (cursor === undefined) {
      return yield* fail(
        check,
        `the first incremental sync stored no cursor (${table.cursorField} values are missing?)`,
        table.name
      )
    }
    const atCursor = [...before.values()]
      .filter((row) => String(row[table.cursorField]) >= cursor)
      .map((row) => String(row[table.primaryKey]))

    yield* tick
    const count = Math.max(1, Math.min(options.touch ?? 3, before.size))
    const touched = yield* subject.harness
      .touch(table.name, count)
      .pipe(
        Effect.mapError(
          (error) =>
            new ConformanceFailure({ check, table: table.name, message: `touch failed: ${String(error)}` })
        )
      )
    const unknown = touched.filter((id) => !before.has(id))
    if (touched.length === 0 || unknown.length > 0) {
      return yield* fail(
        check,
        `the harness's touch(${table.name}, ${count}) must return ids of existing records; it returned ${touched.length === 0 ? "none" : `unknown ids ${sample(unknown)}`}`,
        table.name
      )
    }
    yield* tick

    const second = yield* sync()
    const result = yield* succeeded(check, table.name, "the incremental sync from saved state")(second)
    const expected = new Set([...touched, ...atCursor])
    const written = second.events.reduce(
      (sum, event) => sum + (event._tag === "PageWritten" ? event.records : 0),
      0
    )
    if (written !== result.rows) {
      return yield* fail(
        check,
        `PageWritten events add up to ${written} records but TableSynced reports ${result.rows}`,
        table.name
      )
    }
    if (result.rows > expected.size) {
      return yield* fail(
        check,
        `the incremental read from saved state read ${result.rows} of ${before.size} records, but only ${touched.length} changed since (plus ${atCursor.length} at the stored cursor ${cursor}, which the inclusive bound re-reads): the read does not honour \`since\` on ${table.cursorField}`,
        table.name
      )
    }
    if (result.rows < expected.size || result.updated < touched.length) {
      return yield* fail(
        check,
        `the incremental read from saved state read ${result.rows} records and updated ${result.updated}; expected the ${touched.length} touched (${sample(touched)}) plus ${atCursor.length} at the stored cursor`,
        table.name
      )
    }
    const after = new Map(
      (yield* memory.inspector.rows(source, table.name)).map((row) => [String(row[table.primaryKey]), row])
    )
    const stale = touched.filter(
      (id) => !(Number(after.get(id)?.[table.versionField]) > Number(before.get(id)?.[table.versionField]))
    )
    if (stale.length > 0) {
      return yield* fail(
        check,
        `touched records still have their old ${table.versionField}: ${sample(stale)}`,
        table.name
      )
    }
  }).pipe(Effect.scoped, live)

/** An incremental read from a stored cursor in the future reads nothing. */
export const futureCursorReadsNothing = (
  subject: Subject,
  table: TableInfo
): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const check = "futureCursorReadsNothing"
    yield* requireMode(check, table, "incremental")
    const source = subject.source.name
    const connection = yield* connect(subject, check)
    const memory = yield* memoryWarehouse()
    const now = yield* Clock.currentTimeMillis
    const cursor = new Date(now + Duration.toMillis(Duration.days(365))).toISOString()
    const target = Warehouse.target(source, table)
    yield* memory.warehouse.prepare(target, "merge", { resume: false }).pipe(Effect.orDie)
    yield* memory.warehouse
      .complete(target, "merge", { source, table: table.name, mode: "incremental", cursor })
      .pipe(Effect.orDie)
    const run = yield* syncWith(memory, connection, source, table, {
      mode: SyncMode.incremental,
      lookback: Duration.zero
    })
    const result = yield* succeeded(check, table.name, "the incremental sync from a future cursor")(run)
    if (result.rows !== 0) {
      return yield* fail(
        check,
        `an incremental read from ${table.cursorField} >= ${cursor} (a year ahead) returned ${result.rows} records; it must return none`,
        table.name
      )
    }
  }).pipe(Effect.scoped, live)

/** At most `max` interruption points spread over 1..pages, always including the first and the last. */
export const interruptionPoints = (pages: number, max: number): ReadonlyArray<number> => {
  if (pages <= 0) return []
  if (pages <= max) return Array.from({ length: pages }, (_, index) => index + 1)
  if (max <= 1) return [1]
  const points = Array.from({ length: max }, (_, index) => 1 + Math.round((index * (pages - 1)) / (max - 1)))
  return [...new Set(points)]
}

/**
 * A read interrupted after a checkpoint and resumed ends with exactly the rows of an uninterrupted read, and
 * re-reads nothing already written: the rows written before the crash plus those of the resumed run add up to
 * the rows of an uninterrupted run. Crashes are simulated at up to `interruptions` page writes.
 */
export const resumeAfterInterruption = (
  subject: Subject,
  table: TableInfo,
  modeName: SyncMode.SyncModeName,
  options: { readonly interruptions?: number } = {}
): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const check = "resumeAfterInterruption"
    yield* requireMode(check, table, modeName)
    const source = subject.source.name
    const mode = SyncMode.byName(modeName)
    const connection = yield* connect(subject, check)

    const clean = yield* memoryWarehouse()
    const baseline = yield* syncWith(clean, connection, source, table, { mode }).pipe(
      Effect.flatMap(succeeded(check, table.name, `an uninterrupted ${modeName} sync`))
    )
    const expected = yield* rowKeys(clean, source, table)
    if (baseline.pages === 0 || expected.length === 0) {
      return yield* fail(
        check,
        `the local server has no ${table.name}: seed it so the checks mean something`,
        table.name
      )
    }

    for (const n of interruptionPoints(baseline.pages, options.interruptions ?? 8)) {
      const at = `${modeName}, crash at page write ${n} of ${baseline.pages}`
      const memory = yield* memoryWarehouse({ failWrite: (write) => write === n })
      const crashed = yield* syncWith(memory, connection, source, table, { mode })
      if (Either.isRight(crashed.result)) {
        return yield* fail(
          check,
          `${at}: the sync did not reach write ${n}; it wrote ${crashed.result.right.pages} pages`,
          table.name
        )
      }
      const writtenBefore = crashed.events.reduce(
        (rows, event) => (event._tag === "PageWritten" ? event.rows : rows),
        0
      )
      const resumed = yield* syncWith(memory, connection, source, table, { mode }).pipe(
        Effect.flatMap(succeeded(check, table.name, `${at}: the resumed sync`))
      )
      if (n > 1 && !resumed.resumed) {
        return yield* fail(check, `${at}: the next run did not resume from the checkpoint`, table.name)
      }
      const rows = yield* rowKeys(memory, source, table)
      const diff = difference(expected, rows)
      if (diff !== undefined) {
        return yield* fail(
          check,
          `${at}: the resumed sync ended with different rows (id@version) than an uninterrupted one: ${diff}`,
          table.name
        )
      }
      const total = writtenBefore + resumed.rows
      if (total !== baseline.rows) {
        return yield* fail(
          check,
          total > baseline.rows
            ? `${at}: ${writtenBefore} records were written before the crash and the resumed run read ${resumed.rows} more, ${total - baseline.rows} more than an uninterrupted run (${baseline.rows}): the resumed read re-reads records already written instead of continuing after the checkpoint`
            : `${at}: ${writtenBefore} records were written before the crash and the resumed run read ${resumed.rows}, ${baseline.rows - total} fewer than an uninterrupted run (${baseline.rows}): the resumed read skips records`,
          table.name
        )
      }
    }
  }).pipe(Effect.scoped, live)

/** Every record the server returns matches its table's schema by the engine's own rule (`Table.validator`). */
export const recordsDecode = (subject: Subject, table: TableInfo): Effect.Effect<void, ConformanceFailure> =>
  Effect.gen(function* () {
    const check = "recordsDecode"
    const connection = yield* connect(subject, check)
    const records = yield* readAll(connection, table).pipe(
      Effect.mapError(
        (error) =>
          new ConformanceFailure({
            check,
            table: table.name,
            message: `reading ${table.name} failed: ${error.message}`
          })
      )
    )
    if (records.length === 0) {
      return yield* fail(
        check,
        `the local server has no ${table.name}: seed it so the checks mean something`,
        table.name
      )
    }
    // The engine's own rule: a record the kit accepts is one a sync writes.
    const valid = Table.validator(table)
    const problems = records.flatMap((record) =>
      Either.match(valid(record), {
        onRight: () => [],
        onLeft: (invalid) => [`record ${invalid.id}: ${invalid.message}`]
      })
    )
    if (problems.length > 0) {
      return yield* fail(
        check,
        `${problems.length} of ${records.length} ${table.name} records do not match the table's schema:\n${problems.slice(0, 3).join("\n")}`,
        table.name
      )
    }
  }).pipe(Effect.scoped, live)
