import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  freshDatabase,
  lines,
  mismatches,
  openDataDir,
  type RunResult,
  type Shop,
  snapshot,
  spawnRunner,
  startShop,
  sync
} from "./support/index.js"

/**
 * Holds every list request after the first few until released: the first sync is then mid-way, holding the run
 * lock, while a second one starts. Resolves `stuck` once a request is held.
 */
const pauseAfter = (shop: Shop, lists: number) => {
  let seen = 0
  let release: () => void = () => {}
  const released = new Promise<void>((resolve) => {
    release = resolve
  })
  let stuck: () => void = () => {}
  const held = new Promise<void>((resolve) => {
    stuck = resolve
  })
  const stop = shop.server.onRequest(async (info) => {
    if (info.kind !== "list" || ++seen <= lists) return
    stuck()
    await released
  })
  return {
    held,
    release: () => {
      stop()
      release()
    }
  }
}

/**
 * Waits until the warehouse stops changing (the first run waits on a held request), and returns its snapshot:
 * unchanged for two seconds, and no other session of the database running a statement or inside a transaction (on
 * a busy machine the first run may take longer than a moment to write the pages it was given).
 */
const quiet = async (db: Database): Promise<string> => {
  const busy = async () =>
    (
      await db.sql.query(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'"
      )
    )[0]?.n !== 0
  let last = await snapshot(db)
  let unchanged = 0
  while (unchanged < 4) {
    await new Promise((resolve) => setTimeout(resolve, 500))
    const now = await snapshot(db)
    unchanged = now === last && !(await busy()) ? unchanged + 1 : 0
    last = now
  }
  return last
}

/** The second run is refused at once: a non-zero exit and one `✗` line saying another sync is running. */
const expectRefused = (second: RunResult) => {
  expect(second.code, describeRun(second)).not.toBe(0)
  const crosses = lines(`${second.stdout}\n${second.stderr}`).filter((line) => line.includes("✗"))
  expect(crosses, describeRun(second)).toHaveLength(1)
  expect(crosses[0]).toMatch(/another sync of commercetools is running|in use by another process/)
  expect(second.durationMs).toBeLessThan(15_000)
}

describe("a second sync of the same source into the same warehouse while one runs", () => {
  let shop: Shop
  const dbs: Array<Database> = []
  beforeAll(async () => {
    shop = await startShop({ orders: 1_000, seed: 41 })
  })
  afterAll(async () => {
    for (const db of dbs) await db.drop()
    await shop?.close()
  })

  it("PostgreSQL: is refused at once and changes nothing; the first finishes equal to the server", async () => {
    const db = await freshDatabase("one_run")
    dbs.push(db)
    // A sync of the same source into another database on the same server holds the same lock key there.
    const elsewhere = await freshDatabase("one_run_elsewhere")
    dbs.push(elsewhere)
    await elsewhere.sql.query("SELECT pg_advisory_lock(hashtextextended('sluice sync commercetools', 0))")
    const env = { ...shop.env, DATABASE_URL: db.url }
    const pause = pauseAfter(shop, 3)
    const first = sync([], { env })
    let second: RunResult
    let holders: ReadonlyArray<string>
    try {
      await pause.held
      const before = await quiet(db)
      holders = (
        await db.sql.query(
          "SELECT pid::text AS pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
      ).map((row) => String(row.pid))
      second = await spawnRunner(["sync", "commercetools"], { env, timeoutMs: 30_000 })
      expect(await snapshot(db)).toBe(before)
    } finally {
      pause.release()
    }
    expectRefused(second)
    // The message names the first run's session, in this database.
    const pid = /backend pid (\d+)/.exec(second.stderr)?.[1]
    expect(holders, second.stderr).toContain(pid)
    const done = await first
    expect(done.code, describeRun(done)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
  })

  it("embedded PGlite (SLUICE_DATA_DIR): is refused at once; the first finishes equal to the server", async () => {
    const dataDir = Path.join(mkdtempSync(Path.join(tmpdir(), "sluice-e2e-one-run-")), "warehouse")
    const env = { ...shop.env, SLUICE_DATA_DIR: dataDir }
    // Two small tables: PGlite writes slowly, and the lock is the source's whatever the tables.
    const tables = ["categories", "discount_codes"]
    const pause = pauseAfter(shop, 1)
    const first = sync(["--tables", tables.join(",")], { env, timeoutMs: 120_000 })
    let second: RunResult
    try {
      await pause.held
      second = await spawnRunner(["sync", "commercetools"], { env, timeoutMs: 30_000 })
    } finally {
      pause.release()
    }
    expectRefused(second)
    const done = await first
    expect(done.code, describeRun(done)).toBe(0)
    const db = await openDataDir(dataDir)
    dbs.push(db)
    expect(await mismatches(db, shop, tables)).toEqual([])
  })
})
