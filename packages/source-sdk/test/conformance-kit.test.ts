import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { Settings, type Source } from "../src/index.js"
import { Checks, conformance, DeletionChecks, type Harness } from "../src/testing/index.js"
import { type Flaw, goodToken, Notebook, notesSource } from "./fixtures/Notes.js"

const harnessFor = (notebook: Notebook): Harness => ({
  settings: { token: goodToken },
  badSettings: { token: "wrong-token" },
  touch: (_table, count) => Effect.sync(() => notebook.touch(count)),
  remove: (_table, count) => Effect.sync(() => notebook.remove(count))
})

const quarters = [
  { name: "q0", to: "4" },
  { name: "q1", from: "4", to: "8" },
  { name: "q2", from: "8", to: "c" },
  { name: "q3", from: "c" }
]

const subject = (flaws: ReadonlyArray<Flaw> = []): Checks.Subject => {
  const notebook = new Notebook(30)
  // Four slices of about eight notes, two a page: slices span several pages, so resumes continue After positions.
  return {
    source: notesSource({ notebook, flaws, limit: 2, slices: quarters }),
    harness: harnessFor(notebook)
  }
}

const table = (current: Checks.Subject) => current.source.tables[0]!

/** The failure of a check that must fail. */
const failure = (check: Effect.Effect<void, Checks.ConformanceFailure>) =>
  check.pipe(
    Effect.flatMap(() => Effect.dieMessage("expected the check to fail, but it passed")),
    Effect.flip
  )

// The kit run as a source's test file runs it: it must pass for a well-behaved source.
const notebook = new Notebook(30)
conformance(notesSource({ notebook }), {
  harness: Effect.succeed(harnessFor(notebook)),
  interruptions: 4
})

