import { Either, ParseResult, Schema, SchemaAST } from "effect"
import { describe, expect, it } from "vitest"
import { Columns, Table } from "../src/index.js"
import { scanList } from "../src/JsonScan.js"
import * as RawCheck from "../src/RawCheck.js"
import { plain, RawJson } from "../src/RawJson.js"
import * as SchemaCheck from "../src/SchemaCheck.js"
import { mutations } from "./fixtures/Mutations.js"

// Schemas of every shape RawCheck knows, as type sides (what the validator compiles).
const Money = Schema.Struct({
  type: Schema.Literal("centPrecision"),
  currencyCode: Schema.String,
  centAmount: Schema.Int,
  fractionDigits: Schema.optional(Schema.Int)
})
const HighMoney = Schema.Struct({
  type: Schema.Literal("highPrecision"),
  currencyCode: Schema.String,
  centAmount: Schema.Int,
  preciseAmount: Schema.Int
})
const AnyMoney = Schema.Union(Money, HighMoney)
enum Channel {
  Web = "web",
  Store = 2
}
const Line = Schema.Struct({
  id: Schema.String,
  sku: Schema.optional(Schema.String),
  quantity: Schema.Int,
  price: AnyMoney,
  name: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.String })),
  state: Schema.Literal("Open", "Closed"),
  channel: Schema.Enums(Channel),
  note: Schema.NullOr(Schema.String),
  gift: Schema.optional(Schema.Boolean)
})
interface Node {
  readonly name: string
  readonly children: ReadonlyArray<Node>
}
const Tree: Schema.Schema<Node> = Schema.Struct({
  name: Schema.String,
  children: Schema.Array(Schema.suspend(() => Tree))
})
const Order = Schema.Struct({
  id: Schema.String,
  version: Schema.Int,
  createdAt: Columns.Timestamp,
  total: Money,
  lineItems: Schema.Array(Line),
  custom: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  flags: Schema.Struct(
    { archived: Schema.Boolean },
    Schema.Record({ key: Schema.String, value: Schema.Boolean })
  ),
  tree: Tree,
  // Required, but Schema takes a missing key as undefined.
  maybe: Schema.Union(Schema.String, Schema.Undefined),
  ratio: Schema.Number.pipe(Schema.positive()),
  mixed: Schema.Literal(1, true, null),
  anything: Schema.Unknown,
  object: Schema.Struct({})
})

const money = { type: "centPrecision", currencyCode: "EUR", centAmount: 1200, fractionDigits: 2 }
const line = {
  id: "l-1",
  sku: "SKU-1",
  quantity: 2,
  price: { type: "highPrecision", currencyCode: "JPY", centAmount: 5, preciseAmount: 512 },
  name: { "de-DE": "Grüße aus Köln", ja: "日本語", emoji: '😀 "quoted" back\\slash\nline/' },
  state: "Open",
  channel: 2,
  note: null,
  gift: true
}
const order = {
  id: "o-1",
  version: 7,
  createdAt: "2025-01-31T12:00:00.000Z",
  total: money,
  lineItems: [line, { ...line, id: "l-2", price: money, channel: "web", note: "n", state: "Closed" }],
  custom: { anything: [1, { deep: "}" }], nothing: null },
  flags: { archived: false, pinned: true },
  tree: { name: "root", children: [{ name: "leaf", children: [] }] },
  ratio: 0.5,
  mixed: null,
  anything: { a: [1, 2, { b: "]" }] },
  object: 0,
  notInSchema: { kept: 1 }
}

const cases: ReadonlyArray<readonly [string, Schema.Schema.AnyNoContext, unknown]> = [
  ["a struct with a literal tag and integers", Money, money],
  ["a union of structs told apart by a literal", AnyMoney, line.price],
  ["an array of structs", Schema.Array(Line), order.lineItems],
  ["a record", Schema.Record({ key: Schema.String, value: Schema.Int }), { a: 1, "b c": -2, "": 0 }],
  ["a recursive schema", Tree, order.tree],
  ["a nested record of every kind", Order, order],
  ["unknown", Schema.Unknown, order.custom],
  ["an integer", Schema.Int, 42],
  ["a nullable literal", Schema.NullOr(Schema.Literal("x")), "x"]
]

/** A small seeded generator (mulberry32): the same values on every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

interface Spelling {
  /** Put a key twice, a wrong value first (JSON.parse keeps the last, so the value is the same). */
  readonly duplicates: boolean
}

