import type { Progress } from "@sluice/source-sdk"
import { Effect } from "effect"
import { describe, expect, it } from "vitest"
import * as JsonProgress from "../src/render/JsonProgress.js"
import * as Summary from "../src/render/Summary.js"
import * as TerminalProgress from "../src/render/TerminalProgress.js"

const events: ReadonlyArray<Progress.SyncEvent> = [
  {
    _tag: "DeletionsApplied",
    source: "s",
    tables: { orders: 3 },
    deletions: 3,
    marked: 2,
    purged: 1,
    pages: 1,
    requests: 1,
    done: true
  },
  {
    _tag: "ReliesOnReconciliation",
    source: "s",
    table: "carts",
    reason: "carts are deleted without a message",
    action: "reconcile"
  },
  {
    _tag: "TableReconciled",
    source: "s",
    table: "carts",
    listed: 1204,
    marked: 3,
    purged: 0,
    listedFrom: "2025-06-01T00:00:00.000Z",
    durationMs: 800
  },
  {
    _tag: "ReliesOnReconciliation",
    source: "s",
    table: "payments",
    reason: "payments are deleted without a message",
    action: "later",
    lastReconciledAt: "2025-05-31T09:00:00.000Z"
  },
  { _tag: "MarkedRowsPurged", source: "s", table: "payments", purged: 5 },
  {
    _tag: "DeletionsFailed",
    source: "s",
    table: "categories",
    reason: "Unavailable",
    message: "https://user:secret@api.example.com kept failing"
  }
]

const render = (isTTY: boolean) => {
  let text = ""
  const terminal = TerminalProgress.make({ write: (chunk) => (text += chunk), isTTY })
  for (const event of events) Effect.runSync(terminal.progress.emit(event))
  terminal.close()
  return text
}

describe("deletion progress", () => {
  it("the terminal shows the feed's totals, each reconciliation, why a table is reconciled now, and failures", () => {
    for (const isTTY of [false, true]) {
      const text = render(isTTY)
      expect(text).toContain("✓ deletions  1 page · 2 marked deleted · 1 purged · 1 request")
      expect(text).toContain("· carts: carts are deleted without a message; reconciling its ids now")
      expect(text).toMatch(/✓ carts reconciled {2}1,204 ids listed · 3 marked deleted · 0 purged · 800ms/)
      // A reconciliation not due yet is routine: the terminal leaves it to --json, `check` and `state`.
      expect(text).not.toContain("not due yet")
      expect(text).toContain("✓ payments purged  5 rows marked deleted by earlier runs")
      expect(text).toMatch(/✗ deletions of categories: .*kept failing/)
      expect(text).not.toContain("secret")
    }
  })

  it("--json prints each deletion event as a line, with URLs in messages masked", () => {
    let text = ""
    const json = JsonProgress.make((chunk) => (text += chunk))
    for (const event of events) Effect.runSync(json.emit(event))
    const lines = text
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines.map((line) => line._tag)).toEqual(events.map((event) => event._tag))
    expect(lines[2]).toMatchObject({ table: "carts", listed: 1204, marked: 3, purged: 0 })
    expect(lines[4]).toEqual({ _tag: "MarkedRowsPurged", source: "s", table: "payments", purged: 5 })
    expect(String(lines[5]?.message)).not.toContain("secret")
  })
})

describe("the sync summary", () => {
  const report: Summary.SyncReport = {
    source: "s",
    mode: "incremental",
    tables: [],
    interrupted: false,
    durationMs: 10,
    deletions: {
      feed: { pages: 1, deletions: 3, requests: 1 },
      marked: 4,
      purged: 1,
      reconciled: ["carts"],
      uncovered: [{ table: "carts", reason: "carts are deleted without a message" }],
      failures: []
    }
  }

  it("ends with a line on deletions, and SyncFinished carries them", () => {
    expect(Summary.text(report)).toMatch(/\ndeletions: 4 marked deleted · 1 purged · reconciled carts$/)
    expect(Summary.finished(report)).toMatchObject({ ok: true, deletions: { marked: 4, purged: 1 } })
  })

  it("a failed deletion step makes the sync not ok", () => {
    const failed = {
      ...report,
      deletions: { ...report.deletions!, failures: [{ table: "carts", message: "listing failed" }] }
    }
    expect(Summary.ok(failed)).toBe(false)
    expect(Summary.text(failed)).toContain("1 failure")
  })
})
