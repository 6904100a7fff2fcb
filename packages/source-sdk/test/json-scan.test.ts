import { describe, expect, it } from "@effect/vitest"
import { JsonScan, RawJson } from "@sluice/source-sdk"

const scan = (text: string) => JsonScan.scanList(Buffer.from(text, "utf8"), "results")

/** A small seeded generator (mulberry32), so a failure names a seed that reproduces it. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const pieces = [
  "a",
  "Z",
  "é",
  "✓",
  "😀",
  '"',
  "\\",
  "\n",
  "\t",
  "]",
  "}",
  "{",
  "[",
  ",",
  ":",
  " ",
  "\u0001",
  "\u2028"
]

const value = (next: () => number, depth: number): unknown => {
  const kind = Math.floor(next() * (depth > 3 ? 5 : 7))
  switch (kind) {
    case 0:
      return null
    case 1:
      return next() < 0.5
    case 2:
      return [0, -1, 1.5, -2.5e-7, 1e21, 123456789][Math.floor(next() * 6)]
    case 3:
    case 4:
      return Array.from(
        { length: Math.floor(next() * 6) },
        () => pieces[Math.floor(next() * pieces.length)]
      ).join("")
    case 5:
      return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1))
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 4) }, (_, index) => [
          `${value(next, 9) ?? "k"}${index}`,
          value(next, depth + 1)
        ])
      )
  }
}

/** JSON text with random whitespace between tokens, as a pretty-printing server would send. */
const spaced = (text: string, next: () => number) => {
  let out = ""
  let inString = false
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string
    out += char
    if (char === '"' && text[index - 1] !== "\\") inString = !inString
    else if (char === "\\" && inString) {
      out += text[++index]
      continue
    }
    if (!inString && ",:[]{}".includes(char) && next() < 0.3)
      out += [" ", "\n", "\t", "\r\n  "][Math.floor(next() * 4)]
  }
  return out
}

describe("JsonScan.scanList", () => {
  it("gives each item with scalars decoded and objects and arrays raw, their bytes exactly the page's", () => {
    const text =
      '{"limit":2,"results":[{"id":"a\\"b","n":-1.5e2,"ok":true,"none":null,"o":{"x":"]}"},"l":[1,{"y":[]}]}],"count":1}'
    const list = scan(text)
    expect(list?.fields).toEqual({ limit: 2, count: 1 })
    const [item] = list?.items ?? []
    expect(item?.id).toBe('a"b')
    expect(item?.n).toBe(-150)
    expect(item?.ok).toBe(true)
    expect(item?.none).toBeNull()
    expect(item?.o).toBeInstanceOf(RawJson.RawJson)
    expect(RawJson.stringify(item?.o)).toBe('{"x":"]}"}')
    expect(RawJson.stringify(item?.l)).toBe('[1,{"y":[]}]')
  })

  it("agrees with JSON.parse on 300 random pages, compact and pretty-printed", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed)
      const items = Array.from({ length: Math.floor(next() * 5) }, () => {
        const item = value(next, 0)
        return typeof item === "object" && item !== null && !Array.isArray(item) ? item : { item }
      })
      const page = { limit: 20, total: seed, results: items, meta: { seed } }
      const text =
        next() < 0.5
          ? JSON.stringify(page)
          : spaced(JSON.stringify(page, null, next() < 0.5 ? 2 : "\t"), next)
      const list = scan(text)
      const { results, ...fields } = JSON.parse(text) as typeof page
      expect({ seed, items: list?.items.map(RawJson.plain) }).toEqual({ seed, items: results })
      expect({
        seed,
        fields: RawJson.plain(list?.fields ?? {})
      }).toEqual({
        seed,
        fields
      })
    }
  })

  it("gives undefined for what it cannot read, so the caller parses it and JSON explains", () => {
    for (const text of [
      "",
      "[]",
      "null",
      '{"results":[{"id":"a"}]',
      '{"results":[{"id":"a"',
      '{"results":[{"id":"a}]}',
      '{"results":[1]}',
      '{"results":{}}',
      '{"limit":5}',
      '{"results":[],"results":[]}',
      '{"results":[{"n":01}]}',
      '{"results":[{"n":Infinity}]}',
      '{"results":[{"n":tru}]}',
      '{"results":[{"a" 1}]}',
      '{"results":[{"a":1}]} x',
      // A field JSON.parse keeps that an assignment would take for the object's prototype.
      '{"results":[{"id":"a","__proto__":{"x":1}}]}',
      '{"results":[{"id":"a","__proto__":"text"}]}',
      '{"__proto__":{"x":1},"results":[]}'
    ]) {
      expect({ text, list: scan(text) }).toEqual({ text, list: undefined })
    }
  })
})
