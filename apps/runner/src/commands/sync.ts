import { Command, HelpDoc, Options, ValidationError } from "@effect/cli"
import {
  ConfigError,
  type DeletionSync,
  Engine,
  Progress,
  Source,
  SyncMode,
  Warehouse
} from "@sluice/source-sdk"
import { Clock, Effect, Either, Option } from "effect"
import * as CommonOptions from "../CommonOptions.js"
import { connect, sandboxOption } from "../Connect.js"
import * as Destination from "../Destination.js"
import { SyncIncomplete } from "../Outcome.js"
import * as Output from "../Output.js"
import * as Registry from "../Registry.js"
import * as JsonProgress from "../render/JsonProgress.js"
import * as Summary from "../render/Summary.js"
import * as TerminalProgress from "../render/TerminalProgress.js"

const tables = Options.text("tables").pipe(
  Options.withAlias("t"),
  Options.withPseudoName("a,b"),
  Options.withDescription("Comma-separated tables to sync (default: every table that supports the mode)"),
  Options.optional
)

const modeNames = SyncMode.all.map((m) => m.name)

const mode = Options.text("mode").pipe(
  Options.withAlias("m"),
  Options.withPseudoName(modeNames.join("|")),
  Options.withDescription(
    `How to sync: ${SyncMode.all.map((m) => `${m.name} ${m.summary}`).join("; ")} (default incremental)`
  ),
  Options.withDefault("incremental"),
  // Checked here rather than with Options.choice, whose message does not name the option.
  Options.mapEffect((name) => {
    const found = SyncMode.all.find((m) => m.name === name)
    return found !== undefined
      ? Effect.succeed(found)
      : Effect.fail(
          ValidationError.invalidValue(
            HelpDoc.p(`unknown --mode "${name}": expected one of ${modeNames.join(", ")}`)
          )
        )
  })
)

const parallel = Options.integer("parallel").pipe(
  Options.withPseudoName("n"),
  Options.withDescription(
    "How many tables sync at once (default 2): one table's writes overlap another's reads; requests stay within the source's limits"
  ),
  Options.withDefault(2),
  Options.mapEffect((n) =>
    n >= 1
      ? Effect.succeed(n)
      : Effect.fail(ValidationError.invalidValue(HelpDoc.p("--parallel must be at least 1")))
  )
)

const deletes = Options.choice("deletes", ["soft", "purge"]).pipe(
  Options.withDescription(
    "What a deletion does to rows: soft (default) follows each table's policy, marking rows in _deleted_at (customers are purged); purge removes deleted rows of every table"
  ),
  Options.withDefault("soft" as const)
)

const reconcile = Options.boolean("reconcile").pipe(
  Options.withDescription(
    "Reconcile now: list the ids of every table the deletion feed does not cover and delete the rows whose ids are gone"
  )
)

const reconcileAfter = Options.text("reconcile-after").pipe(
  Options.withPseudoName("duration"),
  Options.withDescription(
    "Reconcile a table the deletion feed does not cover when its last reconciliation is older than this, e.g. 12h, 2d (default 24h)"
  ),
  Options.withDefault("24h"),
  Options.mapEffect((text) =>
    Option.match(CommonOptions.parseDuration(text), {
      onNone: () =>
        Effect.fail(
          ValidationError.invalidValue(
            HelpDoc.p(`--reconcile-after expects a duration such as 12h or 2d, got "${text}"`)
          )
        ),
      onSome: Effect.succeed
    })
  )
)

/** The tables to sync: named ones must support the mode; by default, every table that does. */
const plan = (source: Source.Source, names: Option.Option<string>, mode: SyncMode.SyncMode) =>
  Effect.gen(function* () {
    const requested = Option.map(names, CommonOptions.list)
    const selected = yield* Either.match(Source.selectTables(source, Option.getOrUndefined(requested)), {
      onLeft: Effect.fail,
      onRight: Effect.succeed
    })
    const unsupported = selected.filter((table) => !table.modes.includes(mode.name))
    if (unsupported.length > 0 && Option.isSome(requested)) {
      return yield* new ConfigError({
        reason: "Invalid",
        fields: unsupported.map((table) => table.name),
        message: unsupported
          .map(
            (table) => `${table.name} does not support ${mode.name} (it supports ${table.modes.join(", ")})`
          )
          .join("; ")
      })
    }
    const supported = selected.filter((table) => table.modes.includes(mode.name))
    if (supported.length === 0) {
      return yield* new ConfigError({
        reason: "Invalid",
        fields: ["mode"],
        message: `no table of ${source.name} supports ${mode.name}`
      })
    }
    return { tables: supported, skipped: unsupported }
  })

