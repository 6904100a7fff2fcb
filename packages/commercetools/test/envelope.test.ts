import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { decodePage } from "../src/Envelope.js"

const page = (results: ReadonlyArray<unknown>) => ({ limit: 500, count: results.length, results })

describe("decodePage: a list endpoint's page", () => {
  it("passes the records through as they came (unknown fields kept, nothing copied)", () => {
    const record = { id: "a", lastModifiedAt: "2025-01-01T00:00:00.000Z", lineItems: [{ id: "l" }] }
    const decoded = decodePage(page([record]))
    expect(Either.isRight(decoded) && decoded.right.results[0]).toBe(record)
  })

  it("names the first result without the fields paging reads, and what is wrong with it", () => {
    const good = { id: "a", lastModifiedAt: "x" }
    expect(decodePage(page([good, { id: 5, lastModifiedAt: "x" }]))).toEqual(
      Either.left("results.1.id: Expected string, actual 5")
    )
    expect(decodePage(page([good, good, { id: "c" }]))).toEqual(
      Either.left("results.2.lastModifiedAt: is missing")
    )
    expect(Either.isLeft(decodePage(page([null])))).toBe(true)
    expect(Either.isLeft(decodePage(page([[good]])))).toBe(true)
  })

  it("checks the envelope itself", () => {
    expect(decodePage({ limit: "500", count: 0, results: [] })).toEqual(
      Either.left('limit: Expected number, actual "500"')
    )
    expect(Either.isLeft(decodePage({ limit: 500, count: 0 }))).toBe(true)
  })
})
