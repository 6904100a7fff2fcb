import { KeysetRead } from "@sluice/source-sdk"
import { Option } from "effect"
import { describe, expect, it } from "vitest"
import { Query } from "../src/index.js"

const query = (overrides: Partial<KeysetRead.KeysetQuery> = {}): KeysetRead.KeysetQuery => ({
  order: "id",
  since: Option.none(),
  after: Option.none(),
  range: KeysetRead.whole,
  limit: 500,
  ...overrides
})

const asObject = (params: ReturnType<typeof Query.params>) =>
  params.map(([name, value]) => `${name}=${value}`)

describe("Query", () => {
  it("reads a slice by id: sorted by id, bounded by the slice's range, no offset, no total", () => {
    const [, second] = KeysetRead.hexSlices
    expect(asObject(Query.params(query({ range: second ?? KeysetRead.whole })))).toEqual([
      "sort=id asc",
      'where=id >= "1" and id < "2"',
      "limit=500",
      "withTotal=false"
    ])
  })

  it("continues an id read strictly after the last id", () => {
    const params = Query.params(query({ after: Option.some({ id: "0f-last" }) }))
    expect(asObject(params)).toContain('where=id > "0f-last"')
  })

  it("reads incrementally by (lastModifiedAt, id) from the inclusive `since`, breaking ties by id", () => {
    const params = Query.params(
      query({
        order: "cursor",
        since: Option.some("2025-01-01T00:00:00.000Z"),
        after: Option.some({ cursor: "2025-02-03T04:05:06.789Z", id: "abc" })
      })
    )
    expect(asObject(params)).toEqual([
      "sort=lastModifiedAt asc",
      "sort=id asc",
      'where=lastModifiedAt >= "2025-01-01T00:00:00.000Z" and (lastModifiedAt > "2025-02-03T04:05:06.789Z" or (lastModifiedAt = "2025-02-03T04:05:06.789Z" and id > "abc"))',
      "limit=500",
      "withTotal=false"
    ])
  })

  it("keeps a table's own parameters and never asks for more than 500 or for an offset", () => {
    const params = Query.params(query({ limit: 5000 }), [["staged", "false"]])
    expect(params[0]).toEqual(["staged", "false"])
    expect(params).toContainEqual(["limit", "500"])
    expect(params.some(([name]) => name === "offset")).toBe(false)
  })

  it("quotes string literals and escapes quotes and backslashes", () => {
    expect(Query.literal('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(Query.predicates(query({ after: Option.some({ id: 'x" or id != "' }) }))).toEqual([
      'id > "x\\" or id != \\""'
    ])
  })
})
