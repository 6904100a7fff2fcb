import { Progress } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"
import { Output, type Sink } from "../Output.js"
import * as Format from "./Format.js"

type SyncEvent = Progress.SyncEvent

export interface TerminalOptions {
  /** How often a line-based sink gets a progress line for a long table (default 10 s). */
  readonly lineEveryMs?: number
  /** How often the live line is redrawn at most (default 100 ms). */
  readonly redrawEveryMs?: number
  readonly now?: () => number
}

interface Active {
  readonly table: string
  readonly mode: string
  readonly resumed: boolean
  rows: number
  pages: number
  requests: number
  rowsPerSecond: number
  retries: number
  lastLineAt: number
}

const frames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"]

const stats = (table: Active) =>
  [
    Format.plural(table.rows, "row"),
    Format.plural(table.pages, "page"),
    `${Format.count(table.rowsPerSecond)} rows/s`,
    Format.plural(table.requests, "request"),
    ...(table.retries > 0 ? [Format.plural(table.retries, "retry", "retries")] : [])
  ].join(" · ")

/** A line for a synced table: what it read and wrote. */
export const syncedLine = (event: Extract<SyncEvent, { _tag: "TableSynced" }>): string =>
  `✓ ${event.table}  ${[
    Format.plural(event.rows, "row"),
    `${Format.count(event.inserted)} new`,
    `${Format.count(event.updated)} updated`,
    `${Format.count(event.unchanged)} unchanged`,
    Format.plural(event.requests, "request"),
    Format.duration(event.durationMs),
    `${Format.count(event.rowsPerSecond)} rows/s`,
    ...(event.resumed ? ["resumed"] : [])
  ].join(" · ")}`

/** The deletion feed's running totals: deletions read, rows marked and purged. */
export const deletionsLine = (event: Extract<SyncEvent, { _tag: "DeletionsApplied" }>): string =>
  `${event.done ? "✓" : " "} deletions  ${[
    Format.plural(event.pages, "page"),
    `${Format.count(event.marked)} marked deleted`,
    `${Format.count(event.purged)} purged`,
    Format.plural(event.requests, "request")
  ].join(" · ")}`

/** Why a table relies on reconciliation, and whether this run reconciles it. */
export const relianceLine = (event: Extract<SyncEvent, { _tag: "ReliesOnReconciliation" }>): string => {
  const action =
    event.action === "reconcile"
      ? "reconciling its ids now"
      : event.action === "later"
        ? `reconciled ${event.lastReconciledAt ?? "never"}; not due yet (--reconcile forces it)`
        : "the source cannot list its ids: deletions reach it only by full refresh"
  return `· ${event.table}: ${event.reason}; ${action}`
}

/** What one table's reconciliation did. */
export const reconciledLine = (event: Extract<SyncEvent, { _tag: "TableReconciled" }>): string =>
  `✓ ${event.table} reconciled  ${[
    `${Format.plural(event.listed, "id")} listed`,
    `${Format.count(event.marked)} marked deleted`,
    `${Format.count(event.purged)} purged`,
    Format.duration(event.durationMs)
  ].join(" · ")}`

/** Rows marked deleted by earlier runs that a purge removed. */
export const markedPurgedLine = (event: Extract<SyncEvent, { _tag: "MarkedRowsPurged" }>): string =>
  `✓ ${event.table} purged  ${Format.plural(event.purged, "row")} marked deleted by earlier runs`

/** One line per failed table, naming the table and the cause. */
export const failedLine = (event: Extract<SyncEvent, { _tag: "TableFailed" }>): string =>
  `✗ ${Format.about(event.table, event.message)}`

/**
 * Progress for people: on a terminal a live line per running table, rewritten in place; elsewhere a progress
 * line now and then. Either way a final line per table. `close` clears the live line and names any table that
 * was still running (interrupted: its committed pages stay, the next run resumes after them).
 */
