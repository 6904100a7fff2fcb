import { grants, sandboxScopes } from "@sluice/commercetools-sandbox"
import { describe, expect, it } from "vitest"
import {
  type Database,
  deleteLiveRecords,
  deletionsNotApplied,
  describeRun,
  eventsOf,
  feedTables,
  liveRows,
  mismatches,
  resources,
  type Shop,
  spawnRunner,
  sync,
  tableNames,
  withShopAndDatabase
} from "./support/index.js"

const fedTables = [...feedTables]

describe("deletion messages switched off in the project", () => {
  let shop: Shop
  let db: Database
  withShopAndDatabase({ orders: 1_000, seed: 31, database: "messages_off" }, (opened, fresh) => {
    shop = opened
    db = fresh
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
  const scopes = sandboxScopes(resources).filter((scope) => scope !== "view_messages")
  // The tables this client cannot read, by the source's own declarations (the `messages` log).
  const unreadable = resources
    .filter((resource) => !resource.access.some((scope) => grants(new Set(scopes), scope)))
    .map((resource) => resource.table)
  const readable = tableNames.filter((table) => !unreadable.includes(table))
  withShopAndDatabase(
    {
      orders: 1_000,
      seed: 32,
      otherClients: [{ clientId, clientSecret, scopes }],
      database: "no_view_messages"
    },
    (opened, fresh) => {
      shop = opened
      db = fresh
    }
  )

  it("the sync succeeds, deletions arrive through reconciliation, check says why", async () => {
    const client = { ...shop.env, CTP_CLIENT_ID: clientId, CTP_CLIENT_SECRET: clientSecret }
    const env = { ...client, DATABASE_URL: db.url }
    const first = await sync([], { env })
    expect(first.code, describeRun(first)).toBe(0)
    expect(shop.server.stats.listRequests.messages ?? 0).toBe(0)
    // What the client cannot read is skipped, with the scope it needs, and stays empty; the rest is synced.
    expect(unreadable).toContain("messages")
    const skipped = eventsOf(first, "TableSkipped")
    expect(skipped.map((event) => event.table).sort()).toEqual([...unreadable].sort())
    for (const event of skipped)
      expect({ table: event.table, missing: event.missing }).toEqual({
        table: event.table,
        missing: "view_messages"
      })
    for (const table of unreadable) expect((await liveRows(db, table)).size, table).toBe(0)
    expect(await mismatches(db, shop, readable)).toEqual([])

    const gone = await deleteLiveRecords(shop, db, 1)
    const reconciled = await sync(["--reconcile"], { env })
    expect(reconciled.code, describeRun(reconciled)).toBe(0)
    expect(await deletionsNotApplied(db, gone)).toEqual({})
    expect(await mismatches(db, shop, readable)).toEqual([])
    for (const table of unreadable) expect((await liveRows(db, table)).size, table).toBe(0)
    const relies = eventsOf(reconciled, "ReliesOnReconciliation")
    for (const table of fedTables) {
      expect(relies.find((event) => event.table === table)?.reason, table).toMatch(/view_messages/)
    }

    // check names what the client cannot read, and exits 1 for it (as its help says); the rest is readable.
    const check = await spawnRunner(["check", "commercetools"], { env: client })
    expect(check.code, describeRun(check)).toBe(1)
    expect(check.stdout).toMatch(/lacks view_messages/)
    for (const table of tableNames) {
      const line = check.stdout.split("\n").find((text) => text.includes(` ${table} `))
      expect(line, check.stdout).toMatch(unreadable.includes(table) ? /^✗ / : /^✓ .*readable/)
    }
    expect(check.stdout).toContain(`${unreadable.length} of ${tableNames.length} tables unreadable`)
  })
})
