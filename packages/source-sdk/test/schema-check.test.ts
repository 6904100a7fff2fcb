import { Either, ParseResult, Schema, SchemaAST } from "effect"
import { describe, expect, it } from "vitest"
import { Columns } from "../src/index.js"
import * as SchemaCheck from "../src/SchemaCheck.js"
import { mutations } from "./fixtures/Mutations.js"

interface Node {
  readonly name: string
  readonly children: ReadonlyArray<Node>
}
const Tree: Schema.Schema<Node> = Schema.Struct({
  name: Schema.String,
  children: Schema.Array(Schema.suspend(() => Tree))
})

const Leafy = Schema.Struct({
  name: Schema.String,
  children: Schema.Array(Schema.Struct({ name: Schema.String }))
})

const Money = Schema.Struct({
  type: Schema.Literal("centPrecision"),
  centAmount: Schema.Int,
  currencyCode: Schema.String
})
const Shape = Schema.Union(
  Schema.Struct({ kind: Schema.Literal("circle"), radius: Schema.Number }),
  Schema.Struct({ kind: Schema.Literal("square"), side: Schema.Number.pipe(Schema.positive()) })
)
const Record = Schema.Struct({
  id: Schema.String,
  version: Schema.Int,
  createdAt: Columns.Timestamp,
  state: Schema.optional(Schema.Literal("Open", "Closed")),
  note: Schema.NullOr(Schema.String),
  total: Money,
  lines: Schema.Array(Schema.Struct({ sku: Schema.String, quantity: Schema.Int, price: Money })),
  shape: Shape,
  tree: Schema.suspend(() => Leafy),
  custom: Schema.optional(Schema.Record({ key: Schema.String, value: Schema.Unknown })),
  flags: Schema.optional(
    Schema.Struct({ archived: Schema.Boolean }, Schema.Record({ key: Schema.String, value: Schema.Boolean }))
  )
})

const valid = {
  id: "a",
  version: 3,
  createdAt: "2025-01-01T00:00:00.000Z",
  state: "Open",
  note: null,
  total: { type: "centPrecision", centAmount: 1200, currencyCode: "EUR" },
  lines: [{ sku: "x", quantity: 2, price: { type: "centPrecision", centAmount: 600, currencyCode: "EUR" } }],
  shape: { kind: "square", side: 2 },
  tree: { name: "root", children: [{ name: "leaf" }] },
  custom: { anything: [1, { deep: true }] },
  flags: { archived: false, pinned: true },
  unknownField: { kept: 1 }
}

describe("SchemaCheck: the validator's fast path", () => {
  const encoded = Schema.encodedBoundSchema(Record)
  const schemaSays = ParseResult.validateEither(encoded)
  const check = SchemaCheck.compile(SchemaAST.typeAST(encoded.ast))

  it("passes a valid record without asking Schema", () => {
    expect(Either.isRight(schemaSays(valid, { onExcessProperty: "ignore" }))).toBe(true)
    expect(check(valid)).toBe(true)
  })

  it("never passes a record Schema rejects (every field removed or replaced by every other type)", () => {
    const candidates = mutations(valid)
    expect(candidates.length).toBeGreaterThan(400)
    let rejected = 0
    for (const candidate of candidates) {
      const schemaValid = Either.isRight(schemaSays(candidate, { onExcessProperty: "ignore" }))
      if (check(candidate)) expect({ candidate, schemaValid }).toEqual({ candidate, schemaValid: true })
      if (!schemaValid) rejected++
    }
    expect(rejected).toBeGreaterThan(200)
  })

  it("follows a recursive schema", () => {
    const tree = SchemaCheck.compile(Tree.ast)
    expect(tree({ name: "a", children: [{ name: "b", children: [] }] })).toBe(true)
    expect(tree({ name: "a", children: [{ name: "b", children: [{ name: 1, children: [] }] }] })).toBe(false)
  })

  it("answers 'maybe' (false) for schema kinds it does not know, so Schema decides", () => {
    const dated = SchemaAST.typeAST(Schema.encodedBoundSchema(Schema.Struct({ at: Schema.DateFromSelf })).ast)
    expect(SchemaCheck.compile(dated)({ at: new Date() })).toBe(false)
  })
})
