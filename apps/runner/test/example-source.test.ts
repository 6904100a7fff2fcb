import { describe, expect, it } from "vitest"
import { jsonLines, lines, memoryDestination, run } from "./support/Cli.js"

describe("the example source", () => {
  // The sync tests share one warehouse: the second sync finds what the first stored.
  const destination = memoryDestination()

  it("tables: one row per table with modes, cursor, key, partitioning and access", async () => {
    const text = await run(["tables", "example"])
    expect(text.code).toBe(0)
    const [header, ...rows] = lines(text.stdout)
    expect(header).toMatch(/^table\s+modes\s+cursor\s+key\s+partitioned\s+needs\s+description$/)
    expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(["authors", "books"])
    expect(rows[1]).toMatch(
      /books\s+incremental, full_refresh, append\s+lastModifiedAt\s+id\s+createdAt by month/
    )

    const json = await run(["tables", "example", "--json"])
    expect(json.code).toBe(0)
    const tables = JSON.parse(json.stdout) as ReadonlyArray<Record<string, unknown>>
    expect(tables.map((table) => table.name)).toEqual(["authors", "books"])
    expect(tables[0]).toMatchObject({
      cursorField: "lastModifiedAt",
      primaryKey: "id",
      modes: ["incremental", "full_refresh", "append"],
      partition: { field: "createdAt", grain: "month" },
      access: expect.any(Array)
    })
  })

  it("sync --sandbox --json: only JSON on stdout, a TableSynced per table, SyncFinished ok", async () => {
    const result = await run(["sync", "example", "--sandbox", "--json"], { destination })
    expect(result.code).toBe(0)
    const events = jsonLines(result.stdout)
    expect(events[0]).toMatchObject({ _tag: "TableStarted", source: "example", mode: "incremental" })
    expect(events.filter((event) => event._tag === "PageWritten").length).toBeGreaterThan(0)
    const synced = events.filter((event) => event._tag === "TableSynced")
    expect(synced.map((event) => event.table)).toEqual(["authors", "books"])
    for (const event of synced) expect(Number(event.rows)).toBeGreaterThan(0)
    expect(events.at(-1)).toMatchObject({
      _tag: "SyncFinished",
      ok: true,
      tables: [
        expect.objectContaining({ table: "authors", ok: true }),
        expect.objectContaining({ table: "books", ok: true })
      ]
    })
  })

  it("a second sync is incremental, shows a summary, and state reports what is stored", async () => {
    const again = await run(["sync", "example", "--sandbox", "--tables", "books"], { destination })
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/✓ books {2}\d+ rows? · 0 new/)
    expect(again.stdout).toMatch(
      /^table\s+mode\s+rows\s+inserted\s+updated\s+unchanged\s+requests\s+duration\s+status$/m
    )
    expect(again.stdout).toMatch(/^books\s+incremental\s+\d+\s+0\s+/m)

    const state = await run(["state", "example", "--json"], { destination })
    expect(state.code).toBe(0)
    const books = (JSON.parse(state.stdout).tables as ReadonlyArray<Record<string, unknown>>).find(
      (t) => t.table === "books"
    )
    expect(books).toMatchObject({ synced: true, mode: "incremental", cursor: expect.any(String) })
    expect(Number(books?.rows)).toBeGreaterThan(0)
    expect(books?.inProgress).toBeUndefined()
  })
})
