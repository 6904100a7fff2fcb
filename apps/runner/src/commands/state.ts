import { Command, Options } from "@effect/cli"
import { Deletions, Source, Warehouse } from "@sluice/source-sdk"
import { Effect, Either, Option } from "effect"
import * as CommonOptions from "../CommonOptions.js"
import * as Destination from "../Destination.js"
import * as Output from "../Output.js"
import * as Registry from "../Registry.js"
import * as Format from "../render/Format.js"
import * as JsonProgress from "../render/JsonProgress.js"
import * as TextTable from "../render/TextTable.js"

const reset = Options.text("reset").pipe(
  Options.withPseudoName("table"),
  Options.withDescription(
    "Forget the stored state of these tables (comma-separated): the next sync reads them from scratch; stored rows stay"
  ),
  Options.optional
)

/** What `state --json` prints per table. */
export interface TableStateView {
  readonly table: string
  readonly synced: boolean
  readonly mode?: string
  readonly lastStartedAt?: string
  readonly lastCompletedAt?: string
  /** Rows stored; absent for a table the warehouse has no state of. */
  readonly rows?: number
  /** Rows marked deleted (`_deleted_at` set), included in `rows`. */
  readonly deleted?: number
  /** When the table's ids were last reconciled with the source's. */
  readonly lastReconciledAt?: string
  readonly cursor?: string
  /** Present while a sync is under way or was interrupted: how far it got. */
  readonly inProgress?: {
    readonly mode: string
    readonly startedAt: string
    readonly rows: number
    readonly pages: number
  }
}

/** What `state --json` prints for a source's deletion feed: how far it has read, not rows. */
export interface FeedStateView {
  /** Where the next read of the feed starts. */
  readonly cursor?: string
  /** When a read of the feed last completed. */
  readonly lastReadAt?: string
  /** When the feed's coverage of the tables was last checked thoroughly. */
  readonly lastCheckedAt?: string
  /** Present while a read of the feed is under way or was interrupted. */
  readonly inProgress?: { readonly startedAt: string; readonly pages: number }
}

/** What `state --json` prints. */
export interface StateView {
  readonly tables: ReadonlyArray<TableStateView>
  /** Absent for a source without a deletion feed, or one never read. */
  readonly deletionFeed?: FeedStateView
}

const feedView = (status: Warehouse.TableStatus): FeedStateView => ({
  ...(status.cursor !== undefined ? { cursor: status.cursor } : {}),
  ...(status.lastCompletedAt !== undefined ? { lastReadAt: status.lastCompletedAt } : {}),
  ...(status.lastReconciledAt !== undefined ? { lastCheckedAt: status.lastReconciledAt } : {}),
  ...(status.checkpoint !== undefined
    ? { inProgress: { startedAt: status.checkpoint.readStartedAt, pages: status.checkpoint.pages } }
    : {})
})

const feedText = (feed: FeedStateView): string =>
  `deletion feed: ${[
    `cursor ${feed.cursor ?? "none yet"}`,
    `last read ${feed.lastReadAt ?? "never completed"}`,
    `last checked ${feed.lastCheckedAt ?? "never"}`,
    ...(feed.inProgress !== undefined
      ? [`reading since ${feed.inProgress.startedAt}: ${Format.plural(feed.inProgress.pages, "page")} so far`]
      : [])
  ].join(" · ")}`

const view = (table: string, status: Warehouse.TableStatus | undefined): TableStateView =>
  status === undefined
    ? { table, synced: false }
    : {
        table,
        synced: status.lastCompletedAt !== undefined,
        mode: status.mode,
        ...(status.lastStartedAt !== undefined ? { lastStartedAt: status.lastStartedAt } : {}),
        ...(status.lastCompletedAt !== undefined ? { lastCompletedAt: status.lastCompletedAt } : {}),
        rows: status.rows,
        deleted: status.deleted,
        ...(status.lastReconciledAt !== undefined ? { lastReconciledAt: status.lastReconciledAt } : {}),
        ...(status.cursor !== undefined ? { cursor: status.cursor } : {}),
        ...(status.checkpoint !== undefined
          ? {
              inProgress: {
                mode: status.checkpoint.mode,
                startedAt: status.checkpoint.readStartedAt,
                rows: status.checkpoint.rows,
                pages: status.checkpoint.pages
              }
            }
          : {})
      }

export const state = Command.make(
  "state",
  { source: CommonOptions.source, reset, json: CommonOptions.json },
  (args) =>
    Effect.gen(function* () {
      const source = yield* Registry.find(args.source)
      const reset = yield* Option.match(Option.map(args.reset, CommonOptions.list), {
        onNone: () => Effect.succeed([]),
        onSome: (names) =>
          Either.match(Source.selectTables(source, names.length > 0 ? names : [""]), {
            onLeft: Effect.fail,
            onRight: Effect.succeed
          })
      })
      const statuses = yield* Destination.use(
        Effect.gen(function* () {
          const warehouse = yield* Warehouse.Warehouse
          for (const table of reset) {
            yield* warehouse.resetState(source.name, table.name)
            if (!args.json)
              yield* Output.say(`✓ ${table.name}: state reset; the next sync reads it from scratch`)
          }
          return yield* warehouse.states(source.name)
        })
      )
      const known = source.tables.map((table) => table.name)
      const others = statuses.map((s) => s.table).filter((name) => !known.includes(name))
      const names = [...known, ...others.filter((name) => name !== Deletions.feedStateName)]
      const views = names.map((name) =>
        view(
          name,
          statuses.find((status) => status.table === name)
        )
      )
      const feedStatus = statuses.find((status) => status.table === Deletions.feedStateName)
      const feed = feedStatus === undefined ? undefined : feedView(feedStatus)
      if (args.json) {
        const all: StateView = { tables: views, ...(feed !== undefined ? { deletionFeed: feed } : {}) }
        return yield* Output.stdout(JsonProgress.line(all))
      }
      const rows = views.map((v) => [
        v.table,
        v.mode ?? "",
        v.lastStartedAt ?? "",
        v.lastCompletedAt ?? (v.mode === undefined ? "never synced" : "never completed"),
        v.rows === undefined ? "" : Format.count(v.rows),
        v.deleted === undefined ? "" : Format.count(v.deleted),
        v.lastReconciledAt ?? "",
        v.cursor ?? "",
        v.inProgress === undefined
          ? ""
          : `${v.inProgress.mode} since ${v.inProgress.startedAt}: ${Format.plural(v.inProgress.rows, "row")}, ${Format.plural(v.inProgress.pages, "page")} so far`
      ])
      yield* Output.stdout(
        `${TextTable.render(
          [
            { header: "table" },
            { header: "mode" },
            { header: "last started" },
            { header: "last completed" },
            { header: "rows", align: "right" },
            { header: "deleted", align: "right" },
            { header: "last reconciled" },
            { header: "cursor" },
            { header: "in progress" }
          ],
          rows
        )}\n${feed !== undefined ? `${feedText(feed)}\n` : ""}`
      )
    })
).pipe(
  Command.withDescription(
    "Show what the warehouse remembers per table: mode, last sync start and completion, rows, rows marked deleted, last reconciliation, cursor, and an unfinished sync's progress; and, below, the deletion feed's cursor, last read and last coverage check"
  )
)
