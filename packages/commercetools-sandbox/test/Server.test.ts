import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type RunningServer, Store, startServer } from "../src/index.js"
import { api, keysetRead, list, requestToken, token } from "./helpers.js"
import { resources } from "./support/resources.js"

const PROJECT = "test-shop"
const BURST_AT = "2025-05-05T05:05:05.555Z"

/** A small, fully known data set: 1,500 orders in one millisecond plus 500 spread out. */
const seed = (store: Store): void => {
  const records = []
  for (let i = 0; i < 2000; i++) {
    const id = `${i.toString(16).padStart(8, "0")}-0000-4000-8000-${i.toString(16).padStart(12, "0")}`
    const burst = i % 4 !== 0
    const createdAt = new Date(Date.UTC(2025, 0, 1) + i * 3_600_000).toISOString()
    records.push({
      id,
      version: 1 + (i % 3),
      orderNumber: `N${i}`,
      orderState: ["Open", "Confirmed", "Complete", "Cancelled"][i % 4] as string,
      customerId: i % 5 === 0 ? undefined : `cust-${i % 7}`,
      totalPrice: { type: "centPrecision", currencyCode: "EUR", centAmount: i * 10, fractionDigits: 2 },
      createdAt,
      lastModifiedAt: burst ? BURST_AT : new Date(Date.UTC(2025, 6, 1) + i * 60_000).toISOString()
    })
  }
  store.addMany("orders", records)
  store.add("customers", { id: "c0000000-0000-4000-8000-000000000001", email: "a@example.com" })
  store.add("products", {
    id: "p0000000-0000-4000-8000-000000000001",
    masterData: {
      published: true,
      hasStagedChanges: true,
      current: { name: { "en-US": "Old" } },
      staged: { name: { "en-US": "New" } }
    }
  })
  store.add("products", {
    id: "p0000000-0000-4000-8000-000000000002",
    masterData: {
      published: false,
      hasStagedChanges: true,
      current: { name: { "en-US": "Draft" } },
      staged: { name: { "en-US": "Draft" } }
    }
  })
}

let server: RunningServer
let all: string

beforeAll(async () => {
  const store = new Store()
  seed(store)
  server = await startServer({
    resources,
    store,
    projectKey: PROJECT,
    clients: [
      { clientId: "all", clientSecret: "s3cret", scopes: ["view_orders", "view_customers", "view_products"] },
      { clientId: "orders-only", clientSecret: "x", scopes: [`view_orders:${PROJECT}`] },
      { clientId: "published", clientSecret: "x", scopes: ["view_published_products"] },
      { clientId: "admin", clientSecret: "x", scopes: ["manage_project"] }
    ]
  })
  all = await token(server, "all", "s3cret")
})

afterAll(async () => {
  await server.close()
})

