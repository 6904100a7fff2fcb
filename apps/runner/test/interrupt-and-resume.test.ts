import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { Destination } from "../src/Destination.js"
import { FakeSource } from "./fixtures/FakeSource.js"
import { jsonLines, run, spawnProcess, tempDataDir } from "./support/Cli.js"

// A signal needs a process: the interrupted run is the runner (with the fake source) as a child process. What it
// left behind is then read and resumed in-process, from the same embedded warehouse directory.
describe("Ctrl-C during a sync", () => {
  let data: ReturnType<typeof tempDataDir>
  beforeEach(() => {
    data = tempDataDir()
    vi.stubEnv("DATABASE_URL", undefined)
    vi.stubEnv("SLUICE_DATA_DIR", data.dir)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
    data.remove()
  })

  it("stops cleanly (exit 130), keeps the committed pages, and the next run resumes", async () => {
    let interrupted = false
    const first = await spawnProcess(
      process.execPath,
      [
        "--import",
        "tsx",
        "test/fixtures/bin.ts",
        "sync",
        "fake",
        "--sandbox",
        "--tables",
        "widgets",
        "--json"
      ],
      {
        env: { SLUICE_DATA_DIR: data.dir, FAKE_PAGE_DELAY_MS: "1500" },
        onStdout: (child, stdout) => {
          if (!interrupted && stdout.includes('"PageWritten"')) {
            interrupted = true
            child.kill("SIGINT")
          }
        }
      }
    )
    expect(first.code, first.stderr).toBe(130)
    const events = jsonLines(first.stdout)
    expect(events.at(-1)).toMatchObject({ _tag: "SyncFinished", ok: false, interrupted: true })

    const options = { sources: [FakeSource], destination: Destination.fromEnv }
    const state = await run(["state", "fake", "--json"], options)
    expect(state.code).toBe(0)
    const widgets = (JSON.parse(state.stdout).tables as ReadonlyArray<Record<string, unknown>>).find(
      (table) => table.table === "widgets"
    )
    expect(widgets).toMatchObject({ synced: false, inProgress: { mode: "incremental" } })

    const second = await run(["sync", "fake", "--sandbox", "--tables", "widgets", "--json"], options)
    expect(second.code).toBe(0)
    const synced = jsonLines(second.stdout).find((event) => event._tag === "TableSynced")
    expect(synced).toMatchObject({ table: "widgets", resumed: true })
    expect(Number(synced?.rows)).toBeLessThan(25)

    const after = await run(["state", "fake", "--json"], options)
    expect(JSON.parse(after.stdout).tables).toContainEqual(
      expect.objectContaining({ table: "widgets", synced: true, rows: 25 })
    )
  })
})
