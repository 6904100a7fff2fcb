import { makeRandom } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  deletableTables,
  deletionsNotApplied,
  describeRun,
  eventsOf,
  feedTables,
  freshDatabase,
  heldIds,
  killedSync,
  liveIds,
  liveRecordsDeleted,
  mismatches,
  type RunResult,
  type Shop,
  startShop,
  storeTypeOf,
  sync
} from "./support/index.js"

/** How many records of each table to delete at once: enough orders for a deletion feed of several pages. */
const DELETE: Readonly<Record<string, number>> = {
  orders: 1_000,
  customers: 120,
  payments: 200,
  carts: 200,
  product_projections: 10,
  categories: 2,
  discount_codes: 5,
  inventory: 60
}

describe("killed (SIGKILL) while applying deletions or reconciling, then rerun", () => {
  let shop: Shop
  let db: Database
  const random = makeRandom(77)
  /** Every id deleted so far, per table. */
  const deleted = new Map<string, Array<string>>()

  /** Deletes (or unpublishes) records the warehouse holds live, as the shop does. */
  const deleteSome = async (share: number) => {
    for (const table of deletableTables) {
      const live = await liveIds(db, table)
      const ids = shop.server
        .served(table)
        .map((record) => record.id)
        .filter((id) => live.has(id))
        .slice(0, Math.ceil((DELETE[table] ?? 2) * share))
      for (const id of ids) {
        if (table === "product_projections" && random.next() < 0.5) shop.store.unpublishProduct(id)
        else shop.store.deleteRecord(storeTypeOf(shop, table), id)
      }
      deleted.set(table, [...(deleted.get(table) ?? []), ...ids])
    }
  }

  /** Changes some records, so the tables have pages to write before the deletions. */
  const changeSome = (count: number) => {
    for (const type of ["orders", "payments", "carts"]) {
      const all = shop.store.all(type)
      for (let n = 0; n < count; n++) {
        const record = all[Math.floor(random.next() * all.length)]
        if (record !== undefined) shop.store.update(type, record.id)
      }
    }
  }

  /** Runs a sync and SIGKILLs it a random 0-50 ms after the `nth` event tagged `tag` (within the next page). */
  const killedAfter = async (args: ReadonlyArray<string>, tag: string, nth: number): Promise<RunResult> => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    const delayMs = Math.floor(random.next() * 50)
    const result = await killedSync(shop, args, { tag, nth, delayMs }, { env })
    expect(result.signal, `killed ${delayMs} ms after ${tag} #${nth}\n${describeRun(result)}`).toBe("SIGKILL")
    expect(eventsOf(result, "SyncFinished")).toEqual([])
    return result
  }

  /** After a killed run: no deletion was applied to a record the server still has. */
  const expectNoLiveRecordDeleted = async (held: ReadonlyMap<string, ReadonlySet<string>>) => {
    expect(await liveRecordsDeleted(db, shop, held)).toEqual({})
  }

  beforeAll(async () => {
    shop = await startShop({ orders: 3_000, seed: 61 })
    db = await freshDatabase("kill_deletes")
    const first = await sync([], { env: { ...shop.env, DATABASE_URL: db.url } })
    expect(first.code, describeRun(first)).toBe(0)
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  it("a sync applying deletions: killed while writing pages and twice in the feed; the rerun loses none", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    changeSome(600)
    await deleteSome(0.7)
    let held = await heldIds(db)
    await killedAfter([], "PageWritten", 2)
    await expectNoLiveRecordDeleted(held)

    held = await heldIds(db)
    const feedKill = await killedAfter([], "DeletionsApplied", 1)
    expect(eventsOf(feedKill, "DeletionsApplied").at(0)?.done, "the feed has pages left").toBe(false)
    await expectNoLiveRecordDeleted(held)

    // More deletions while the feed is half read, then killed in it again.
    await deleteSome(0.3)
    held = await heldIds(db)
    await killedAfter([], "DeletionsApplied", 1)
    await expectNoLiveRecordDeleted(held)

    held = await heldIds(db)
    const rerun = await sync([], { env })
    expect(rerun.code, describeRun(rerun)).toBe(0)
    await expectNoLiveRecordDeleted(held)
    const fed = deletableTables.filter((table) => feedTables.has(table))
    expect(await deletionsNotApplied(db, deleted, fed)).toEqual({})
    expect(await mismatches(db, shop, fed)).toEqual([])
  })

  it("a --reconcile run: killed while listing and after a table, then rerun: none lost", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    await deleteSome(0.5)
    let held = await heldIds(db)
    await killedAfter(["--reconcile"], "ReliesOnReconciliation", 1)
    await expectNoLiveRecordDeleted(held)

    held = await heldIds(db)
    await killedAfter(["--reconcile"], "TableReconciled", 1)
    await expectNoLiveRecordDeleted(held)

    held = await heldIds(db)
    const rerun = await sync(["--reconcile"], { env })
    expect(rerun.code, describeRun(rerun)).toBe(0)
    await expectNoLiveRecordDeleted(held)
    expect(await deletionsNotApplied(db, deleted)).toEqual({})
    expect(await mismatches(db, shop)).toEqual([])
  })
})