describe("auth", () => {
  it("issues a bearer token with the granted scopes suffixed by the project key", async () => {
    const res = await requestToken(server, "all", "s3cret")
    expect(res.status).toBe(200)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ token_type: "Bearer", expires_in: 172800 })
    expect(typeof body.access_token).toBe("string")
    expect(String(body.scope).split(" ").sort()).toEqual(
      [`view_customers:${PROJECT}`, `view_orders:${PROJECT}`, `view_products:${PROJECT}`].sort()
    )
  })

  it("restricts the token to the requested scopes", async () => {
    const res = await requestToken(server, "all", "s3cret", `view_orders:${PROJECT}`)
    expect(((await res.json()) as { scope: string }).scope).toBe(`view_orders:${PROJECT}`)
    const exceeded = await requestToken(server, "orders-only", "x", `view_customers:${PROJECT}`)
    expect(exceeded.status).toBe(400)
    expect(((await exceeded.json()) as { error: string }).error).toBe("invalid_scope")
  })

  it("answers a bad client secret with 401 invalid_client", async () => {
    const res = await requestToken(server, "all", "wrong")
    expect(res.status).toBe(401)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({ statusCode: 401, error: "invalid_client" })
    expect((body.errors as Array<{ code: string }>)[0]?.code).toBe("invalid_client")
  })

  it("rejects a missing or unsupported grant type with 400", async () => {
    const headers = { authorization: `Basic ${Buffer.from("all:s3cret").toString("base64")}` }
    const missing = await fetch(`${server.url}/oauth/token`, { method: "POST", headers, body: "" })
    expect(missing.status).toBe(400)
    const unsupported = await fetch(`${server.url}/oauth/token`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=password"
    })
    expect(unsupported.status).toBe(400)
    expect(((await unsupported.json()) as { error: string }).error).toBe("unsupported_grant_type")
  })

  it("requires a valid bearer token: missing or unknown answers 401 invalid_token", async () => {
    for (const t of [undefined, "not-a-token"]) {
      const res = await api(server, t, "orders")
      expect(res.status).toBe(401)
      const body = (await res.json()) as Record<string, unknown>
      expect(body).toMatchObject({ statusCode: 401, error: "invalid_token" })
      expect((body.errors as Array<{ code: string }>)[0]?.code).toBe("invalid_token")
    }
  })

  it("expires tokens after their lifetime", async () => {
    // Long enough that the first use lands within it on a busy machine; the wait counts from the token's arrival,
    // after the server issued it.
    const lifetimeSeconds = 3
    const short = await startServer({
      resources,
      store: new Store(),
      projectKey: PROJECT,
      tokenLifetimeSeconds: lifetimeSeconds,
      clients: [{ clientId: "c", clientSecret: "s", scopes: ["view_orders"] }]
    })
    try {
      const res = await requestToken(short, "c", "s")
      const body = (await res.json()) as { access_token: string; expires_in: number }
      const received = Date.now()
      expect(body.expires_in).toBe(lifetimeSeconds)
      expect((await api(short, body.access_token, "orders")).status).toBe(200)
      await new Promise((resolve) =>
        setTimeout(resolve, received + lifetimeSeconds * 1000 + 100 - Date.now())
      )
      const expired = await api(short, body.access_token, "orders")
      expect(expired.status).toBe(401)
      expect(((await expired.json()) as { error: string }).error).toBe("invalid_token")
    } finally {
      await short.close()
    }
  })

  it("answers 403 insufficient_scope naming the missing scope", async () => {
    const ordersOnly = await token(server, "orders-only", "x")
    expect((await api(server, ordersOnly, "orders")).status).toBe(200)
    const res = await api(server, ordersOnly, "customers")
    expect(res.status).toBe(403)
    const body = (await res.json()) as {
      statusCode: number
      message: string
      errors: Array<{ code: string }>
    }
    expect(body.statusCode).toBe(403)
    expect(body.errors[0]?.code).toBe("insufficient_scope")
    expect(body.message).toContain("view_customers")
  })

  it("lets manage_project read everything and view_published_products read current data only", async () => {
    const admin = await token(server, "admin", "x")
    for (const path of [
      "orders",
      "customers",
      "payments",
      "carts",
      "categories",
      "discount-codes",
      "inventory"
    ]) {
      expect((await api(server, admin, path)).status, path).toBe(200)
    }
    const published = await token(server, "published", "x")
    expect((await api(server, published, "product-projections")).status).toBe(200)
    expect((await api(server, published, "product-projections", [["staged", "true"]])).status).toBe(403)
  })
})

