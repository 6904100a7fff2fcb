import { Tables } from "@sluice/commercetools"
import { sandboxScopes } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  eventsOf,
  freshDatabase,
  liveIds,
  mismatches,
  resources,
  type Shop,
  spawnRunner,
  startShop,
  storedIds,
  storeTypeOf,
  sync,
  tableNames
} from "./support/index.js"

const feedTables = Tables.tables.filter((table) => table.deletedBy.length > 0).map((table) => table.name)
const deletable = tableNames.filter((table) => table !== "messages")

/** Deletes one live record of every table (as the shop does); returns the ids per table. */
const deleteOneOfEach = async (shop: Shop, db: Database): Promise<Map<string, string>> => {
  const gone = new Map<string, string>()
  for (const table of deletable) {
    const live = await liveIds(db, table)
    const id = shop.server.served(table).find((record) => live.has(record.id))?.id
    expect(id, `${table} has a record to delete`).toBeDefined()
    if (id === undefined) continue
    shop.store.deleteRecord(storeTypeOf(shop, table), id)
    gone.set(table, id)
  }
  return gone
}

/** Tables whose deleted record still has a live row (of a table that purges deleted rows: any row). */
const notApplied = async (db: Database, gone: ReadonlyMap<string, string>) => {
  const left: Array<string> = []
  for (const [table, id] of gone) {
    const purges = Tables.tables.find((t) => t.name === table)?.deletes === "purge"
    const held = purges ? await storedIds(db, table) : await liveIds(db, table)
    if (held.has(id)) left.push(table)
  }
  return left
}

describe("deletion messages switched off in the project", () => {
  let shop: Shop
  let db: Database
  beforeAll(async () => {
    shop = await startShop({ orders: 1_000, seed: 31 })
    db = await freshDatabase("messages_off")
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  it("the sync succeeds, deletions arrive through reconciliation, check says why", async () => {
    const env = { ...shop.env, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)

    shop.store.setMessagesEnabled(false)
    const gone = await deleteOneOfEach(shop, db)
    expect(shop.store.messages().filter((message) => String(message.type).endsWith("Deleted"))).toEqual([])

    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    expect(await notApplied(db, gone)).toEqual([])
    expect(await mismatches(db, shop)).toEqual([])
    // The feed's tables were reconciled, and the run said why.
    const relies = eventsOf(reconciled, "ReliesOnReconciliation")
    for (const table of feedTables) {
      expect(relies.find((event) => event.table === table)?.reason, table).toMatch(/messages are disabled/)
    }

    const check = await spawnRunner(["check", "commercetools"], { env: shop.env })
    expect(check.code, describeRun(check)).toBe(0)
    expect(check.stdout).toMatch(/messages are disabled in the project/)
    for (const table of feedTables) {
      const line = check.stdout.split("\n").find((text) => text.includes(` ${table} `))
      expect(line, check.stdout).toMatch(/reconciliation/)
    }
  })
})

describe("an API client without view_messages", () => {
  let shop: Shop
  let db: Database
  const clientId = "no-messages-client"
  const clientSecret = "no-messages-Secret-1a2b3c4d"
  beforeAll(async () => {
    shop = await startShop({
      orders: 1_000,
      seed: 32,
      otherClients: [
        {
          clientId,
          clientSecret,
          scopes: sandboxScopes(resources).filter((scope) => scope !== "view_messages")
        }
      ]
    })
    db = await freshDatabase("no_view_messages")
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  it("the sync succeeds, deletions arrive through reconciliation, check says why", async () => {
    const client = { ...shop.env, CTP_CLIENT_ID: clientId, CTP_CLIENT_SECRET: clientSecret }
    const env = { ...client, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(shop.server.stats.listRequests.messages ?? 0).toBe(0)

    const gone = await deleteOneOfEach(shop, db)
    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    expect(await notApplied(db, gone)).toEqual([])
    expect(await mismatches(db, shop)).toEqual([])
    const relies = eventsOf(reconciled, "ReliesOnReconciliation")
    for (const table of feedTables) {
      expect(relies.find((event) => event.table === table)?.reason, table).toMatch(/view_messages/)
    }

    const check = await spawnRunner(["check", "commercetools"], { env: client })
    expect(check.code, describeRun(check)).toBe(0)
    expect(check.stdout).toMatch(/lacks view_messages/)
  })
})
