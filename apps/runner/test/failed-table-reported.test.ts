import { describe, expect, it } from "vitest"
import { FakeSource } from "./fixtures/FakeSource.js"
import { jsonLines, lines, run } from "./support/Cli.js"

const sources = [FakeSource]

// The fake source has a readable table (widgets), one the credentials cannot read (gadgets), and one that
// supports only full_refresh (gizmos).
describe("a table that fails", () => {
  it("is named on one line with its cause; the others still sync; exit 1", async () => {
    const result = await run(["sync", "fake", "--sandbox"], { sources })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain("✗ gadgets: the API client lacks the view_gadgets scope")
    expect(result.stderr).toMatch(/✓ widgets {2}25 rows/)
    expect(result.stderr).toContain("skipping gizmos: it does not support incremental")
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(lines(result.stderr).filter((line) => line.includes("gadgets"))).toHaveLength(1)
    expect(result.stdout).toMatch(/widgets\s+incremental\s+25\s+25\s+0\s+0\s+3\s+\S+\s+ok/)
    expect(result.stdout).toMatch(/gadgets\s+incremental\s+failed/)
  })

  it("--json: a TableFailed event, SyncFinished not ok, nothing but JSON on stdout", async () => {
    const result = await run(["sync", "fake", "--sandbox", "--json"], { sources })
    expect(result.code).toBe(1)
    const events = jsonLines(result.stdout)
    expect(events.find((e) => e._tag === "TableFailed")).toMatchObject({
      table: "gadgets",
      reason: "Access",
      message: "the API client lacks the view_gadgets scope"
    })
    expect(events.find((e) => e._tag === "TableSkipped")).toEqual({
      _tag: "TableSkipped",
      source: "fake",
      table: "gizmos",
      reason: "Mode",
      message: "it does not support incremental (only full_refresh)"
    })
    expect(events.find((e) => e._tag === "TableSynced")).toMatchObject({ table: "widgets", rows: 25 })
    const finished = events.at(-1)
    expect(finished).toMatchObject({ _tag: "SyncFinished", ok: false })
    expect(finished?.tables).toEqual([
      expect.objectContaining({ table: "widgets", ok: true, rows: 25 }),
      expect.objectContaining({ table: "gadgets", ok: false, reason: "Access" })
    ])
    expect(result.stderr).toBe("")
  })

  it("exit 0 when every requested table synced", async () => {
    const result = await run(
      ["sync", "fake", "--sandbox", "--tables", "widgets,gizmos", "--mode", "full_refresh"],
      { sources }
    )
    expect(result.stderr).toContain("✓ gizmos")
    expect(result.code).toBe(0)
  })

  it("a named table that does not support the mode is refused before syncing", async () => {
    const result = await run(["sync", "fake", "--sandbox", "--tables", "gizmos"], { sources })
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toEqual(["✗ gizmos does not support incremental (it supports full_refresh)"])
    expect(result.stdout).toBe("")
  })

  it("check: names the missing scope, prints warnings, exits 1", async () => {
    const result = await run(["check", "fake", "--sandbox"], { sources })
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(/✓ widgets\s+readable/)
    expect(result.stdout).toMatch(/✗ gadgets\s+missing scope view_gadgets/)
    expect(result.stdout).toContain("! the API client can write (manage_widgets)")
    const json = await run(["check", "fake", "--sandbox", "--json"], { sources })
    expect(json.code).toBe(1)
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      tables: expect.arrayContaining([
        expect.objectContaining({ table: "gadgets", readable: false, missing: "view_gadgets" })
      ])
    })
  })
})
