import { afterEach, beforeEach, describe, expect, it, vi } from "vitest"
import { jsonLines, lines, memoryDestination, run } from "./support/Cli.js"

describe("the commercetools source", () => {
  // Settings fall back to the environment: keep the test machine's own out of these runs.
  beforeEach(() => {
    for (const name of Object.keys(process.env).filter((key) => key.startsWith("CTP_")))
      vi.stubEnv(name, undefined)
  })
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it("spec: a JSON Schema marking clientSecret as secret and listing the five regions", async () => {
    const result = await run(["spec", "commercetools"])
    expect(result.code).toBe(0)
    const schema = JSON.parse(result.stdout) as {
      readonly required: ReadonlyArray<string>
      readonly properties: Readonly<Record<string, Record<string, unknown>>>
    }
    expect(schema.properties.clientSecret).toMatchObject({
      writeOnly: true,
      "x-secret": true,
      "x-env": "CTP_CLIENT_SECRET"
    })
    expect(schema.properties.clientId?.["x-secret"]).toBeUndefined()
    expect(schema.properties.region?.enum).toEqual([
      "us-central1.gcp",
      "us-east-2.aws",
      "europe-west1.gcp",
      "eu-central-1.aws",
      "australia-southeast1.gcp"
    ])
    expect(schema.required).toContain("clientSecret")
  })

  it("check with no settings: one line naming the missing settings and their env variables, exit 1", async () => {
    const result = await run(["check", "commercetools"])
    expect(result.code).toBe(1)
    const [line, ...rest] = lines(result.stderr)
    expect(rest).toEqual([])
    for (const name of [
      "projectKey (CTP_PROJECT_KEY)",
      "clientId (CTP_CLIENT_ID)",
      "clientSecret (CTP_CLIENT_SECRET)"
    ]) {
      expect(line).toContain(name)
    }
  })

  it("a secret given with --setting is never printed, even when the config is invalid", async () => {
    const result = await run([
      "check",
      "commercetools",
      "-s",
      "clientSecret=s3cr3t-value==",
      "-s",
      "projectKey=p",
      "-s",
      "CTP_CLIENT_ID=c",
      "-s",
      "region=mars"
    ])
    expect(result.code).toBe(1)
    expect(lines(result.stderr)).toHaveLength(1)
    expect(result.stderr).toContain('unknown region (CTP_REGION) "mars"')
    expect(result.stderr + result.stdout).not.toContain("s3cr3t")
  })

  it("sync --sandbox --scale 500 --tables orders,customers, then state", async () => {
    const destination = memoryDestination()
    const result = await run(
      ["sync", "commercetools", "--sandbox", "--scale", "500", "--tables", "orders,customers", "--json"],
      { destination }
    )
    expect(result.code).toBe(0)
    const events = jsonLines(result.stdout)
    const finished = events.at(-1)
    expect(finished).toMatchObject({ _tag: "SyncFinished", ok: true })
    const synced = events.filter((event) => event._tag === "TableSynced")
    // Two tables sync at once (--parallel 2): either may finish first.
    expect(synced.map((event) => event.table).sort()).toEqual(["customers", "orders"])
    expect(synced.find((event) => event.table === "orders")?.rows).toBeGreaterThanOrEqual(500)

    const state = await run(["state", "commercetools"], { destination })
    expect(state.code).toBe(0)
    expect(state.stdout).toMatch(/^orders\s+incremental\s+\S+\s+\S+\s+\d/m)
    expect(state.stdout).toMatch(/^payments\s+never synced/m)
    // The deletion feed's own state is its cursor and last check, not a table with rows.
    expect(state.stdout).not.toMatch(/^_deletions/m)
    expect(state.stdout).toMatch(/^deletion feed: cursor \S+ · last read \S+ · last checked \S+$/m)
    const json = JSON.parse((await run(["state", "commercetools", "--json"], { destination })).stdout)
    expect(json.tables.map((table: { table: string }) => table.table)).not.toContain("_deletions")
    expect(json.deletionFeed).toEqual({
      cursor: expect.any(String),
      lastReadAt: expect.any(String),
      lastCheckedAt: expect.any(String)
    })
  })
})
