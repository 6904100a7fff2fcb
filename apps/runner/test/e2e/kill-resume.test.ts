import { makeRandom } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  difference,
  eventsOf,
  freshDatabase,
  fullReadPages,
  killedSync,
  listRequests,
  mismatches,
  type RunResult,
  type Shop,
  serverRows,
  startShop,
  sync,
  warehouseRowList,
  warehouseRows
} from "./support/index.js"

/** Seeded, so the run is the same every time. */
const seeded = (seed: number) => {
  const random = makeRandom(seed)
  return () => random.next()
}

const ORDERS = 20_000

describe("(a) the runner killed (SIGKILL) at random points of a large sync, then rerun", () => {
  let shop: Shop
  /** At least the pages (and list requests) an uninterrupted full read of orders takes (about 43 of 48). */
  let FULL_READ_PAGES: number
  const dbs: Array<Database> = []
  beforeAll(async () => {
    shop = await startShop({ orders: ORDERS, seed: 11 })
    FULL_READ_PAGES = fullReadPages(shop, "orders")
  })
  afterAll(async () => {
    for (const db of dbs) await db.drop()
    await shop?.close()
  })

  /**
   * Runs the sync and kills it with SIGKILL after a seeded number of written pages plus a seeded delay (so the
   * kill lands anywhere: mid-request, mid-transaction, between pages).
   */
  const killedRun = (env: Record<string, string>, args: ReadonlyArray<string>, next: () => number) => {
    const afterPages = 2 + Math.floor(next() * 8)
    const delayMs = Math.floor(next() * 400)
    return killedSync(shop, args, { tag: "PageWritten", nth: afterPages, delayMs }, { env }).then(
      (result) => ({
        result,
        afterPages,
        delayMs
      })
    )
  }

  const expectKilled = (result: RunResult) => {
    expect(result.signal, describeRun(result)).toBe("SIGKILL")
    expect(eventsOf(result, "SyncFinished")).toEqual([])
  }

  it("incremental (the first, full import): three kills, then a rerun resumes and ends equal", async () => {
    const db = await freshDatabase("kill_incremental")
    dbs.push(db)
    const env = { ...shop.env, DATABASE_URL: db.url }
    const args = ["--tables", "orders"]
    const expected = serverRows(shop, "orders")
    const next = seeded(2024)
    for (let kill = 0; kill < 3; kill++) {
      const { result } = await killedRun(env, args, next)
      expectKilled(result)
      // What was committed is a consistent part of the server's data: no row twice, none the server lacks.
      const partial = await warehouseRows(db, "orders")
      expect(difference(expected, partial).extra).toEqual([])
      expect(partial.size).toBeLessThan(expected.size)
    }
    const before = (await warehouseRowList(db, "orders")).length
    expect(before).toBeGreaterThan(0)

    shop.server.resetStats()
    const rerun = await sync(args, { env })
    expect(rerun.code, describeRun(rerun)).toBe(0)
    expect(await mismatches(db, shop, ["orders"])).toEqual([])
    const synced = eventsOf(rerun, "TableSynced")[0]
    expect(synced).toMatchObject({ table: "orders", resumed: true })
    expect(Number(synced?.pages)).toBeLessThan(FULL_READ_PAGES)
    expect(listRequests(shop, "orders")).toBeLessThan(FULL_READ_PAGES)
    expect(Number(synced?.inserted)).toBe(expected.size - before)
  })

  it("full_refresh: killed part way, readers keep the previous complete table; the rerun swaps in an equal one", async () => {
    // Continues from the table the incremental test imported (merge and replace tables share one layout).
    const db = dbs[0]
    expect(db, "the incremental test runs first").toBeDefined()
    if (db === undefined) return
    const env = { ...shop.env, DATABASE_URL: db.url }
    const args = ["--tables", "orders", "--mode", "full_refresh"]
    const previous = await warehouseRows(db, "orders")
    expect(previous).toEqual(serverRows(shop, "orders"))

    // The shop changes, then the refresh is killed part way: the table readers see is still the previous one.
    for (const record of shop.store.all("orders").slice(0, 50)) shop.store.update("orders", record.id)
    shop.store.remove("orders", shop.store.all("orders")[100]?.id ?? "")
    const { result } = await killedRun(env, args, seeded(99))
    expectKilled(result)
    expect(await warehouseRows(db, "orders")).toEqual(previous)

    shop.server.resetStats()
    const rerun = await sync(args, { env })
    expect(rerun.code, describeRun(rerun)).toBe(0)
    expect(eventsOf(rerun, "TableSynced")[0]).toMatchObject({ table: "orders", resumed: true })
    expect(listRequests(shop, "orders")).toBeLessThan(FULL_READ_PAGES)
    expect(await mismatches(db, shop, ["orders"])).toEqual([])
  })
})
