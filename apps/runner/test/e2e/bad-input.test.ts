import { viewScopes } from "@sluice/commercetools-sandbox"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Database,
  describeRun,
  eventsOf,
  freshDatabase,
  lines,
  mismatches,
  type RunResult,
  resources,
  type Shop,
  serverRows,
  snapshot,
  spawnRunner,
  startShop,
  sync,
  tableNames,
  warehouseRows
} from "./support/index.js"

const PASSWORD = "S3cretPw"
const NARROW = {
  clientId: "no-customers",
  clientSecret: "narrow-Secret-1a2b3c",
  scopes: viewScopes(resources).filter((s) => s !== "view_customers")
}

/** The lines a run printed as failures (`✗ ...` on stderr). */
const failures = (result: RunResult): ReadonlyArray<string> =>
  lines(result.stderr).filter((line) => line.startsWith("✗"))

/** A text-mode sync (what a person sees). */
const textSync = (args: ReadonlyArray<string>, env: Record<string, string>) =>
  spawnRunner(["sync", "commercetools", ...args], { env })

describe("(2) bad input: one clear message, a non-zero exit, nothing lost or half-written", () => {
  let shop: Shop
  let db: Database
  let env: Record<string, string>
  /** Everything every run printed, for the secrets check at the end. */
  const printed: Array<string> = []
  const keep = (result: RunResult) => {
    printed.push(result.stdout, result.stderr)
    return result
  }

  beforeAll(async () => {
    shop = await startShop({ orders: 1_000, seed: 12, otherClients: [NARROW] })
    db = await freshDatabase("bad_input")
    // A URL with a password: trust auth ignores it, and no output may show it.
    env = { ...shop.env, DATABASE_URL: db.urlWithPassword(PASSWORD) }
    const initial = keep(await sync([], { env }))
    expect(initial.code, describeRun(initial)).toBe(0)
    expect(await mismatches(db, shop)).toEqual([])
  })
  afterAll(async () => {
    await db?.drop()
    await shop?.close()
  })

  /**
   * Runs a bad sync and checks the common contract: non-zero exit, one failure line, the warehouse unchanged.
   * `ignoreState`: state rows a run that gets past its start may move on (the deletion feed's, `_deletions`).
   */
  const rejected = async (
    args: ReadonlyArray<string>,
    overrides: Record<string, string>,
    ignoreState: ReadonlyArray<string> = []
  ) => {
    const before = await snapshot(db, ignoreState)
    const result = keep(await textSync(args, { ...env, ...overrides }))
    expect(result.code, describeRun(result)).not.toBe(0)
    expect(result.code).not.toBeNull()
    expect(failures(result), describeRun(result)).toHaveLength(1)
    expect(await snapshot(db, ignoreState)).toEqual(before)
    return { result, line: failures(result)[0] ?? "" }
  }

  it("wrong credentials", async () => {
    const { line } = await rejected([], { CTP_CLIENT_SECRET: "wrong-Secret-0000" })
    expect(line).toMatch(/credentials/i)
    expect(line).toContain("CTP_CLIENT_SECRET")
  })

  it("an unknown project key", async () => {
    const { line } = await rejected([], { CTP_PROJECT_KEY: "no-such-project" })
    expect(line).toContain("no-such-project")
    expect(line).toContain("CTP_PROJECT_KEY")
  })

  it("an unreachable database (DATABASE_URL to a closed port)", async () => {
    shop.server.resetStats()
    const { line } = await rejected([], {
      DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:1/sluice`
    })
    expect(line).toContain("127.0.0.1:1")
    expect(line).toMatch(/connect/i)
    // It stops before reading anything from the API.
    expect(shop.server.stats.apiRequests).toBe(0)
  })

  it("an unknown --tables name", async () => {
    shop.server.resetStats()
    const { line } = await rejected(["--tables", "orders,nope"], {})
    expect(line).toContain("nope")
    expect(line).toContain("orders, customers")
    expect(shop.server.stats.total).toBe(0)
  })

  it("a record that violates its schema: the run fails naming the record id", async () => {
    const victim = shop.store.all("orders")[42]
    if (victim === undefined) throw new Error("no order")
    // Changed now, so the next incremental read fetches it; then made invalid (version must be an integer).
    const changed = shop.store.update("orders", victim.id)
    const version = changed.version
    Object.assign(changed, { version: "x" })
    try {
      // The deletion step still runs after a failed table (its feed is not the table's): its state moves on.
      const { result, line } = await rejected(["--tables", "orders"], {}, ["_deletions"])
      expect(line).toContain(victim.id)
      expect(line).toMatch(/version/)
      expect(result.stdout).toMatch(/orders.*failed/)
    } finally {
      Object.assign(changed, { version })
    }
    // Once the data is fixed, the next run picks it up.
    const fixed = keep(await sync(["--tables", "orders"], { env }))
    expect(fixed.code, describeRun(fixed)).toBe(0)
    expect(await mismatches(db, shop, ["orders"])).toEqual([])
  })

  it("a missing scope for one table: the other tables sync, the exit names the one that did not", async () => {
    // Something to sync in every table, so "the others still sync" is visible.
    for (const type of ["orders", "customers", "payments"]) {
      const first = shop.store.all(type)[0]
      if (first !== undefined) shop.store.update(type, first.id)
    }
    const customersBefore = await warehouseRows(db, "customers")
    const result = keep(
      await textSync([], { ...env, CTP_CLIENT_ID: NARROW.clientId, CTP_CLIENT_SECRET: NARROW.clientSecret })
    )
    expect(result.code, describeRun(result)).not.toBe(0)
    const failed = failures(result)
    expect(failed, failed.join("\n")).toHaveLength(1)
    expect(failed[0]).toContain("customers")
    expect(failed[0]).toContain("view_customers")
    expect(result.stdout).toMatch(/customers.*failed/)
    expect(
      await mismatches(
        db,
        shop,
        tableNames.filter((t) => t !== "customers")
      )
    ).toEqual([])
    expect(await warehouseRows(db, "customers")).toEqual(customersBefore)
    expect(serverRows(shop, "customers")).not.toEqual(customersBefore)
  })

  it("the client secret and the database password appear in no output (text, --json, failures)", async () => {
    const json = keep(await sync(["--tables", "orders,categories"], { env }))
    expect(json.code, describeRun(json)).toBe(0)
    expect(eventsOf(json, "SyncFinished")).toHaveLength(1)
    const wrong = keep(await sync([], { env: { ...env, CTP_CLIENT_SECRET: "wrong-Secret-0000" } }))
    expect(wrong.code).toBe(1)
    expect(eventsOf(wrong, "TableFailed").length).toBeGreaterThan(0)
    const closed = keep(
      await sync([], { env: { ...env, DATABASE_URL: `postgres://postgres:${PASSWORD}@127.0.0.1:1/sluice` } })
    )
    expect(closed.code).toBe(1)
    expect(printed.length).toBeGreaterThanOrEqual(16)
    const all = printed.join("\n")
    for (const secret of [shop.clientSecret, NARROW.clientSecret, "wrong-Secret-0000", PASSWORD]) {
      expect(all.includes(secret), `"${secret}" was printed`).toBe(false)
    }
    // The location is still shown, masked.
    expect(all).toContain("postgres:***@127.0.0.1")
  })
})
