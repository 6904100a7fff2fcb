import { Chunk, Clock, Effect, Option, Stream } from "effect"
import * as Cursor from "../Cursor.js"
import type { DeletionFeed, DeletionPage, SourceDeletion } from "../Deletions.js"
import type { SourceError } from "../Errors.js"
import type * as Source from "../Source.js"
import type { TableInfo } from "../Table.js"
import { ConformanceFailure, connect, readAll, type Subject } from "./Checks.js"
import { covers } from "./Harness.js"

// Like the other checks, these compare with the local server's wall clock, never a test clock.
const live = <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.withClock(effect, Clock.make())

const fail = (check: string, message: string, table?: string) =>
  Effect.fail(new ConformanceFailure({ check, message, ...(table !== undefined ? { table } : {}) }))

const sample = (items: ReadonlyArray<string>) =>
  items.length <= 5 ? items.join(", ") : `${items.slice(0, 5).join(", ")} and ${items.length - 5} more`

const sourceFailed = (check: string, what: string) => (error: SourceError) =>
  new ConformanceFailure({ check, message: `${what} failed: ${error.message}` })

/** What the subject offers for the deletion checks: a feed and a harness that deletes, id listings per table. */
export const applicable = (
  subject: Subject
): Effect.Effect<{ readonly feed: boolean; readonly listed: ReadonlyArray<string> }, ConformanceFailure> =>
  Effect.scoped(
    Effect.gen(function* () {
      const connection = yield* connect(subject, "deletions")
      const listed = subject.source.tables
        .filter((table) => Option.isSome(connection.listIds?.(table) ?? Option.none()))
        .map((table) => table.name)
      return { feed: connection.deletions !== undefined && subject.harness.remove !== undefined, listed }
    })
  )

const feedOf = (
  connection: Source.Connection,
  check: string
): Effect.Effect<DeletionFeed<never>, ConformanceFailure> =>
  connection.deletions === undefined
    ? fail(check, "the source has no deletion feed")
    : Effect.succeed(connection.deletions)

const pages = (
  feed: DeletionFeed<never>,
  check: string,
  request: { readonly since: Option.Option<string>; readonly after: Option.Option<Cursor.Position> }
): Effect.Effect<ReadonlyArray<DeletionPage>, ConformanceFailure> =>
  feed
    .read(request)
    .pipe(
      Stream.runCollect,
      Effect.map(Chunk.toReadonlyArray),
      Effect.mapError(sourceFailed(check, "reading the deletion feed"))
    )

const deletionsOf = (read: ReadonlyArray<DeletionPage>) => read.flatMap((page) => page.deletions)

const maxSeen = (read: ReadonlyArray<DeletionPage>) =>
  read.reduce((best, page) => Cursor.max(best, page.maxSeen), Option.none<string>())

const removable = (subject: Subject, feed: DeletionFeed<never>) =>
  feed.tables.filter(
    (name) => covers(subject.harness, name) && subject.source.tables.some((table) => table.name === name)
  )

const remove = (subject: Subject, check: string, table: string, count: number) => {
  const hook = subject.harness.remove
  return hook === undefined
    ? fail(check, "the harness cannot delete records (give it `remove`)")
    : hook(table, count).pipe(
        Effect.mapError(
          (error) =>
            new ConformanceFailure({
              check,
              table,
              message: `the harness could not delete ${table} records: ${String(error)}`
            })
        )
      )
}

const covered = (feed: DeletionFeed<never>, check: string, tables: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const coverage = yield* feed
      .coverage({ lastRead: Option.none(), thorough: true })
      .pipe(Effect.mapError(sourceFailed(check, "checking the deletion feed's coverage")))
    const uncovered = coverage.uncovered.filter((entry) => tables.includes(entry.table))
    if (uncovered.length > 0) {
      return yield* fail(
        check,
        `the harness server should let the feed cover every table it reports; it does not cover ${uncovered.map((entry) => `${entry.table} (${entry.reason})`).join(", ")}`
      )
    }
  })

