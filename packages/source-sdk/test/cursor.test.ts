import { describe, expect, it } from "@effect/vitest"
import { Duration, Option } from "effect"
import { Cursor } from "../src/index.js"

const start = "2025-03-01T12:00:00.000Z"

describe("Cursor.settle", () => {
  it("stores the highest cursor seen when it is before the read's start", () => {
    const cursor = Cursor.settle({
      previous: Option.some("2025-01-01T00:00:00.000Z"),
      maxSeen: Option.some("2025-02-01T00:00:00.000Z"),
      readStartedAt: start
    })
    expect(cursor).toEqual(Option.some("2025-02-01T00:00:00.000Z"))
  })

  it("never stores a cursor after the read's start, so changes made during the read are read next time", () => {
    const cursor = Cursor.settle({
      previous: Option.none(),
      maxSeen: Option.some("2025-03-01T12:00:05.000Z"),
      readStartedAt: start
    })
    expect(cursor).toEqual(Option.some(start))
  })

  it("keeps the previous cursor when the run saw nothing newer (or nothing at all)", () => {
    const previous = Option.some("2025-02-10T00:00:00.000Z")
    expect(
      Cursor.settle({ previous, maxSeen: Option.some("2025-02-09T00:00:00.000Z"), readStartedAt: start })
    ).toEqual(previous)
    expect(Cursor.settle({ previous, maxSeen: Option.none(), readStartedAt: start })).toEqual(previous)
    expect(Cursor.settle({ previous: Option.none(), maxSeen: Option.none(), readStartedAt: start })).toEqual(
      Option.none()
    )
  })

  it("stores a cursor equal to the read's start when a record carries exactly that instant", () => {
    expect(
      Cursor.settle({ previous: Option.none(), maxSeen: Option.some(start), readStartedAt: start })
    ).toEqual(Option.some(start))
  })
})

describe("Cursor.maxOf", () => {
  it("takes the greatest value of the field, ignoring records without one", () => {
    const records = [
      { lastModifiedAt: "2025-01-02T00:00:00.000Z" },
      { lastModifiedAt: "2025-01-03T00:00:00.000Z" },
      { lastModifiedAt: null },
      {}
    ]
    expect(Cursor.maxOf(records, "lastModifiedAt")).toEqual(Option.some("2025-01-03T00:00:00.000Z"))
    expect(Cursor.maxOf([], "lastModifiedAt")).toEqual(Option.none())
  })

  it("returns the shared value once when records tie on the cursor", () => {
    const tie = "2025-01-02T00:00:00.000Z"
    expect(Cursor.maxOf([{ at: tie }, { at: tie }, { at: tie }], "at")).toEqual(Option.some(tie))
  })
})

describe("Cursor.readFrom", () => {
  it("subtracts the settle window from the stored cursor", () => {
    expect(Cursor.readFrom(Option.some(start), Duration.minutes(5))).toEqual(
      Option.some("2025-03-01T11:55:00.000Z")
    )
  })

  it("reads from the stored cursor itself with no window (the bound is inclusive)", () => {
    expect(Cursor.readFrom(Option.some(start), Duration.zero)).toEqual(Option.some(start))
  })

  it("reads everything when there is no stored cursor", () => {
    expect(Cursor.readFrom(Option.none(), Cursor.defaultLookback)).toEqual(Option.none())
  })

  it("passes a cursor that is not an instant through unchanged", () => {
    expect(Cursor.readFrom(Option.some("cursor-abc"), Duration.minutes(5))).toEqual(Option.some("cursor-abc"))
  })
})
