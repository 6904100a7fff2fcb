import { describe, expect, it } from "vitest"
import { ApiError, boundsOf, compilePredicate, parsePredicate, parseWhere } from "../src/index.js"

const rec = {
  id: "b0000000-0000-4000-8000-000000000000",
  version: 3,
  key: "k1",
  orderState: "Open",
  customerId: "c1",
  lastModifiedAt: "2025-06-01T10:00:00.000Z",
  lineItems: [
    { quantity: 1, name: { "en-US": "Shirt" } },
    { quantity: 3, name: { "en-US": "Mug" } }
  ],
  customer: { id: "c1", typeId: "customer" },
  tags: ["a", "b"],
  flag: true
}

const matches = (where: string): boolean => compilePredicate(parsePredicate(where))(rec)

describe("Predicate", () => {
  it("evaluates comparisons, boolean logic and nesting", () => {
    expect(matches('orderState = "Open"')).toBe(true)
    expect(matches('orderState != "Open"')).toBe(false)
    expect(matches('orderState <> "Complete"')).toBe(true)
    expect(matches("version > 2 and version <= 3")).toBe(true)
    expect(matches("version >= 4 or version < 3")).toBe(false)
    expect(matches('not(orderState = "Open")')).toBe(false)
    expect(matches('orderState in ("Open", "Confirmed")')).toBe(true)
    expect(matches('orderState not in ("Open", "Confirmed")')).toBe(false)
    expect(matches("customerId is defined and anonymousId is not defined")).toBe(true)
    expect(matches('customer(id = "c1")')).toBe(true)
    expect(matches("lineItems(quantity > 2)")).toBe(true)
    expect(matches('lineItems(name(en-US = "Mug"))')).toBe(true)
    expect(matches('lineItems(name(en-US = "Hat"))')).toBe(false)
    expect(matches("flag = true")).toBe(true)
    expect(matches('tags contains "a"')).toBe(true)
    expect(matches('tags contains all ("a", "c")')).toBe(false)
    expect(matches('(orderState = "Open" or orderState = "X") and (key = "k1")')).toBe(true)
    expect(matches('lastModifiedAt > "2025-06-01T09:59:59.999Z"')).toBe(true)
    expect(matches('key = "k\\"1"')).toBe(false)
  })

  it("parses string escapes", () => {
    const p = parsePredicate('key = "a\\"b"')
    expect(p).toEqual({ kind: "compare", field: "key", op: "=", value: 'a"b' })
  })

  it("compares date-times as instants whatever their written form", () => {
    const fields = { lastModifiedAt: "datetime" as const }
    const test = compilePredicate(parsePredicate('lastModifiedAt >= "2025-06-01T10:00:00Z"', { fields }))
    expect(test(rec)).toBe(true)
    const later = compilePredicate(parsePredicate('lastModifiedAt > "2025-06-01T10:00:00+00:00"', { fields }))
    expect(later(rec)).toBe(false)
  })

  it("rejects malformed predicates with the API's InvalidInput error", () => {
    for (const bad of [
      "id in ()",
      'orderState = "Open" and',
      "(version > 1",
      'orderState == "x"',
      "version >",
      "= 3"
    ]) {
      let error: unknown
      try {
        parsePredicate(bad)
      } catch (e) {
        error = e
      }
      expect(error, bad).toBeInstanceOf(ApiError)
      const api = error as ApiError
      expect(api.status).toBe(400)
      expect(api.body.errors[0]?.code).toBe("InvalidInput")
      expect(api.body.message).toMatch(/^Malformed parameter: where: /)
    }
  })

  it("rejects unknown top-level fields and mistyped literals when the schema is given", () => {
    const fields = { id: "string" as const, version: "number" as const, lastModifiedAt: "datetime" as const }
    expect(() => parsePredicate('limit = "5"', { fields })).toThrow(/The field 'limit' does not exist/)
    expect(() => parsePredicate('version = "3"', { fields })).toThrow(ApiError)
    expect(() => parsePredicate('lastModifiedAt > "yesterday"', { fields })).toThrow(ApiError)
  })

  it("substitutes input variables", () => {
    const p = parsePredicate("orderState in :states", { variables: { states: ["Open", "Complete"] } })
    expect(compilePredicate(p)(rec)).toBe(true)
  })

  it("AND-s repeated where parameters", () => {
    const p = parseWhere(['orderState = "Open"', "version = 4"])
    expect(p && compilePredicate(p)(rec)).toBe(false)
  })

  it("derives the lower bound of a key-set predicate", () => {
    const keyset = parseWhere([
      'lastModifiedAt >= "2025-01-01T00:00:00.000Z"',
      'lastModifiedAt > "2025-03-01T00:00:00.000Z" or (lastModifiedAt = "2025-03-01T00:00:00.000Z" and id > "x")',
      'id >= "4" and id < "8"'
    ])
    expect(boundsOf(keyset, "lastModifiedAt")).toEqual({
      lower: { value: "2025-03-01T00:00:00.000Z", inclusive: true }
    })
    expect(boundsOf(keyset, "id")).toEqual({
      lower: { value: "4", inclusive: true },
      upper: { value: "8", inclusive: false }
    })
    expect(boundsOf(parsePredicate('id > "a" or key = "b"'), "id")).toEqual({})
  })
})
