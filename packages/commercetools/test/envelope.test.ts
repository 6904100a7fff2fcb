import { RawJson } from "@sluice/source-sdk"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import { decodePage, decodePageBytes } from "../src/Envelope.js"

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

describe("decodePageBytes: a page read from its bytes", () => {
  const bytes = (body: unknown) => Buffer.from(JSON.stringify(body, null, 2), "utf8")

  it("keeps each record's nested values as the page's bytes, and equals the parsed page", () => {
    const record = {
      id: "a",
      lastModifiedAt: "2025-01-01T00:00:00.000Z",
      version: 3,
      lineItems: [{ id: "l" }]
    }
    const decoded = decodePageBytes(bytes(page([record])))
    if (Either.isLeft(decoded)) throw new Error(decoded.left)
    const [scanned] = decoded.right.results
    expect(scanned?.lineItems).toBeInstanceOf(RawJson.RawJson)
    expect(decoded.right.results.map(RawJson.plain)).toEqual([record])
    expect(decoded.right.count).toBe(1)
  })

  it("keeps a field named __proto__ as a field of its record, as JSON.parse does", () => {
    const text = `{"limit":500,"count":1,"results":[{"id":"a","lastModifiedAt":"x","__proto__":{"note":"kept"}}]}`
    const decoded = decodePageBytes(Buffer.from(text, "utf8"))
    if (Either.isLeft(decoded)) throw new Error(decoded.left)
    const [record] = decoded.right.results
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype)
    expect(Object.keys(record ?? {})).toEqual(["id", "lastModifiedAt", "__proto__"])
    expect(JSON.stringify(record)).toBe(JSON.stringify(JSON.parse(text).results[0]))
  })

  it("explains a bad page exactly as decodePage does", () => {
    const good = { id: "a", lastModifiedAt: "x" }
    for (const body of [
      page([good, { id: 5, lastModifiedAt: "x" }]),
      page([good, good, { id: "c" }]),
      page([null]),
      { limit: "500", count: 0, results: [] },
      { limit: 500, count: 0 }
    ]) {
      expect(decodePageBytes(bytes(body))).toEqual(decodePage(body))
    }
    expect(decodePageBytes(Buffer.from("<html>502</html>"))).toEqual(Either.left("not JSON"))
  })
})