describe("list queries", () => {
  it("enforces limit <= 500 and offset <= 10000 with the API's InvalidInput body", async () => {
    for (const [name, value] of [
      ["limit", "501"],
      ["offset", "10001"],
      ["limit", "-1"],
      ["withTotal", "maybe"]
    ] as const) {
      const res = await api(server, all, "orders", [[name, value]])
      expect(res.status, `${name}=${value}`).toBe(400)
      const body = (await res.json()) as {
        statusCode: number
        message: string
        errors: Array<{ code: string }>
      }
      expect(body.statusCode).toBe(400)
      expect(body.errors[0]?.code).toBe("InvalidInput")
      expect(body.message).toMatch(new RegExp(`^Malformed parameter: ${name}: `))
    }
    expect(
      (
        await api(server, all, "orders", [
          ["limit", "500"],
          ["offset", "10000"]
        ])
      ).status
    ).toBe(200)
  })

  it("defaults to limit 20, offset 0 with a total; withTotal=false omits it", async () => {
    const page = await list(server, all, "orders")
    expect(page).toMatchObject({ limit: 20, offset: 0, count: 20, total: 2000 })
    const noTotal = await list(server, all, "orders", [["withTotal", "false"]])
    expect("total" in noTotal).toBe(false)
  })

  it("honours multi-key sorts in order", async () => {
    const page = await list(server, all, "orders", [
      ["sort", "orderState desc"],
      ["sort", "version asc"],
      ["sort", "id desc"],
      ["limit", "500"]
    ])
    const key = (r: Record<string, unknown>) =>
      [r.orderState as string, r.version as number, r.id as string] as const
    for (let i = 1; i < page.results.length; i++) {
      const [s0, v0, id0] = key(page.results[i - 1] as Record<string, unknown>)
      const [s1, v1, id1] = key(page.results[i] as Record<string, unknown>)
      const ok = s0 > s1 || (s0 === s1 && (v0 < v1 || (v0 === v1 && id0 > id1)))
      expect(ok, `${i}`).toBe(true)
    }
    const byPrice = await list(server, all, "orders", [
      ["sort", "totalPrice.centAmount desc"],
      ["limit", "3"]
    ])
    expect(byPrice.results.map((r) => (r.totalPrice as { centAmount: number }).centAmount)).toEqual([
      19990, 19980, 19970
    ])
  })

  it("rejects a malformed sort and a malformed where with 400", async () => {
    expect((await api(server, all, "orders", [["sort", "lastModifiedAt upwards"]])).status).toBe(400)
    const res = await api(server, all, "orders", [["where", 'orderState = "Open" and (']])
    expect(res.status).toBe(400)
    const body = (await res.json()) as { message: string; errors: Array<{ code: string }> }
    expect(body.errors[0]?.code).toBe("InvalidInput")
    expect(body.message).toMatch(/^Malformed parameter: where: /)
    expect((await api(server, all, "orders", [["where", 'noSuchField = "x"']])).status).toBe(400)
  })

  it("filters with and/or/not/in/comparisons, AND-ing repeated where", async () => {
    const count = async (...where: Array<string>): Promise<number> =>
      (await list(server, all, "orders", [...where.map((w) => ["where", w] as const), ["limit", "0"]]))
        .total ?? -1
    expect(await count('orderState = "Open"')).toBe(500)
    expect(await count('orderState in ("Open", "Complete")')).toBe(1000)
    expect(await count('orderState not in ("Open", "Complete")')).toBe(1000)
    expect(await count('not(orderState = "Open")')).toBe(1500)
    expect(await count('orderState = "Open" or orderState = "Confirmed"')).toBe(1000)
    expect(await count('orderState = "Open"', "version = 1")).toBe(167)
    expect(await count("customerId is not defined")).toBe(400)
    expect(await count(`lastModifiedAt = "${BURST_AT}"`)).toBe(1500)
    expect(await count(`lastModifiedAt > "${BURST_AT}"`)).toBe(500)
    expect(await count("totalPrice(centAmount >= 19000)")).toBe(100)
  })

  it("pages by key-set through a 1,500-record same-millisecond burst, reading each record exactly once", async () => {
    server.resetStats()
    for (const size of [100, 500, 7]) {
      const seen = await keysetRead(server, all, "orders", size)
      const ids = seen.map((r) => r.id)
      expect(ids.length).toBe(2000)
      expect(new Set(ids).size).toBe(2000)
    }
    expect(server.stats.maxLimit).toBeLessThanOrEqual(500)
    expect(server.stats.maxOffset).toBeLessThanOrEqual(10000)
  })

  it("pages by id range slices", async () => {
    const seen = new Set<string>()
    const bounds = ["00000000", "00000400", "00000800", "ffffffff"]
    for (let s = 0; s + 1 < bounds.length; s++) {
      const slice = await keysetRead(server, all, "orders", 250, [
        `id >= "${bounds[s]}" and id < "${bounds[s + 1]}"`
      ])
      for (const r of slice) seen.add(r.id)
    }
    expect(seen.size).toBe(2000)
  })

  it("sees records modified mid-read (they move behind the cursor and are read again)", async () => {
    const store = new Store()
    seed(store)
    const local = await startServer({
      resources,
      store,
      projectKey: PROJECT,
      clients: [{ clientId: "c", clientSecret: "s", scopes: ["view_orders"] }]
    })
    try {
      const t = await token(local, "c", "s")
      const first = store.byLastModifiedIndex("orders")[0]?.id as string
      let created = ""
      local.onRequest((info) => {
        if (info.kind === "list" && local.stats.listRequests.orders === 3) {
          store.update("orders", first, (r) => {
            r.orderState = "Complete"
          })
          created = store.create("orders", { orderState: "Open" }).id
        }
      })
      const seen = await keysetRead(local, t, "orders", 200)
      const ids = seen.map((r) => r.id)
      expect(new Set(ids).size).toBe(2001)
      expect(ids.filter((id) => id === first).length).toBe(2)
      expect(ids).toContain(created)
      const again = seen.filter((r) => r.id === first)
      expect(again[1]?.version).toBe((again[0]?.version as number) + 1)
    } finally {
      await local.close()
    }
  })

  it("serves product projections: current data of published products by default, staged on request", async () => {
    const current = await list(server, all, "product-projections")
    expect(current.results.map((r) => (r.name as Record<string, string>)["en-US"])).toEqual(["Old"])
    expect(current.results[0]).toMatchObject({ published: true, hasStagedChanges: true })
    expect("masterData" in (current.results[0] as object)).toBe(false)
    const staged = await list(server, all, "product-projections", [["staged", "true"]])
    expect(staged.results.map((r) => (r.name as Record<string, string>)["en-US"]).sort()).toEqual([
      "Draft",
      "New"
    ])
    const one = await api(server, all, "product-projections/p0000000-0000-4000-8000-000000000002")
    expect(one.status).toBe(404)
  })

  it("gets one resource by id, and 404 ResourceNotFound otherwise", async () => {
    const res = await api(server, all, "customers/c0000000-0000-4000-8000-000000000001")
    expect(res.status).toBe(200)
    expect(((await res.json()) as { email: string }).email).toBe("a@example.com")
    const missing = await api(server, all, "customers/c0000000-0000-4000-8000-00000000dead")
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      "ResourceNotFound"
    )
  })

  it("answers a request for another project with 403", async () => {
    const res = await fetch(`${server.url}/other-project/orders`, {
      headers: { authorization: `Bearer ${all}` }
    })
    expect(res.status).toBe(403)
  })
})

