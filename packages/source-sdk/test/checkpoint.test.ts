import { describe, expect, it } from "@effect/vitest"
import { Option, Schema } from "effect"
import { Checkpoint } from "../src/index.js"

const fresh = Checkpoint.start({
  mode: "incremental",
  readStartedAt: "2025-03-01T00:00:00.000Z",
  since: Option.some("2025-02-01T00:00:00.000Z")
})

describe("Checkpoint.advance", () => {
  it("starts with no slices, no rows and the run's fixed since", () => {
    expect(fresh).toEqual({
      mode: "incremental",
      readStartedAt: "2025-03-01T00:00:00.000Z",
      since: "2025-02-01T00:00:00.000Z",
      slices: {},
      rows: 0,
      pages: 0
    })
  })

  it("records the position after a page, then Done on the slice's last page", () => {
    const position = { cursor: "2025-02-02T00:00:00.000Z", id: "a1" }
    const one = Checkpoint.advance(fresh, {
      slice: "a",
      position: Option.some(position),
      done: false,
      records: 5,
      maxSeen: Option.some("2025-02-02T00:00:00.000Z")
    })
    expect(one.slices).toEqual({ a: { _tag: "After", position } })
    expect(one).toMatchObject({ rows: 5, pages: 1, maxSeen: "2025-02-02T00:00:00.000Z" })
    const two = Checkpoint.advance(one, {
      slice: "a",
      position: Option.none(),
      done: true,
      records: 0,
      maxSeen: Option.none()
    })
    expect(two.slices).toEqual({ a: { _tag: "Done" } })
    expect(two).toMatchObject({ rows: 5, pages: 2, maxSeen: "2025-02-02T00:00:00.000Z" })
  })

  it("keeps a slice's previous position after an empty page that does not end it", () => {
    const position = { id: "b7" }
    const one = Checkpoint.advance(fresh, {
      slice: "b",
      position: Option.some(position),
      done: false,
      records: 2,
      maxSeen: Option.none()
    })
    const two = Checkpoint.advance(one, {
      slice: "b",
      position: Option.none(),
      done: false,
      records: 0,
      maxSeen: Option.none()
    })
    expect(two.slices).toEqual({ b: { _tag: "After", position } })
  })

  it("keeps the highest cursor seen across pages of different slices", () => {
    const page = (slice: string, seen: string) => ({
      slice,
      position: Option.some({ cursor: seen, id: slice }),
      done: false,
      records: 1,
      maxSeen: Option.some(seen)
    })
    const after = [page("a", "2025-02-05T00:00:00.000Z"), page("b", "2025-02-03T00:00:00.000Z")].reduce(
      Checkpoint.advance,
      fresh
    )
    expect(after.maxSeen).toBe("2025-02-05T00:00:00.000Z")
    expect(Object.keys(after.slices).sort()).toEqual(["a", "b"])
  })

  it("round-trips through its schema (it is stored as JSON)", () => {
    const advanced = Checkpoint.advance(fresh, {
      slice: "all",
      position: Option.some({ cursor: "2025-02-02T00:00:00.000Z", id: "x" }),
      done: false,
      records: 1,
      maxSeen: Option.some("2025-02-02T00:00:00.000Z")
    })
    const stored: unknown = JSON.parse(JSON.stringify(Schema.encodeSync(Checkpoint.Checkpoint)(advanced)))
    expect(Schema.decodeUnknownSync(Checkpoint.Checkpoint)(stored)).toEqual(advanced)
  })
})
