import type { Progress } from "@sluice/source-sdk"
import { Duration, Effect, Option } from "effect"
import { describe, expect, it } from "vitest"
import { parseDuration } from "../src/CommonOptions.js"
import * as Format from "../src/render/Format.js"
import * as JsonProgress from "../src/render/JsonProgress.js"
import * as Summary from "../src/render/Summary.js"
import * as TerminalProgress from "../src/render/TerminalProgress.js"

const events: ReadonlyArray<Progress.SyncEvent> = [
  { _tag: "TableStarted", source: "s", table: "orders", mode: "incremental", resumed: false },
  {
    _tag: "PageWritten",
    source: "s",
    table: "orders",
    slice: "0",
    records: 500,
    inserted: 500,
    updated: 0,
    unchanged: 0,
    rows: 500,
    pages: 1,
    requests: 1,
    elapsedMs: 250,
    rowsPerSecond: 2000
  },
  {
    _tag: "Notice",
    source: "s",
    table: "orders",
    level: "warn",
    kind: "retry",
    message: "orders: retrying after 429 in 200 ms"
  },
  {
    _tag: "TableSynced",
    source: "s",
    table: "orders",
    mode: "incremental",
    rows: 500,
    pages: 1,
    inserted: 500,
    updated: 0,
    unchanged: 0,
    requests: 2,
    durationMs: 300,
    rowsPerSecond: 1667,
    resumed: false
  },
  { _tag: "TableStarted", source: "s", table: "payments", mode: "incremental", resumed: false },
  {
    _tag: "TableFailed",
    source: "s",
    table: "payments",
    reason: "Access",
    // As the SDK's HTTP layer words it: the message starts with the table, which the line names once.
    message: "payments: the API client lacks the view_payments scope"
  }
]

const render = (isTTY: boolean, emitted: ReadonlyArray<Progress.SyncEvent>) => {
  let out = ""
  const terminal = TerminalProgress.make(
    { write: (text) => (out += text), isTTY, columns: 200 },
    { redrawEveryMs: 0, lineEveryMs: 60_000 }
  )
  Effect.runSync(Effect.forEach(emitted, terminal.progress.emit))
  terminal.close()
  return out
}

describe("TerminalProgress", () => {
  it("off a terminal: whole lines, a final line per table, retries as lines", () => {
    expect(render(false, events).split("\n")).toEqual([
      "! orders: retrying after 429 in 200 ms",
      "✓ orders  500 rows · 500 new · 0 updated · 0 unchanged · 2 requests · 300ms · 1,667 rows/s · 1 retry",
      "✗ payments: the API client lacks the view_payments scope",
      ""
    ])
  })

  it("on a terminal: a live line rewritten in place, counting retries", () => {
    const out = render(true, events)
    expect(out).toContain("\r\x1b[2K")
    expect(out).toContain("orders  500 rows · 1 page · 2,000 rows/s · 1 request · 1 retry")
    expect(out).not.toContain("retrying after 429")
    expect(out).toContain("✓ orders  500 rows")
    expect(out).toContain("✗ payments: the API client lacks the view_payments scope\n")
  })

  it("a skipped table: one line naming it once, the scope it needs", () => {
    const skipped: Progress.SyncEvent = {
      _tag: "TableSkipped",
      source: "s",
      table: "payments",
      reason: "Access",
      missing: "view_payments",
      message: "payments: the API client lacks the view_payments scope"
    }
    expect(render(false, [skipped])).toBe(
      "· skipping payments: the API client lacks the view_payments scope\n"
    )
  })

  it("names a table still running when closed (interrupted)", () => {
    const out = render(false, events.slice(0, 2))
    expect(out).toContain(
      "⏸ orders: interrupted after 500 committed rows; the next run resumes after the last committed page"
    )
  })
})

describe("JsonProgress and Summary", () => {
  it("one JSON object per event; passwords in URLs masked", () => {
    let out = ""
    const progress = JsonProgress.make((text) => (out += text))
    Effect.runSync(
      progress.emit({
        _tag: "TableFailed",
        source: "s",
        table: "orders",
        reason: "Connection",
        message: "warehouse: cannot reach postgres://app:pa55word@db:5432/x"
      })
    )
    expect(JSON.parse(out)).toMatchObject({ message: "warehouse: cannot reach postgres://app:***@db:5432/x" })
  })

  it("SyncFinished: ok only when every table synced", () => {
    const synced = events[3] as Summary.TableSynced
    const failed = events[5] as Summary.TableFailed
    const report: Summary.SyncReport = {
      source: "s",
      mode: "incremental",
      interrupted: false,
      durationMs: 10,
      tables: [
        { table: "orders", final: synced },
        { table: "payments", final: failed }
      ]
    }
    expect(Summary.finished(report)).toMatchObject({
      _tag: "SyncFinished",
      ok: false,
      tables: [
        { table: "orders", ok: true, rows: 500 },
        { table: "payments", ok: false, reason: "Access" }
      ]
    })
    expect(Summary.ok({ ...report, tables: [{ table: "orders", final: synced }] })).toBe(true)
    expect(Summary.text(report).split("\n")[1]).toMatch(
      /^orders\s+incremental\s+500\s+500\s+0\s+0\s+2\s+300ms\s+ok$/
    )
  })
})

describe("formats", () => {
  it("durations for --lookback", () => {
    expect(Option.map(parseDuration("5m"), Duration.toMillis)).toEqual(Option.some(300_000))
    expect(Option.map(parseDuration("90s"), Duration.toMillis)).toEqual(Option.some(90_000))
    expect(Option.map(parseDuration("2 hours"), Duration.toMillis)).toEqual(Option.some(7_200_000))
    expect(Option.map(parseDuration("0"), Duration.toMillis)).toEqual(Option.some(0))
    expect(parseDuration("soon")).toEqual(Option.none())
  })

  it("durations and counts for people", () => {
    expect(Format.duration(850)).toBe("850ms")
    expect(Format.duration(3_240)).toBe("3.2s")
    expect(Format.duration(125_000)).toBe("2m 05s")
    expect(Format.count(12345)).toBe("12,345")
  })
})
