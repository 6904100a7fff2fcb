import type { DeletionSync, Progress, SyncMode } from "@sluice/source-sdk"
import * as Format from "./Format.js"
import * as TextTable from "./TextTable.js"

type SyncEvent = Progress.SyncEvent
export type TableSynced = Extract<SyncEvent, { _tag: "TableSynced" }>
export type TableFailed = Extract<SyncEvent, { _tag: "TableFailed" }>

/** How each requested table ended, from its final event; none means it never finished (interrupted). */
export interface SyncReport {
  readonly source: string
  readonly mode: SyncMode.SyncModeName
  readonly tables: ReadonlyArray<{ readonly table: string; readonly final?: TableSynced | TableFailed }>
  readonly interrupted: boolean
  readonly durationMs: number
  /** What the deletion step did; absent when the run did not get that far. */
  readonly deletions?: DeletionSync.DeletionsResult
}

export const ok = (report: SyncReport): boolean =>
  !report.interrupted &&
  report.tables.every((table) => table.final?._tag === "TableSynced") &&
  (report.deletions?.failures.length ?? 0) === 0

/** One line on what the deletion step did, for the summary. */
export const deletionsText = (deletions: DeletionSync.DeletionsResult): string =>
  `deletions: ${[
    `${Format.count(deletions.marked)} marked deleted`,
    `${Format.count(deletions.purged)} purged`,
    ...(deletions.reconciled.length > 0 ? [`reconciled ${deletions.reconciled.join(", ")}`] : []),
    ...(deletions.failures.length > 0 ? [Format.plural(deletions.failures.length, "failure")] : [])
  ].join(" · ")}`

/** The summary table printed after a sync, and a line on deletions. */
export const text = (report: SyncReport): string =>
  `${tableText(report)}${report.deletions !== undefined ? `\n${deletionsText(report.deletions)}` : ""}`

const tableText = (report: SyncReport): string =>
  TextTable.render(
    [
      { header: "table" },
      { header: "mode" },
      { header: "rows", align: "right" },
      { header: "inserted", align: "right" },
      { header: "updated", align: "right" },
      { header: "unchanged", align: "right" },
      { header: "requests", align: "right" },
      { header: "duration", align: "right" },
      { header: "status" }
    ],
    report.tables.map(({ table, final }) =>
      final?._tag === "TableSynced"
        ? [
            table,
            final.mode,
            Format.count(final.rows),
            Format.count(final.inserted),
            Format.count(final.updated),
            Format.count(final.unchanged),
            Format.count(final.requests),
            Format.duration(final.durationMs),
            final.resumed ? "ok (resumed)" : "ok"
          ]
        : [
            table,
            report.mode,
            "",
            "",
            "",
            "",
            "",
            "",
            final === undefined ? (report.interrupted ? "not finished" : "skipped") : "failed"
          ]
    )
  )

/** The last line of `sync --json`. */
export const finished = (report: SyncReport) => ({
  _tag: "SyncFinished" as const,
  source: report.source,
  mode: report.mode,
  ok: ok(report),
  interrupted: report.interrupted,
  durationMs: report.durationMs,
  ...(report.deletions !== undefined
    ? {
        deletions: {
          ...report.deletions,
          failures: report.deletions.failures.map((failure) => ({
            ...failure,
            message: Format.maskUrls(failure.message)
          }))
        }
      }
    : {}),
  tables: report.tables.map(({ table, final }) => {
    if (final === undefined) return { table, ok: false, reason: "NotFinished", message: "interrupted" }
    if (final._tag === "TableSynced") {
      const { _tag, source: _source, ...rest } = final
      return { ...rest, ok: true }
    }
    const { _tag, source: _source, ...rest } = final
    return { ...rest, ok: false, message: Format.maskUrls(rest.message) }
  })
})
