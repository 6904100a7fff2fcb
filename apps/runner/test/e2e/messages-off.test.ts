import { sandboxScopes } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  deleteLiveRecords,
  deletionsNotApplied,
  describeRun,
  eventsOf,
  feedTables,
  freshDatabase,
  mismatches,
  resources,
  type Shop,
  spawnRunner,
  startShop,
  sync
} from "./support/index.js"

const fedTables = [...feedTables]

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
    const gone = await deleteLiveRecords(shop, db, 1)
    expect(shop.store.messages().filter((message) => String(message.type).endsWith("Deleted"))).toEqual([])

    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    expect(await deletionsNotApplied(db, gone)).toEqual({})
    expect(await mismatches(db, shop)).toEqual([])
    // The feed's tables were reconciled, and the run said why.
    const relies = eventsOf(reconciled, "ReliesOnReconciliation")
    for (const table of fedTables) {
      expect(relies.find((event) => event.table === table)?.reason, table).toMatch(/messages are disabled/)
    }

    const check = await spawnRunner(["check", "commercetools"], { env: shop.env })
    expect(check.code, describeRun(check)).toBe(0)
    expect(check.stdout).toMatch(/messages are disabled in the project/)
    for (const table of fedTables) {
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

    const gone = await deleteLiveRecords(shop, db, 1)
    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    expect(await deletionsNotApplied(db, gone)).toEqual({})
    expect(await mismatches(db, shop)).toEqual([])
    const relies = eventsOf(reconciled, "ReliesOnReconciliation")
    for (const table of fedTables) {
      expect(relies.find((event) => event.table === table)?.reason, table).toMatch(/view_messages/)
    }

    const check = await spawnRunner(["check", "commercetools"], { env: client })
    expect(check.code, describeRun(check)).toBe(0)
    expect(check.stdout).toMatch(/lacks view_messages/)
  })
})