export const make = (sink: Sink, options: TerminalOptions = {}) => {
  const now = options.now ?? Date.now
  const lineEveryMs = options.lineEveryMs ?? 10_000
  const redrawEveryMs = options.redrawEveryMs ?? 100
  const active = new Map<string, Active>()
  let live = false
  let lastDraw = 0
  let frame = 0

  const clear = () => {
    if (live) sink.write("\r\x1b[2K")
    live = false
  }
  const draw = (force: boolean) => {
    if (!sink.isTTY || active.size === 0) return
    const at = now()
    if (!force && at - lastDraw < redrawEveryMs) return
    lastDraw = at
    frame = (frame + 1) % frames.length
    const text = [...active.values()].map((table) => `${table.table}  ${stats(table)}`).join("   ")
    const width = Math.max(20, (sink.columns ?? 100) - 3)
    const line = `${frames[frame]} ${text.length > width ? `${text.slice(0, width - 1)}…` : text}`
    sink.write(`\r\x1b[2K${line}`)
    live = true
  }
  const say = (line: string) => {
    clear()
    sink.write(`${line}\n`)
    draw(true)
  }

  const handle = (event: SyncEvent) => {
    switch (event._tag) {
      case "TableStarted": {
        active.set(event.table, {
          table: event.table,
          mode: event.mode,
          resumed: event.resumed,
          rows: 0,
          pages: 0,
          requests: 0,
          rowsPerSecond: 0,
          retries: 0,
          lastLineAt: now()
        })
        if (event.resumed) say(`↻ ${event.table}: resuming the interrupted ${event.mode} sync`)
        else draw(true)
        return
      }
      case "PageWritten": {
        const table = active.get(event.table)
        if (table === undefined) return
        table.rows = event.rows
        table.pages = event.pages
        table.requests = event.requests
        table.rowsPerSecond = event.rowsPerSecond
        if (sink.isTTY) return draw(false)
        if (now() - table.lastLineAt >= lineEveryMs) {
          table.lastLineAt = now()
          sink.write(`  ${table.table}  ${stats(table)}\n`)
        }
        return
      }
      case "TableSynced": {
        const retries = active.get(event.table)?.retries ?? 0
        active.delete(event.table)
        return say(
          `${syncedLine(event)}${retries > 0 ? ` · ${Format.plural(retries, "retry", "retries")}` : ""}`
        )
      }
      case "TableSkipped":
        return say(`· skipping ${Format.about(event.table, event.message)}`)
      case "TableFailed":
        active.delete(event.table)
        return say(failedLine(event))
      case "Notice": {
        const table = event.table === undefined ? undefined : active.get(event.table)
        const retry = event.kind === "retry"
        if (table !== undefined && retry) table.retries += 1
        // On a terminal the live line counts retries; a log gets a line for each.
        if (retry && table !== undefined && sink.isTTY) return draw(false)
        return say(
          `${event.level === "warn" ? "!" : "·"} ${Format.about(event.table ?? event.source, event.message)}`
        )
      }
      case "DeletionsApplied":
        // One line for the whole feed read, at its end; a long read also gets a line now and then.
        if (!event.done && sink.isTTY) return
        if (!event.done && event.pages % 20 !== 0) return
        return say(deletionsLine(event))
      case "ReliesOnReconciliation":
        // A reconciliation not due yet is routine: said in --json, `check` and `state`, not on every run's screen.
        if (event.action === "later") return
        return say(relianceLine(event))
      case "TableReconciled":
        return say(reconciledLine(event))
      case "MarkedRowsPurged":
        return say(markedPurgedLine(event))
      case "DeletionsFailed":
        return say(
          event.table === undefined
            ? `✗ ${Format.about("deletions", event.message)}`
            : `✗ deletions of ${Format.about(event.table, event.message)}`
        )
    }
  }

  const close = () => {
    clear()
    for (const table of active.values()) {
      sink.write(
        `⏸ ${table.table}: interrupted after ${Format.plural(table.rows, "committed row")}; the next run resumes after the last committed page\n`
      )
    }
    active.clear()
  }

  const progress: Progress.ProgressShape = { emit: (event) => Effect.sync(() => handle(event)) }
  return { progress, close }
}

/** Progress on stderr, closed with the scope. */
export const layer: Layer.Layer<Progress.Progress, never, Output> = Layer.scoped(
  Progress.Progress,
  Effect.flatMap(Output, (output) =>
    Effect.acquireRelease(
      Effect.sync(() => make(output.stderr)),
      (terminal) => Effect.sync(terminal.close)
    )
  ).pipe(Effect.map((terminal) => terminal.progress))
)
