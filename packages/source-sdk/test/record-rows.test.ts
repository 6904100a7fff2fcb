import { describe, expect, it } from "@effect/vitest"
import { JsonScan, RawJson, RecordRows, Table } from "@sluice/source-sdk"
import { Schema } from "effect"

/** A small seeded generator (mulberry32), so a failure names a seed that reproduces it. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const Line = Schema.Struct({ sku: Schema.String, quantity: Schema.Int })
const Item = Schema.Struct({
  id: Schema.String,
  version: Schema.Int,
  name: Schema.optional(Schema.String),
  state: Schema.optional(Schema.Literal("Open", "Done")),
  lines: Schema.optional(Schema.Array(Line)),
  meta: Schema.optional(Schema.Unknown),
  paid: Schema.optional(Schema.NullOr(Schema.Boolean)),
  secret: Schema.optional(Schema.String)
})
const table = { schema: Item }

const strings = [
  "a",
  "Zürich",
  "✓ done",
  'say "hi"',
  "back\\slash",
  "line\nbreak",
  "tab\there",
  "nul\u0000",
  "😀"
]
const pick = <A>(next: () => number, from: ReadonlyArray<A>): A => from[Math.floor(next() * from.length)] as A

/** An item of `Item`, its optional fields present or not, with a few fields the schema does not name. */
const item = (next: () => number, index: number): Record<string, unknown> => {
  const fields: Array<[string, unknown]> = [
    ["id", `id-${index}-${pick(next, strings)}`],
    ["version", Math.floor(next() * 1000)]
  ]
  if (next() < 0.7) fields.push(["name", pick(next, strings)])
  if (next() < 0.5) fields.push(["state", pick(next, ["Open", "Done"])])
  if (next() < 0.6)
    fields.push([
      "lines",
      Array.from({ length: Math.floor(next() * 3) }, () => ({ sku: pick(next, strings), quantity: 2 }))
    ])
  if (next() < 0.5)
    fields.push(["meta", pick(next, [{ nested: [1, 2.5, null] }, "text", 3, null, [], { k: "\\" }])])
  if (next() < 0.5) fields.push(["paid", pick(next, [true, false, null])])
  if (next() < 0.3) fields.push(["secret", "hunter2"])
  if (next() < 0.5)
    fields.push(["type", pick(next, ["Order", 1.5e-7, true, null, { deep: { er: [strings] } }])])
  if (next() < 0.3) fields.push([pick(next, ["custom", "x-y", "ü"]), pick(next, strings)])
  // Keys in any order, as an API may send them.
  return Object.fromEntries(fields.sort(() => next() - 0.5))
}

/** JSON text with whitespace between some tokens, as a pretty-printing server would send. */
const pretty = (value: unknown, next: () => number) => JSON.stringify(value, null, next() < 0.5 ? 2 : "\t")

describe("JsonScan.scanRows", () => {
  it("holds, for 300 random pages, the records scanList makes, each field where the page has it", () => {
    const shape = Table.rowShape(table, ["secret"])
    if (shape === undefined) throw new Error("Item is a struct")
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed)
      const items = Array.from({ length: Math.floor(next() * 8) }, (_, index) => item(next, index))
      const page = { limit: 20, results: items, count: items.length }
      const text = next() < 0.5 ? JSON.stringify(page) : pretty(page, next)
      const bytes = Buffer.from(text, "utf8")
      const scanned = JsonScan.scanRows(bytes, "results", shape)
      if (scanned === undefined) throw new Error(`seed ${seed}: no rows`)
      const expected = items.map(({ secret: _secret, ...rest }) => rest)
      expect({ seed, records: scanned.rows.records().map(RawJson.plain) }).toEqual({
        seed,
        records: expected
      })
      expect(scanned.fields).toEqual({ limit: 20, count: items.length })
      expect(scanned.rows.length).toBe(items.length)
      // Each field read on its own, as the engine reads the cursor and the warehouse the partition field.
      items.forEach((record, index) => {
        expect(scanned.rows.value(index, "id")).toBe(record.id)
        expect(RawJson.plain({ type: scanned.rows.value(index, "type") })).toEqual({ type: record.type })
        expect(scanned.rows.value(index, "secret")).toBeUndefined()
      })
    }
  })

  it("gives no rows when a record may not match its schema, and scanList still reads that page", () => {
    const shape = Table.rowShape(table)
    if (shape === undefined) throw new Error("Item is a struct")
    for (const result of [
      '{"id":1,"version":1}',
      '{"id":"a"}',
      '{"id":"a","version":1.5}',
      '{"id":"a","version":1,"state":"Closed"}',
      '{"id":"a","version":1,"lines":[{"sku":"s"}]}',
      '{"id":"a","version":1,"paid":"yes"}',
      // Twice the same key: JSON.parse keeps the last, an object the first's place.
      '{"id":"a","version":1,"version":2}',
      '{"id":"a","version":1,"x":1,"x":2}',
      // An array index as a key: an object lists it first, whatever the page's order.
      '{"id":"a","version":1,"7":true}'
    ]) {
      const bytes = Buffer.from(`{"results":[{"id":"ok","version":1},${result}]}`, "utf8")
      expect({ result, rows: JsonScan.scanRows(bytes, "results", shape) }).toEqual({
        result,
        rows: undefined
      })
      expect({ result, items: JsonScan.scanList(bytes, "results")?.items.length }).toEqual({
        result,
        items: 2
      })
    }
  })

  it("takes a schema whose records are plain structs; rows are trusted only by the table they were checked for", () => {
    expect(Table.rowShape({ schema: Item.pipe(Schema.filter(() => true)) })).toBeUndefined()
    expect(
      Table.rowShape({
        schema: Schema.Struct(
          { id: Schema.String },
          Schema.Record({ key: Schema.String, value: Schema.String })
        )
      })
    ).toBeUndefined()
    const shape = Table.rowShape(table)
    if (shape === undefined) throw new Error("Item is a struct")
    const rows = JsonScan.scanRows(
      Buffer.from('{"results":[{"id":"a","version":1}]}'),
      "results",
      shape
    )?.rows
    if (rows === undefined) throw new Error("a valid page")
    expect(Table.checkedFor(table, rows)).toBe(true)
    const lookalike = { schema: Schema.Struct({ ...Item.fields }) }
    expect(Table.checkedFor(lookalike, rows)).toBe(false)
    expect(RecordRows.toArray(rows)).toEqual([{ id: "a", version: 1 }])
  })
})
