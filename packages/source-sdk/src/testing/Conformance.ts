import { Cause, Effect, Exit, Scope } from "effect"
import { afterAll, beforeAll, describe, it } from "vitest"
import type * as Source from "../Source.js"
import type { TableInfo } from "../Table.js"
import * as Checks from "./Checks.js"
import * as DeletionChecks from "./DeletionChecks.js"
import { acquire, covers, type Harness, type HarnessInput } from "./Harness.js"

export interface ConformanceOptions {
  /** Starts the source's local server; it runs for the whole suite. */
  readonly harness: HarnessInput
  /** Only these tables get per-table checks (all by default). */
  readonly tables?: ReadonlyArray<string>
  /** The most crash points tried per table and mode by the resume check (default 8). */
  readonly interruptions?: number
  /** Records `touch` modifies for the incremental check (default 3). */
  readonly touch?: number
  /** Per-test timeout in milliseconds (default 60 000). */
  readonly timeout?: number
}

/** Runs a check as a promise that rejects with the check's message, for a test runner. */
export const runCheck = async (check: Effect.Effect<void, Checks.ConformanceFailure>): Promise<void> => {
  const exit = await Effect.runPromiseExit(check)
  if (Exit.isFailure(exit)) {
    const failure = Cause.failureOption(exit.cause)
    throw new Error(failure._tag === "Some" ? failure.value.message : Cause.pretty(exit.cause))
  }
}

/**
 * Registers the conformance suite for a source: one vitest test per check (per table, and per mode for resume).
 *
 * ```ts
 * conformance(ExampleSource, { harness: exampleHarness })
 * ```
 */
export const conformance = (source: Source.Source, options: ConformanceOptions): void => {
  const timeout = options.timeout ?? 60_000
  const tables: ReadonlyArray<TableInfo> =
    options.tables === undefined
      ? source.tables
      : source.tables.filter((table) => options.tables?.includes(table.name))

  describe(`${source.name} conformance`, () => {
    let scope: Scope.CloseableScope | undefined
    let harness: Harness | undefined

    beforeAll(async () => {
      scope = await Effect.runPromise(Scope.make())
      harness = await Effect.runPromise(Scope.extend(acquire(options.harness), scope))
    }, timeout)
    afterAll(async () => {
      if (scope !== undefined) await Effect.runPromise(Scope.close(scope, Exit.void))
    })

    const subject = (): Checks.Subject => {
      if (harness === undefined) throw new Error("the harness did not start (see the beforeAll error)")
      return { source, harness }
    }

    it("declares each table's keys, cursor, version and partition fields in its schema, snake_case names, modes, access and settings", () =>
      runCheck(Checks.definitions(source)))
    it(
      "check passes with good credentials, every table readable",
      () => runCheck(Checks.checkAccepts(subject())),
      timeout
    )
    it(
      "check fails with an Auth error on wrong credentials",
      () => runCheck(Checks.checkRejects(subject())),
      timeout
    )

    for (const table of tables) {
      describe(`table ${table.name}`, () => {
        const guarded =
          (check: (subject: Checks.Subject) => Effect.Effect<void, Checks.ConformanceFailure>) =>
          (context: { readonly skip: () => void }) => {
            const current = subject()
            if (!covers(current.harness, table.name)) return context.skip()
            return runCheck(check(current))
          }
        const full = table.modes.includes("full_refresh")
        const incremental = table.modes.includes("incremental")

        it.skipIf(!full)(
          "a full refresh read twice yields identical rows, each record read once",
          guarded((current) => Checks.fullRefreshRepeatable(current, table)),
          timeout
        )
        it.skipIf(!incremental)(
          "an incremental read from saved state returns only the records changed since",
          guarded((current) =>
            Checks.incrementalFromState(
              current,
              table,
              options.touch !== undefined ? { touch: options.touch } : {}
            )
          ),
          timeout
        )
        it.skipIf(!incremental)(
          "an incremental read from a cursor in the future returns nothing",
          guarded((current) => Checks.futureCursorReadsNothing(current, table)),
          timeout
        )
        for (const mode of table.modes) {
          it(
            `${mode === "full_refresh" ? "a" : "an"} ${mode} sync interrupted after a checkpoint and resumed ends with the rows of an uninterrupted one`,
            guarded((current) =>
              Checks.resumeAfterInterruption(
                current,
                table,
                mode,
                options.interruptions !== undefined ? { interruptions: options.interruptions } : {}
              )
            ),
            timeout
          )
        }
        it(
          "every record matches the table's schema, by the engine's rule",
          guarded((current) => Checks.recordsDecode(current, table)),
          timeout
        )
        it(
          "the id listing returns exactly the ids of the live records",
          async (context) => {
            const current = subject()
            const offered = await Effect.runPromise(DeletionChecks.applicable(current))
            if (!covers(current.harness, table.name) || !offered.listed.includes(table.name))
              return context.skip()
            return runCheck(DeletionChecks.listingMatchesLive(current, table))
          },
          timeout
        )
      })
    }

    describe("deletion feed", () => {
      // Skipped when the source has no feed or the harness cannot delete records.
      const withFeed =
        (check: (subject: Checks.Subject) => Effect.Effect<void, Checks.ConformanceFailure>) =>
        async (context: { readonly skip: () => void }) => {
          const current = subject()
          const offered = await Effect.runPromise(DeletionChecks.applicable(current))
          if (!offered.feed) return context.skip()
          return runCheck(check(current))
        }
      it("reports a record deleted on the server", withFeed(DeletionChecks.feedReportsDeletions), timeout)
      it("never reports a live record as deleted", withFeed(DeletionChecks.feedNeverReportsLive), timeout)
      it(
        "resumed after any page, reports exactly what one read does",
        withFeed(DeletionChecks.feedResumesExactly),
        timeout
      )
    })
  })
}
