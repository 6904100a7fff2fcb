import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { jsonLines, run, tempDataDir } from "./support/Cli.js"

describe("Ctrl-C during a sync", () => {
  let data: ReturnType<typeof tempDataDir>
  beforeEach(() => {
    data = tempDataDir()
  })
  afterEach(() => data.remove())

  it("stops cleanly (exit 130), keeps the committed pages, and the next run resumes", async () => {
    let interrupted = false
    const first = await run(["sync", "fake", "--sandbox", "--tables", "widgets", "--json"], {
      bin: "fake",
      dataDir: data.dir,
      env: { FAKE_PAGE_DELAY_MS: "1500" },
      onStdout: (child, stdout) => {
        if (!interrupted && stdout.includes('"PageWritten"')) {
          interrupted = true
          child.kill("SIGINT")
        }
      }
    })
    expect(first.code).toBe(130)
    const events = jsonLines(first.stdout)
    expect(events.at(-1)).toMatchObject({ _tag: "SyncFinished", ok: false, interrupted: true })

    const state = await run(["state", "fake", "--json"], { bin: "fake", dataDir: data.dir })
    expect(state.code).toBe(0)
    const widgets = (JSON.parse(state.stdout) as ReadonlyArray<Record<string, unknown>>).find(
      (table) => table.table === "widgets"
    )
    expect(widgets).toMatchObject({ synced: false, inProgress: { mode: "incremental" } })

    const second = await run(["sync", "fake", "--sandbox", "--tables", "widgets", "--json"], {
      bin: "fake",
      dataDir: data.dir
    })
    expect(second.code).toBe(0)
    const synced = jsonLines(second.stdout).find((event) => event._tag === "TableSynced")
    expect(synced).toMatchObject({ table: "widgets", resumed: true })
    expect(Number(synced?.rows)).toBeLessThan(25)

    const after = await run(["state", "fake", "--json"], { bin: "fake", dataDir: data.dir })
    expect(JSON.parse(after.stdout)).toContainEqual(
      expect.objectContaining({ table: "widgets", synced: true, rows: 25 })
    )
  })
})
