import type { Progress, SyncMode } from "@sluice/source-sdk"
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
}

export const ok = (report: SyncReport): boolean =>
  !report.interrupted && report.tables.every((table) => table.final?._tag === "TableSynced")

/** The summary table printed after a sync. */
export const text = (report: SyncReport): string =>
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