/** JSON text of `value` as another writer might spell it: whitespace, escapes, number forms, extra keys. */
const spell = (value: unknown, next: () => number, spelling: Spelling): string => {
  const pick = <A>(options: ReadonlyArray<A>): A => options[Math.floor(next() * options.length)] as A
  const gap = () => (next() < 0.3 ? pick([" ", "\n", "\t", "\r\n  ", "  "]) : "")
  const quoted = (text: string) => {
    let out = '"'
    for (const char of text) {
      const json = JSON.stringify(char).slice(1, -1)
      out +=
        next() < 0.2
          ? [...char].map((_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`).join("")
          : json
    }
    return `${out}"`
  }
  const write = (value: unknown): string => {
    if (typeof value === "string") return quoted(value)
    if (typeof value === "number") {
      if (Number.isInteger(value) && next() < 0.3) return `${value}${pick([".0", "e0", "E+0", ".000"])}`
      return JSON.stringify(value)
    }
    if (Array.isArray(value)) {
      return `[${gap()}${value.map((item) => `${write(item === undefined ? null : item)}${gap()}`).join(`,${gap()}`)}]`
    }
    if (typeof value === "object" && value !== null) {
      const entries: Array<string> = []
      for (const [key, item] of Object.entries(value)) {
        if (item === undefined) continue
        if (spelling.duplicates && next() < 0.2)
          entries.push(`${quoted(key)}:${write(pick([null, 1, "x", [], {}]))}`)
        entries.push(`${quoted(key)}${gap()}:${gap()}${write(item)}`)
      }
      if (next() < 0.3)
        entries.push(`"zz extra ü"${gap()}:${gap()}${write(pick([null, 1.5, "x", [1, { a: "]" }], {}]))}`)
      return `{${gap()}${entries.map((entry) => `${entry}${gap()}`).join(`,${gap()}`)}}`
    }
    return JSON.stringify(value)
  }
  return `${gap()}${write(value)}${gap()}`
}

const schemaAccepts = (schema: Schema.Schema.AnyNoContext, value: unknown) =>
  Either.isRight(ParseResult.validateEither(schema)(value, { onExcessProperty: "ignore" }))

describe("RawCheck: a schema check over JSON bytes", () => {
  for (const [name, schema, valid] of cases) {
    it(`agrees with Schema on ${name}: never true for what Schema rejects, true for the valid value however spelled`, () => {
      const check = RawCheck.compile(schema.ast)
      const next = random(name.length)
      expect(schemaAccepts(schema, valid)).toBe(true)
      // The valid value however it is spelled: RawCheck is useful, not always false.
      for (let round = 0; round < 40; round++) {
        const text = spell(valid, next, { duplicates: false })
        if (schemaAccepts(schema, JSON.parse(text)))
          expect({ text, raw: check(Buffer.from(text)) }).toEqual({ text, raw: true })
      }
      // Every mutation, spelled two ways: RawCheck true means Schema accepts.
      const wrong: Array<string> = []
      let rejected = 0
      for (const candidate of [valid, ...mutations(valid)]) {
        if (candidate === undefined) continue
        for (const duplicates of [false, true]) {
          const text = spell(candidate, next, { duplicates })
          const accepted = schemaAccepts(schema, JSON.parse(text))
          if (!accepted) rejected++
          if (check(Buffer.from(text)) && !accepted) wrong.push(text)
        }
      }
      expect(wrong.slice(0, 3)).toEqual([])
      if (schema !== Schema.Unknown) expect(rejected).toBeGreaterThan(10)
    })
  }

  it("checks every occurrence of a duplicated key, at least as strict as JSON.parse (which keeps the last)", () => {
    const check = RawCheck.compile(Money.ast)
    expect(
      check(Buffer.from('{"type":"centPrecision","currencyCode":"EUR","centAmount":1,"centAmount":1.5}'))
    ).toBe(false)
    expect(
      check(Buffer.from('{"type":"centPrecision","currencyCode":"EUR","centAmount":1.5,"centAmount":1}'))
    ).toBe(false)
  })

  it("finds a key however it is escaped, and a literal however it is escaped", () => {
    const check = RawCheck.compile(Line.ast)
    const text = JSON.stringify(line)
    expect(check(Buffer.from(text))).toBe(true)
    const escapedKey = text.replace('"quantity":2', '"qu\\u0061ntity":2.5')
    expect(schemaAccepts(Line, JSON.parse(escapedKey))).toBe(false)
    expect(check(Buffer.from(escapedKey))).toBe(false)
    expect(check(Buffer.from(text.replace('"state":"Open"', '"state":"\\u004fpen"')))).toBe(true)
    expect(check(Buffer.from(text.replace('"state":"Open"', '"state":"Op\\u0065n "')))).toBe(false)
  })

  it("answers false, never throws, for truncated bytes and garbage", () => {
    const text = JSON.stringify(order, null, 1)
    const check = RawCheck.compile(Order.ast)
    expect(check(Buffer.from(text))).toBe(true)
    const whole = Buffer.from(text)
    for (let end = 0; end < whole.length; end++) expect(check(whole.subarray(0, end))).toBe(false)
    // Every byte of an array of lines replaced by a byte that breaks JSON: true only where it is still valid.
    const lines = RawCheck.compile(Schema.Array(Line).ast)
    const bytes = Buffer.from(JSON.stringify(order.lineItems))
    const wrong: Array<string> = []
    for (let at = 0; at < bytes.length; at++) {
      for (const byte of [
        0x22, 0x5c, 0x7b, 0x7d, 0x5b, 0x5d, 0x2c, 0x3a, 0x20, 0x30, 0x2d, 0x65, 0x01, 0xff
      ]) {
        const broken = Buffer.from(bytes)
        broken[at] = byte
        let accepted = false
        try {
          accepted = schemaAccepts(Schema.Array(Line), JSON.parse(broken.toString("utf8")))
        } catch {}
        if (lines(broken) && !accepted) wrong.push(broken.toString("utf8"))
      }
    }
    expect(wrong.slice(0, 3)).toEqual([])
    const garbage = [
      "",
      " ",
      "{",
      "[",
      "]",
      "nul",
      "tru",
      "nulll",
      "01",
      "1.",
      "-",
      "1e",
      "+1",
      ".5",
      "NaN",
      '"abc'
    ]
    garbage.push('"\\x"', '"\\u12"', '"a\u0001"', "1 2", "{}}", "[1]]", '"a"b')
    for (const schema of [Schema.Unknown, Schema.Number, Schema.String, Schema.Array(Schema.Number), Money]) {
      const check = RawCheck.compile(schema.ast)
      for (const text of garbage)
        expect({ text, raw: check(Buffer.from(text)) }).toEqual({ text, raw: false })
    }
    // Inside what it walks, the grammar too (inside an Unknown value only strings, scalars and brackets are checked).
    const structural = [
      "[1,]",
      "[,1]",
      "[1 2]",
      "[1:2]",
      '{"a":1,}',
      '{"a" 1}',
      '{"a":}',
      "{,}",
      '{"a":1 "b":2}'
    ]
    for (const schema of [
      Schema.Array(Schema.Number),
      Schema.Record({ key: Schema.String, value: Schema.Number })
    ]) {
      const check = RawCheck.compile(schema.ast)
      for (const text of structural)
        expect({ text, raw: check(Buffer.from(text)) }).toEqual({ text, raw: false })
    }
  })

  it("gives a refinement a string decoded as JSON.parse decodes it, escaped or not", () => {
    const accented = RawCheck.compile(Schema.String.pipe(Schema.pattern(/^caf\u00e9 "x"$/)).ast)
    expect(accented(Buffer.from('"caf\\u00e9 \\"x\\""'))).toBe(true)
    expect(accented(Buffer.from('"café \\"x\\""'))).toBe(true)
    expect(accented(Buffer.from('"caf\\u00e8 \\"x\\""'))).toBe(false)
    // Inside a struct, after other strings (escaped or not) were skipped.
    const struct = RawCheck.compile(
      Schema.Struct({ a: Schema.String, b: Schema.String.pipe(Schema.pattern(/^\\$/)) }).ast
    )
    expect(struct(Buffer.from('{"a":"\\n","b":"\\\\"}'))).toBe(true)
    expect(struct(Buffer.from('{"a":"\\n","b":"\\\\\\\\"}'))).toBe(false)
  })

  it("decodes numbers as JSON.parse does for refinements and literals", () => {
    const int = RawCheck.compile(Schema.Int.ast)
    for (const text of ["0", "-0", "12", "-12", "1e3", "1.0", "123456789012345678", "9007199254740993"]) {
      expect({ text, raw: int(Buffer.from(text)) }).toEqual({
        text,
        raw: schemaAccepts(Schema.Int, JSON.parse(text))
      })
    }
    for (const text of ["1.5", "1e-1", '"1"', "true", "null", "[1]"])
      expect(int(Buffer.from(text))).toBe(false)
    const one = RawCheck.compile(Schema.Literal(1).ast)
    expect([
      one(Buffer.from("1")),
      one(Buffer.from("1.0")),
      one(Buffer.from("10e-1")),
      one(Buffer.from("2"))
    ]).toEqual([true, true, true, false])
  })

  it("answers false for schema kinds it does not know and for what JSON cannot hold", () => {
    const tuple = RawCheck.compile(Schema.Tuple(Schema.String).ast)
    expect(tuple(Buffer.from('["a"]'))).toBe(false)
    expect(RawCheck.compile(Schema.Undefined.ast)(Buffer.from("null"))).toBe(false)
    expect(RawCheck.compile(Schema.Struct({ a: Schema.Undefined }).ast)(Buffer.from("{}"))).toBe(true)
    expect(RawCheck.compile(Schema.Struct({ a: Schema.Undefined }).ast)(Buffer.from('{"a":null}'))).toBe(
      false
    )
    expect(RawCheck.compile(Schema.Struct({}).ast)(Buffer.from("null"))).toBe(false)
  })
})

describe("JsonScan with the skippers it shares with RawCheck", () => {
  it("scans a page however spelled into the records JSON.parse gives, and rejects what JSON.parse rejects", () => {
    const next = random(7)
    for (let round = 0; round < 20; round++) {
      const text = spell({ results: [order, line, {}], count: 3 }, next, { duplicates: false })
      const page = scanList(Buffer.from(text), "results")
      expect(page?.items.map(plain)).toEqual((JSON.parse(text) as { results: unknown }).results)
    }
    for (const broken of [
      '{"results":[{"a":"\u0001"}]}',
      '{"results":[{"a":"\\q"}]}',
      '{"results":[{"a":01}]}'
    ]) {
      expect(() => JSON.parse(broken)).toThrow()
      expect(scanList(Buffer.from(broken), "results")).toBeUndefined()
    }
  })
})

// A table of orders. `encodedBoundSchema` (the validator's first step) overflows the stack on a recursive schema:
// no tree here.
const OrderRecord = Schema.Struct({ ...Order.fields, tree: Schema.Unknown })
const table: Table.TableInfo = {
  name: "orders",
  description: "orders",
  schema: OrderRecord,
  primaryKey: "id",
  versionField: "version",
  cursorField: "createdAt",
  partition: { field: "createdAt", grain: "month" },
  modes: [],
  access: []
}

describe("RawCheck in SchemaCheck and Table.validator: records with raw fields", () => {
  const scanned = (records: ReadonlyArray<unknown>) => {
    const page = scanList(Buffer.from(JSON.stringify({ results: records })), "results")
    if (page === undefined) throw new Error("unreadable page")
    return page.items
  }
  const validate = Table.validator(table)
  const certainlyValid = SchemaCheck.compile(SchemaAST.typeAST(Schema.encodedBoundSchema(OrderRecord).ast))

  it("passes a record whose nested fields are raw and valid without asking Schema", () => {
    const [record] = scanned([order])
    expect(record?.lineItems).toBeInstanceOf(RawJson)
    expect(certainlyValid(record!)).toBe(true)
    expect(Either.isRight(validate(record!))).toBe(true)
  })

  it("fails a record with an invalid raw field with the message the parsed record gets", () => {
    const broken = {
      ...order,
      lineItems: [order.lineItems[0], { ...order.lineItems[1], quantity: "2" }]
    }
    const [record] = scanned([broken])
    expect(certainlyValid(record!)).toBe(false)
    const raw = validate(record!)
    const parsed = validate(JSON.parse(JSON.stringify(broken)))
    expect(Either.isLeft(parsed)).toBe(true)
    expect(raw).toEqual(parsed)
    if (Either.isLeft(raw)) expect(raw.left.message).toContain("lineItems.1.quantity")
  })

  it("never lets a raw value pass a check meant for parsed values by accident", () => {
    const raw = (text: string) => new RawJson(Buffer.from(text))
    const check = SchemaCheck.compile(
      Schema.Struct({
        tag: Schema.Literal("a"),
        map: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
        bytes: Schema.optional(Schema.Struct({ bytes: Schema.Unknown }))
      }).ast
    )
    expect(check({ tag: "a", map: raw('{"x":[1]}'), bytes: raw('{"bytes":1}') })).toBe(true)
    expect(check({ tag: raw('"a"'), map: {} })).toBe(true)
    expect(check({ tag: raw('"b"'), map: {} })).toBe(false)
    // A RawJson object has a `bytes` key and is an object: only its JSON may count.
    expect(check({ tag: "a", map: raw("[1]") })).toBe(false)
    expect(check({ tag: "a", map: {}, bytes: raw("null") })).toBe(false)
  })
})

describe("JsonScan with the table's field checks: a nested value is checked in the walk that reads it", () => {
  const checks = Table.fieldChecks(table)
  const validate = Table.validator(table)
  const nested = ["total", "lineItems", "custom", "flags", "tree", "anything"] as const

  it("reads every spelling as JSON.parse does, marks what matches, and keeps `simple` as a plain scan finds it", () => {
    const next = random(11)
    for (let round = 0; round < 30; round++) {
      const text = spell({ results: [order, { ...order, id: "o-2" }], count: 2 }, next, { duplicates: false })
      const bytes = Buffer.from(text)
      const checked = scanList(bytes, "results", checks)
      const plainScan = scanList(bytes, "results")
      expect(checked?.items.map(plain)).toEqual((JSON.parse(text) as { results: unknown }).results)
      for (const [index, record] of (checked?.items ?? []).entries()) {
        for (const field of nested) {
          const value = record[field] as RawJson
          const unchecked = plainScan?.items[index]?.[field] as RawJson
          expect(value.simple).toBe(unchecked.simple)
          expect([value.start, value.end]).toEqual([unchecked.start, unchecked.end])
          // `tree` is Unknown in this table: every field the table types is checked, and only those.
          // Marked exactly when RawCheck alone says yes (it may say "maybe" to an unusual spelling).
          const node = checks.get(field)?.node
          const alone = node !== undefined && RawCheck.compile(node)(bytes, value.start, value.end)
          expect(value.matches).toBe(alone ? node : undefined)
        }
        // The spelling adds keys, which a record-typed field rejects: the verdict is the parsed record's.
        expect(validate(record)).toEqual(validate(plain(record)))
      }
    }
  })

  it("marks every nested field the table declares on a page as an API writes it", () => {
    const page = scanList(Buffer.from(JSON.stringify({ results: [order] })), "results", checks)
    const record = page?.items[0] ?? {}
    for (const field of nested) {
      expect((record[field] as RawJson).matches).toBe(checks.get(field)?.node)
    }
    expect(Either.isRight(validate(record))).toBe(true)
  })

  it("leaves a nested value that does not match unmarked, and the validator explains it as for a parsed record", () => {
    const broken = {
      ...order,
      lineItems: [order.lineItems[0], { ...order.lineItems[1], quantity: "2" }]
    }
    const page = scanList(Buffer.from(JSON.stringify({ results: [broken] })), "results", checks)
    const record = page?.items[0] ?? {}
    expect((record.lineItems as RawJson).matches).toBeUndefined()
    expect((record.total as RawJson).matches).toBe(checks.get("total")?.node)
    const raw = validate(record)
    expect(Either.isLeft(raw)).toBe(true)
    expect(raw).toEqual(validate(JSON.parse(JSON.stringify(broken))))
  })

  it("gives up on bytes JSON.parse rejects inside a checked value, as a plain scan does", () => {
    for (const broken of [
      '{"results":[{"id":"o","total":{"type":"centPrecision","currencyCode":"\u0001"}}]}',
      '{"results":[{"id":"o","lineItems":[{"id":"\\q"}]}]}',
      '{"results":[{"id":"o","total":{"type":"centPrecision"'
    ]) {
      expect(() => JSON.parse(broken)).toThrow()
      expect(scanList(Buffer.from(broken), "results", checks)).toBeUndefined()
    }
  })

  it("trusts a mark only for the node it names", () => {
    const check = SchemaCheck.compile(Schema.Struct({ total: Money }).ast)
    const other = Schema.Struct({ total: Schema.String }).ast
    const wrong = Buffer.from('{"type":"centPrecision"}')
    expect(check({ total: new RawJson(wrong, 0, wrong.length, true, other) })).toBe(false)
    const right = Buffer.from(JSON.stringify(money))
    expect(check({ total: new RawJson(right, 0, right.length, true, other) })).toBe(true)
  })
})