/**
 * A record deleted on the server is reported by the next feed read from where the last one ended (minus the
 * settle window), under its table, with an ISO-8601 deletion time.
 */
export const feedReportsDeletions = (
  subject: Subject,
  options: { readonly count?: number } = {}
): Effect.Effect<void, ConformanceFailure> =>
  live(
    Effect.scoped(
      Effect.gen(function* () {
        const check = "feedReportsDeletions"
        const connection = yield* connect(subject, check)
        const feed = yield* feedOf(connection, check)
        const tables = removable(subject, feed)
        yield* covered(feed, check, tables)
        const before = yield* pages(feed, check, { since: Option.none(), after: Option.none() })
        const removed = new Map<string, ReadonlyArray<string>>()
        for (const table of tables)
          removed.set(table, yield* remove(subject, check, table, options.count ?? 2))
        const since = Cursor.readFrom(maxSeen(before), Cursor.defaultLookback)
        const reported = deletionsOf(yield* pages(feed, check, { since, after: Option.none() }))
        const problems: Array<string> = []
        for (const [table, ids] of removed) {
          const seen = new Set(
            reported.filter((deletion) => deletion.table === table).map((deletion) => deletion.id)
          )
          const missing = ids.filter((id) => !seen.has(id))
          if (missing.length > 0) {
            problems.push(
              `${table}: ${missing.length} of ${ids.length} deleted records not reported (${sample(missing)})`
            )
          }
        }
        const badTimes = reported.filter((deletion) => !Cursor.isInstant(deletion.deletedAt))
        if (badTimes.length > 0) {
          problems.push(
            `deletion times are not ISO-8601 instants: ${sample(badTimes.map((deletion) => `${deletion.id} at "${deletion.deletedAt}"`))}`
          )
        }
        if (problems.length > 0) {
          return yield* fail(check, `the deletion feed misses deletions:\n${problems.join("\n")}`)
        }
      })
    )
  )

/**
 * No record the source still holds is reported deleted: every reported deletion of a live record names a version
 * below the record's current one (the record came back, e.g. a product published again).
 */
export const feedNeverReportsLive = (subject: Subject): Effect.Effect<void, ConformanceFailure> =>
  live(
    Effect.scoped(
      Effect.gen(function* () {
        const check = "feedNeverReportsLive"
        const connection = yield* connect(subject, check)
        const feed = yield* feedOf(connection, check)
        const tables = removable(subject, feed)
        // Changes to live records are what a careless feed mistakes for deletions.
        for (const table of tables) {
          yield* subject.harness.touch(table, 3).pipe(
            Effect.mapError(
              (error) =>
                new ConformanceFailure({
                  check,
                  table,
                  message: `the harness could not modify ${table}: ${String(error)}`
                })
            )
          )
        }
        const reported = deletionsOf(
          yield* pages(feed, check, { since: Option.none(), after: Option.none() })
        )
        const problems: Array<string> = []
        for (const table of tables) {
          const info = subject.source.tables.find((candidate) => candidate.name === table)
          if (info === undefined) continue
          const versions = yield* liveVersions(connection, info, check)
          const wrong = reported.filter(
            (deletion) =>
              deletion.table === table &&
              versions.has(deletion.id) &&
              (deletion.version === undefined || deletion.version >= (versions.get(deletion.id) ?? 0))
          )
          if (wrong.length > 0) {
            problems.push(
              `${table}: ${sample(wrong.map((deletion) => `${deletion.id}${versionText(deletion)}`))}`
            )
          }
        }
        if (problems.length > 0) {
          return yield* fail(
            check,
            `the deletion feed reports live records as deleted (at or above their current version):\n${problems.join("\n")}`
          )
        }
      })
    )
  )

const versionText = (deletion: SourceDeletion) =>
  deletion.version === undefined ? " (no version)" : ` (version ${deletion.version})`