export const sync = Command.make(
  "sync",
  {
    source: CommonOptions.source,
    tables,
    mode,
    sandbox: CommonOptions.sandbox,
    scale: CommonOptions.scale,
    json: CommonOptions.json,
    settings: CommonOptions.settings,
    lookback: CommonOptions.lookback,
    parallel,
    deletes,
    reconcile,
    reconcileAfter
  },
  (args) =>
    Effect.gen(function* () {
      const source = yield* Registry.find(args.source)
      const syncMode = args.mode
      const sandbox = yield* Either.match(sandboxOption(args.sandbox, args.scale), {
        onLeft: Effect.fail,
        onRight: Effect.succeed
      })
      const planned = yield* plan(source, args.tables, syncMode)
      const { skipped } = planned
      // Narrowed to the tables the credentials can read once connected.
      let selected: ReadonlyArray<(typeof planned.tables)[number]> = planned.tables
      const say = args.json ? () => Effect.void : Output.say
      const renderer = yield* Progress.Progress
      const finals = new Map<string, Summary.TableSynced | Summary.TableFailed>()
      const recording: Progress.ProgressShape = {
        emit: (event) =>
          Effect.suspend(() => {
            if (event._tag === "TableSynced" || event._tag === "TableFailed") finals.set(event.table, event)
            return renderer.emit(event)
          })
      }
      let deletions: DeletionSync.DeletionsResult | undefined
      const startedAt = yield* Clock.currentTimeMillis
      const report = (interrupted: boolean) =>
        Clock.currentTimeMillis.pipe(
          Effect.map(
            (now): Summary.SyncReport => ({
              source: source.name,
              mode: syncMode.name,
              interrupted,
              durationMs: now - startedAt,
              ...(deletions !== undefined ? { deletions } : {}),
              tables: selected.map((table) => {
                const final = finals.get(table.name)
                return final === undefined ? { table: table.name } : { table: table.name, final }
              })
            })
          )
        )
      const finish = (interrupted: boolean) =>
        Effect.tap(report(interrupted), (done) =>
          args.json
            ? Output.stdout(JsonProgress.line(Summary.finished(done)))
            : interrupted
              ? Effect.void
              : Output.stdout(`\n${Summary.text(done)}\n`)
        )

      const done = yield* Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        // Fail fast, with one line, when the warehouse cannot be opened (before starting a sandbox): one table's
        // state, the cheapest question that reads it (listing every table's state counts every table's rows, a full
        // scan of each: seconds on a large warehouse, for nothing).
        const [first] = planned.tables
        if (first !== undefined) yield* warehouse.loadState(source.name, first.name)
        const connection = yield* connect(source, {
          pairs: args.settings,
          sandbox,
          onSandbox: (description) => say(`▶ sandbox: ${description}`)
        })
        for (const table of skipped) {
          yield* renderer.emit({
            _tag: "TableSkipped",
            source: source.name,
            table: table.name,
            reason: "Mode",
            message: `it does not support ${syncMode.name} (only ${table.modes.join(", ")})`
          })
        }
        // Without --tables, a table the credentials cannot read is skipped (one line, the scope it needs); asked
        // for by name, or already in the warehouse, it stays in the run and fails it.
        const access = yield* Engine.readableTables(
          connection,
          source.name,
          selected,
          Option.isSome(args.tables)
        )
        selected = access.tables
        for (const check of access.skipped) {
          yield* renderer.emit({
            _tag: "TableSkipped",
            source: source.name,
            table: check.table,
            reason: "Access",
            ...(check.missing !== undefined ? { missing: check.missing } : {}),
            message: check.message
          })
        }
        // Said once here, why it is not skipped; its failure is the one `✗` line the run prints for it.
        for (const { check, why } of access.unreadable) {
          yield* say(
            `· ${check.table}: not skipped although unreadable: ${why === "named" ? "it was asked for by name" : "the warehouse holds it, and skipping it would leave it stale"}`
          )
        }
        yield* say(`→ ${source.name} → ${yield* Destination.location} (${syncMode.name})`)
        // The run lock: a second sync of this source into this warehouse fails here, before changing anything.
        const run = yield* Engine.run(
          connection,
          source.name,
          { selected, all: source.tables },
          {
            mode: syncMode,
            concurrency: args.parallel,
            deletes: args.deletes,
            reconcile: args.reconcile,
            reconcileAfter: args.reconcileAfter,
            ...(Option.isSome(args.lookback) ? { lookback: args.lookback.value } : {})
          }
        )
        deletions = run.deletions
        return yield* finish(false)
      }).pipe(
        Effect.onInterrupt(() => finish(true)),
        Effect.scoped,
        Effect.provideService(Progress.Progress, recording),
        Destination.use
      )
      if (!Summary.ok(done)) {
        return yield* new SyncIncomplete({
          failed: [
            ...done.tables.filter((t) => t.final?._tag !== "TableSynced").map((t) => t.table),
            ...((done.deletions?.failures.length ?? 0) > 0 ? ["deletions"] : [])
          ]
        })
      }
    }).pipe(Effect.provide(args.json ? JsonProgress.layer : TerminalProgress.layer))
).pipe(
  Command.withDescription(
    "Sync a source's tables into the warehouse, then its deletions (the source's deletion feed, and id reconciliation where the feed cannot be trusted). Resumes an interrupted sync of the same mode where it stopped. One sync of a source runs at a time."
  )
)