describe("faults", () => {
  const fire = async (local: RunningServer, t: string, n: number): Promise<Array<number>> => {
    const statuses: Array<number> = []
    for (let i = 0; i < n; i++) {
      try {
        const res = await api(local, t, "orders", [["limit", "1"]])
        statuses.push(res.status)
        await res.arrayBuffer()
      } catch {
        statuses.push(0)
      }
    }
    return statuses
  }

  it("injects 429/502/503/504 and drops at roughly the configured rates, deterministically", async () => {
    const runs: Array<Array<number>> = []
    for (let run = 0; run < 2; run++) {
      const store = new Store()
      seed(store)
      const local = await startServer({
        resources,
        store,
        projectKey: PROJECT,
        clients: [{ clientId: "c", clientSecret: "s", scopes: ["view_orders"] }],
        faults: {
          seed: 7,
          rate429: 0.1,
          rate502: 0.05,
          rate503: 0.05,
          rate504: 0.05,
          dropRate: 0.05,
          retryAfterSeconds: 2
        }
      })
      try {
        const t = await token(local, "c", "s")
        expect(local.stats.tokenRequests).toBe(1)
        const statuses = await fire(local, t, 400)
        runs.push(statuses)
        const share = (code: number) => statuses.filter((s) => s === code).length / statuses.length
        expect(share(429)).toBeGreaterThan(0.05)
        expect(share(429)).toBeLessThan(0.15)
        for (const code of [502, 503, 504, 0]) {
          expect(share(code), String(code)).toBeGreaterThan(0.02)
          expect(share(code), String(code)).toBeLessThan(0.09)
        }
        expect(share(200)).toBeGreaterThan(0.6)
        expect(local.stats.faults["429"]).toBe(statuses.filter((s) => s === 429).length)
        expect(local.stats.faults.drop).toBe(statuses.filter((s) => s === 0).length)
      } finally {
        await local.close()
      }
    }
    expect(runs[0]).toEqual(runs[1])
    // 800 requests: seconds on a busy machine, past the default 5 s.
  }, 60_000)

  it("sends Retry-After and the error body on 429, and answers 429 beyond maxConcurrent", async () => {
    const store = new Store()
    seed(store)
    const local = await startServer({
      resources,
      store,
      projectKey: PROJECT,
      clients: [{ clientId: "c", clientSecret: "s", scopes: ["view_orders"] }],
      faults: { rate429: 1, retryAfterSeconds: 3 }
    })
    try {
      const t = await token(local, "c", "s")
      const res = await api(local, t, "orders")
      expect(res.status).toBe(429)
      expect(res.headers.get("retry-after")).toBe("3")
      const body = (await res.json()) as { statusCode: number; errors: Array<{ code: string }> }
      expect(body.statusCode).toBe(429)
      expect(body.errors.length).toBe(1)

      local.setFaults({ maxConcurrent: 2 })
      local.onRequest(() => new Promise((resolve) => setTimeout(resolve, 100)))
      const statuses = await Promise.all(
        Array.from({ length: 6 }, async () => {
          const r = await api(local, t, "orders", [["limit", "1"]])
          await r.arrayBuffer()
          return r.status
        })
      )
      expect(statuses.filter((s) => s === 200).length).toBe(2)
      expect(statuses.filter((s) => s === 429).length).toBe(4)
      expect(local.stats.faults.concurrency).toBe(4)
      expect(local.stats.maxInFlight).toBeGreaterThanOrEqual(3)
    } finally {
      await local.close()
    }
  })

  it("leaves the token endpoint alone unless tokenFaults is set", async () => {
    const local = await startServer({
      resources,
      store: new Store(),
      projectKey: PROJECT,
      clients: [{ clientId: "c", clientSecret: "s", scopes: ["view_orders"] }],
      faults: { rate503: 1 }
    })
    try {
      expect((await requestToken(local, "c", "s")).status).toBe(200)
      local.setFaults({ rate503: 1, tokenFaults: true })
      expect((await requestToken(local, "c", "s")).status).toBe(503)
      expect(local.stats.tokenRequests).toBe(2)
      expect(local.stats.recent.map((e) => e.status)).toEqual([200, 503])
    } finally {
      await local.close()
    }
  })
})