const liveVersions = (connection: Source.Connection, table: TableInfo, check: string) =>
  readAll(connection, table).pipe(
    Effect.mapError(sourceFailed(check, `reading ${table.name}`)),
    Effect.map(
      (records) =>
        new Map(
          records.map((record) => [String(record[table.primaryKey]), Number(record[table.versionField])])
        )
    )
  )

/** A feed read interrupted after any page and resumed from that page's position reports exactly what one read does. */
export const feedResumesExactly = (subject: Subject): Effect.Effect<void, ConformanceFailure> =>
  live(
    Effect.scoped(
      Effect.gen(function* () {
        const check = "feedResumesExactly"
        const connection = yield* connect(subject, check)
        const feed = yield* feedOf(connection, check)
        for (const table of removable(subject, feed)) yield* remove(subject, check, table, 3)
        const whole = yield* pages(feed, check, { since: Option.none(), after: Option.none() })
        const key = (deletion: SourceDeletion) => `${deletion.table}/${deletion.id}@${deletion.deletedAt}`
        const expected = deletionsOf(whole).map(key)
        for (let k = 1; k < whole.length; k++) {
          const first = whole.slice(0, k)
          const position = first.reduce(
            (at, page) => Option.orElse(page.position, () => at),
            Option.none<Cursor.Position>()
          )
          const rest = yield* pages(feed, check, { since: Option.none(), after: position })
          const resumed = [...deletionsOf(first), ...deletionsOf(rest)].map(key)
          if (resumed.join("\n") !== expected.join("\n")) {
            const extra = resumed.length - expected.length
            return yield* fail(
              check,
              `a feed read resumed after page ${k} of ${whole.length} reports ${resumed.length} deletions where one read reports ${expected.length}${extra > 0 ? ": it re-reads entries before its position" : ": it skips entries"}`
            )
          }
        }
      })
    )
  )

/** The table's id listing returns each id the source holds exactly once, and no other (after a deletion, if the harness can). */
export const listingMatchesLive = (
  subject: Subject,
  table: TableInfo
): Effect.Effect<void, ConformanceFailure> =>
  live(
    Effect.scoped(
      Effect.gen(function* () {
        const check = "listingMatchesLive"
        const connection = yield* connect(subject, check)
        const listing = connection.listIds?.(table) ?? Option.none()
        if (Option.isNone(listing)) return yield* fail(check, `${table.name} has no id listing`, table.name)
        if (subject.harness.remove !== undefined) yield* remove(subject, check, table.name, 1)
        const listed = yield* listing.value.pipe(
          Stream.runCollect,
          Effect.map((chunks) => Chunk.toReadonlyArray(chunks).flat()),
          Effect.mapError(sourceFailed(check, `listing ${table.name} ids`))
        )
        const live = [...(yield* liveVersions(connection, table, check)).keys()]
        const counts = new Map<string, number>()
        for (const id of listed) counts.set(id, (counts.get(id) ?? 0) + 1)
        const twice = [...counts].filter(([, n]) => n > 1).map(([id]) => id)
        const liveSet = new Set(live)
        const missing = live.filter((id) => !counts.has(id))
        const extra = [...counts.keys()].filter((id) => !liveSet.has(id))
        const problems = [
          missing.length > 0
            ? `live records not listed, which reconciliation would delete: ${missing.length} (${sample(missing)})`
            : undefined,
          extra.length > 0
            ? `ids listed that no read returns, whose deletion reconciliation would miss: ${extra.length} (${sample(extra)})`
            : undefined,
          twice.length > 0 ? `ids listed more than once: ${sample(twice)}` : undefined
        ].filter((problem) => problem !== undefined)
        if (problems.length > 0) {
          return yield* fail(
            check,
            `the ${table.name} id listing differs from its live records:\n${problems.join("\n")}`,
            table.name
          )
        }
      })
    )
  )