describe("the conformance kit fails a broken source for the right reason", () => {
  it.live("a feed that reports a live record as deleted fails, naming the record", () =>
    Effect.gen(function* () {
      const current = subject(["feedReportsLive"])
      yield* DeletionChecks.feedReportsDeletions(current)
      const error = yield* failure(DeletionChecks.feedNeverReportsLive(current))
      expect(error.check).toBe("feedNeverReportsLive")
      expect(error.message).toMatch(/reports live records as deleted[\s\S]*notes: [0-9a-f-]+ \(version \d+\)/)
    })
  )

  it.live("a feed that misses a deletion fails, naming the deleted record", () =>
    Effect.gen(function* () {
      const current = subject(["feedMissesDeletions"])
      yield* DeletionChecks.feedNeverReportsLive(current)
      const error = yield* failure(DeletionChecks.feedReportsDeletions(current))
      expect(error.check).toBe("feedReportsDeletions")
      expect(error.message).toMatch(
        /misses deletions:\nnotes: 1 of 2 deleted records not reported \([0-9a-f-]+\)/
      )
    })
  )

  it.live("a feed that starts over on resume fails the resume check", () =>
    Effect.gen(function* () {
      const current = subject(["feedRestartsOnResume"])
      const error = yield* failure(DeletionChecks.feedResumesExactly(current))
      expect(error.message).toMatch(/re-reads entries before its position/)
    })
  )

  it.live("an id listing that leaves out a live record, or lists a deleted one, fails", () =>
    Effect.gen(function* () {
      const omits = subject(["listingOmitsLive"])
      const missing = yield* failure(DeletionChecks.listingMatchesLive(omits, table(omits)))
      expect(missing.message).toMatch(/live records not listed, which reconciliation would delete: 1/)
      const keeps = subject(["listingKeepsDeleted"])
      const extra = yield* failure(DeletionChecks.listingMatchesLive(keeps, table(keeps)))
      expect(extra.message).toMatch(
        /ids listed that no read returns, whose deletion reconciliation would miss: 1/
      )
    })
  )

  it.live(
    "a resume that ignores the checkpoint re-reads from the start: the row counts show it, even where merge dedupes",
    () =>
      Effect.gen(function* () {
        const current = subject(["restartsOnResume"])
        for (const mode of ["incremental", "append", "full_refresh"] as const) {
          const error = yield* failure(
            Checks.resumeAfterInterruption(current, table(current), mode, { interruptions: 3 })
          )
          expect(error.check).toBe("resumeAfterInterruption")
          expect(error.message).toContain("re-reads records already written")
        }
      })
  )

  it.live("a resume that treats a partly read slice as finished loses rows", () =>
    Effect.gen(function* () {
      const current = subject(["skipsOnResume"])
      const error = yield* failure(
        Checks.resumeAfterInterruption(current, table(current), "append", { interruptions: 4 })
      )
      expect(error.message).toMatch(
        /ended with different rows \(id@version\) than an uninterrupted one: missing \d+/
      )
    })
  )

  it.live("records that do not decode fail the decode check, naming the record and the field", () =>
    Effect.gen(function* () {
      const current = subject(["undecodable"])
      const error = yield* failure(Checks.recordsDecode(current, table(current)))
      expect(error.check).toBe("recordsDecode")
      expect(error.message).toMatch(/records do not match the table.s schema/)
      expect(error.message).toMatch(/record [0-9a-f-]+: version: Expected/)
    })
  )

  it.live(
    "an incremental read that ignores the cursor fails: it returns everything, not only what changed",
    () =>
      Effect.gen(function* () {
        const current = subject(["ignoresCursor"])
        const error = yield* failure(Checks.incrementalFromState(current, table(current)))
        expect(error.message).toMatch(
          /read 30 of 30 records, but only 3 changed since .* does not honour `since`/
        )
        const future = yield* failure(Checks.futureCursorReadsNothing(current, table(current)))
        expect(future.message).toMatch(/returned 30 records; it must return none/)
      })
  )

  it.live("a check that accepts wrong credentials fails", () =>
    Effect.gen(function* () {
      const error = yield* failure(Checks.checkRejects(subject(["acceptsAnyToken"])))
      expect(error.message).toMatch(/check succeeded with wrong credentials \(readable: notes\)/)
    })
  )

  it.live("a full read whose slices overlap reads records twice and fails the full refresh check", () =>
    Effect.gen(function* () {
      const current = subject(["overlappingSlices"])
      const error = yield* failure(Checks.fullRefreshRepeatable(current, table(current)))
      expect(error.message).toMatch(/read \d+ records but stored 30 distinct rows/)
    })
  )

  it.live("a good source passes each check called directly", () =>
    Effect.gen(function* () {
      const current = subject()
      yield* Checks.definitions(current.source)
      yield* Checks.checkAccepts(current)
      yield* Checks.checkRejects(current)
      yield* Checks.fullRefreshRepeatable(current, table(current))
      yield* Checks.incrementalFromState(current, table(current))
      yield* Checks.futureCursorReadsNothing(current, table(current))
      yield* Checks.resumeAfterInterruption(current, table(current), "incremental", { interruptions: 3 })
      yield* Checks.recordsDecode(current, table(current))
    })
  )

  it.effect("declarations that do not hold together are each named", () =>
    Effect.gen(function* () {
      const good = subject().source
      const [notes] = good.tables
      const broken: Source.Source = {
        ...good,
        name: "Notes",
        config: Schema.Struct({
          token: Schema.Redacted(Schema.String),
          region: Schema.optional(
            Settings.setting({ env: "NOTES_REGION", title: "Region", description: "Where" })(Schema.String)
          )
        }),
        tables: [
          {
            ...notes!,
            name: "noteItems",
            cursorField: "updatedAt",
            partition: { field: "createdOn", grain: "month" },
            schema: Schema.Struct({
              id: Schema.String,
              version: Schema.optional(Schema.Number),
              createdAt: Schema.String,
              lastModifiedAt: Schema.String
            }),
            access: [],
            modes: []
          }
        ]
      }
      const error = yield* failure(Checks.definitions(broken))
      const lines = error.message.split("\n")
      expect(lines).toEqual(
        expect.arrayContaining([
          'source name "Notes" is not snake_case',
          "table noteItems: name is not snake_case",
          'table noteItems: cursor field "updatedAt" is not a field of its schema (fields: id, version, createdAt, lastModifiedAt)',
          'table noteItems: partition field "createdOn" is not a field of its schema (fields: id, version, createdAt, lastModifiedAt)',
          'table noteItems: version field "version" is optional or nullable in its schema; it must be required',
          "table noteItems: supports no sync mode",
          "table noteItems: names no access (permission) that makes it readable",
          expect.stringMatching(/^config field "region" is not a setting: .*optionalWith/)
        ])
      )
    })
  )

  it("spreads at most the given number of interruption points over the pages, first and last included", () => {
    expect(Checks.interruptionPoints(5, 8)).toEqual([1, 2, 3, 4, 5])
    expect(Checks.interruptionPoints(29, 8)).toEqual([1, 5, 9, 13, 17, 21, 25, 29])
    expect(Checks.interruptionPoints(0, 8)).toEqual([])
  })
})
