/**
 * `SchemaCheck` for a value the engine never parsed: a fast yes-or-maybe check of one JSON value's bytes (what a
 * `RawJson` holds) against a schema AST, compiled once per schema. `true` means `JSON.parse` of the bytes certainly
 * passes `ParseResult.validate` of the AST (excess properties ignored); `false` means it may not, or the bytes are
 * not readable, and the caller asks Effect Schema. Node kinds it does not know answer `false`.
 *
 * It walks the bytes with the skippers of `JsonSkip` and builds nothing for a value it only checks: keys are compared
 * as bytes, and a scalar is decoded only when a literal, an enum or a refinement (`Schema.Int`) needs its value.
 * What the schema does not look into (`Unknown`, excess keys) is skipped as `JsonScan` skips it: strings and scalars
 * checked, nested objects and arrays by bracket balance (the database parses them).
 *
 * The same walks serve the scanner (`fieldChecks`): a page's nested value is checked while it is skipped, once.
 */
import { Option, Schema, type SchemaAST } from "effect"
import {
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  LOWER_F,
  LOWER_N,
  LOWER_T,
  MINUS,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
  ZERO
} from "./JsonBytes.js"
import {
  decodeString,
  lastStringEscaped,
  sameBytes,
  skipNumber,
  skipString,
  skipValue,
  skipWord,
  skipSpace as space
} from "./JsonSkip.js"

/** Whether `bytes[start, end)` (by default all of it), one JSON value, certainly matches the schema. */
export type RawCheck = (bytes: Buffer, start?: number, end?: number) => boolean

/** Walks the value at `at` (not whitespace): the index after it, or -1 when it may not match. May throw. */
export type Walk = (bytes: Buffer, at: number) => number

const never: Walk = () => -1
const noOptions = {}
/** A bitmask per object tracks its required keys; objects with more of them count with an array instead. */
const maskBits = 30
/** Keys shorter than this many bytes are looked up in a table by their length and first byte. */
const shortName = 32

/** The number token `[start, end)`: short integers by arithmetic, anything else as `JSON.parse` reads it. */
const decodeNumber = (bytes: Buffer, start: number, end: number): number => {
  const negative = bytes[start] === MINUS
  const from = negative ? start + 1 : start
  if (end - from <= 15) {
    let value = 0
    let at = from
    for (; at < end; at++) {
      const digit = (bytes[at] as number) - ZERO
      if (digit < 0 || digit > 9) break
      value = value * 10 + digit
    }
    if (at === end) return negative ? -value : value
  }
  return Number(bytes.toString("latin1", start, end))
}

/** The value `[start, end)` as `JSON.parse` gives it (a refinement's input, right after the walk that read it). */
const decode = (bytes: Buffer, start: number, end: number): unknown => {
  const first = bytes[start]
  // A string was the last one skipped (by the walk that just read it): its escape flag is still set.
  if (first === QUOTE) return decodeString(bytes, start, end, lastStringEscaped())
  if (first === LOWER_T) return true
  if (first === LOWER_F) return false
  if (first === LOWER_N) return null
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return JSON.parse(bytes.toString("utf8", start, end))
  return decodeNumber(bytes, start, end)
}

/** A check over whole values: the value, with whitespace around it and nothing else. */
const whole =
  (walk: Walk): RawCheck =>
  (bytes, start = 0, end = bytes.length) => {
    try {
      const last = walk(bytes, space(bytes, start))
      return last >= 0 && last <= end && space(bytes, last) >= end
    } catch {
      // Unreadable bytes (the skippers throw), or a value a refinement could not take: "maybe", Schema decides.
      return false
    }
  }

/**
 * Walks by AST node, for every schema: nodes shared between schemas and fields compile once, and the scanner and
 * the engine's check use the same walk for the same node.
 */
const walks = new WeakMap<SchemaAST.AST, Walk>()
const checks = new WeakMap<SchemaAST.AST, RawCheck>()

const go = (node: SchemaAST.AST): Walk => {
  const known = walks.get(node)
  if (known !== undefined) return known
  // A recursive schema reaches its own node again while compiling: the placeholder defers to the finished walk.
  let compiled: Walk = never
  walks.set(node, (bytes, at) => compiled(bytes, at))
  compiled = build(node)
  walks.set(node, compiled)
  return compiled
}
const build = (node: SchemaAST.AST): Walk => {
  switch (node._tag) {
    case "StringKeyword":
      return (bytes, at) => (bytes[at] === QUOTE ? skipString(bytes, at) : -1)
    case "NumberKeyword":
      return skipNumber
    case "BooleanKeyword":
      return (bytes, at) => (bytes[at] === LOWER_T || bytes[at] === LOWER_F ? skipWord(bytes, at) : -1)
    case "UndefinedKeyword":
    case "VoidKeyword":
      // A JSON value is never undefined.
      return never
    case "UnknownKeyword":
    case "AnyKeyword":
      return skipValue
    case "Literal":
      return literal(node.literal)
    case "Enums": {
      const values = new Set<unknown>(node.enums.map(([, value]) => value))
      return (bytes, at) => {
        if (bytes[at] === QUOTE) {
          const end = skipString(bytes, at)
          return values.has(decodeString(bytes, at, end, lastStringEscaped())) ? end : -1
        }
        const end = skipNumber(bytes, at)
        return end >= 0 && values.has(decodeNumber(bytes, at, end)) ? end : -1
      }
    }
    case "Refinement": {
      const from = go(node.from)
      const filter = node.filter
      return (bytes, at) => {
        const end = from(bytes, at)
        return end >= 0 && Option.isNone(filter(decode(bytes, at, end), noOptions, node)) ? end : -1
      }
    }
    case "Suspend":
      return go(node.f())
    case "Union": {
      const members = node.types.map(go)
      return (bytes, at) => {
        for (const member of members) {
          const end = member(bytes, at)
          if (end >= 0) return end
        }
        return -1
      }
    }
    case "TupleType":
      return tuple(node)
    case "TypeLiteral":
      return typeLiteral(node)
    default:
      return never
  }
}
const literal = (value: SchemaAST.LiteralValue): Walk => {
  if (typeof value === "string") {
    const expected = Buffer.from(value, "utf8")
    // A string with a lone surrogate has no UTF-8 bytes of its own: compare it decoded.
    const byBytes = expected.toString("utf8") === value
    return (bytes, at) => {
      if (bytes[at] !== QUOTE) return -1
      const end = skipString(bytes, at)
      const escaped = lastStringEscaped()
      if (byBytes && !escaped) return sameBytes(bytes, at + 1, end - 1, expected) ? end : -1
      return decodeString(bytes, at, end, escaped) === value ? end : -1
    }
  }
  if (typeof value === "number") {
    return (bytes, at) => {
      const end = skipNumber(bytes, at)
      return end >= 0 && decodeNumber(bytes, at, end) === value ? end : -1
    }
  }
  if (typeof value === "boolean" || value === null) {
    const first = value === null ? LOWER_N : value ? LOWER_T : LOWER_F
    return (bytes, at) => (bytes[at] === first ? skipWord(bytes, at) : -1)
  }
  return never
}
const tuple = (node: SchemaAST.TupleType): Walk => {
  // Plain arrays only (`Schema.Array(x)`), as in `SchemaCheck`.
  const [rest, ...post] = node.rest
  if (node.elements.length > 0 || rest === undefined || post.length > 0) return never
  const item = go(rest.type)
  return (bytes, at) => {
    if (bytes[at] !== OPEN_BRACKET) return -1
    at = space(bytes, at + 1)
    if (bytes[at] === CLOSE_BRACKET) return at + 1
    for (;;) {
      at = item(bytes, at)
      if (at < 0) return -1
      at = space(bytes, at)
      const next = bytes[at]
      if (next === COMMA) at = space(bytes, at + 1)
      else if (next === CLOSE_BRACKET) return at + 1
      else return -1
    }
  }
}
const typeLiteral = (node: SchemaAST.TypeLiteral): Walk => {
  if (node.propertySignatures.length === 0 && node.indexSignatures.length === 0) {
    // `{}` takes any value but null (and undefined).
    return (bytes, at) => (bytes[at] === LOWER_N ? -1 : skipValue(bytes, at))
  }
  const signatures = node.propertySignatures
  if (signatures.some((signature) => typeof signature.name !== "string")) return never
  if (node.indexSignatures.some((signature) => signature.parameter._tag !== "StringKeyword")) return never
  const indexes = node.indexSignatures.map((signature) => go(signature.type))
  const fieldWalks = signatures.map((signature) => go(signature.type))
  const names = signatures.map((signature) => Buffer.from(signature.name as string, "utf8"))
  const byName = new Map(signatures.map((signature, index) => [signature.name as string, index]))
  // Names by their length and first byte: most keys of an object are not in its schema (excess), and most of
  // those are ruled out without reading past their first byte. Short names (nearly all) are found in a table
  // indexed by that shape, holding the name's index + 1 (0: none; -1: several, in the map); long ones in the map.
  const byShape = new Map<number, Array<number>>()
  const shortShapes = new Int8Array(shortName * 256)
  names.forEach((name, index) => {
    const shape = name.length * 256 + (name[0] ?? 0)
    const list = byShape.get(shape)
    if (list === undefined) byShape.set(shape, [index])
    else list.push(index)
    if (name.length < shortName) shortShapes[shape] = list === undefined && index < 127 ? index + 1 : -1
  })
  let required = 0
  const bits = signatures.map((signature) => (isRequired(signature) ? required++ : -1))
  const all = required <= maskBits ? (1 << required) - 1 : 0
  const lookup = (bytes: Buffer, start: number, end: number): number => {
    const shape = (end - start) * 256 + (end > start ? (bytes[start] as number) : 0)
    if (end - start < shortName) {
      const slot = shortShapes[shape] as number
      if (slot === 0) return -1
      if (slot > 0) return sameBytes(bytes, start, end, names[slot - 1] as Uint8Array) ? slot - 1 : -1
    }
    const candidates = byShape.get(shape)
    if (candidates === undefined) return -1
    for (const index of candidates) if (sameBytes(bytes, start, end, names[index] as Uint8Array)) return index
    return -1
  }
  return (bytes, at) => {
    if (bytes[at] !== OPEN_BRACE) return -1
    let seen = 0
    // Objects with many required keys (rare) count them in an array; the others allocate nothing.
    const seenMany = required > maskBits ? new Uint8Array(required) : undefined
    at = space(bytes, at + 1)
    if (bytes[at] === CLOSE_BRACE) at++
    else
      for (;;) {
        if (bytes[at] !== QUOTE) return -1
        const keyEnd = skipString(bytes, at)
        const found = lastStringEscaped()
          ? (byName.get(JSON.parse(bytes.toString("utf8", at, keyEnd)) as string) ?? -1)
          : lookup(bytes, at + 1, keyEnd - 1)
        at = space(bytes, keyEnd)
        if (bytes[at] !== COLON) return -1
        const start = space(bytes, at + 1)
        let end = -1
        if (found >= 0) {
          // Every occurrence of a duplicated key is checked (JSON.parse keeps the last).
          end = fieldWalks[found]!(bytes, start)
          if (end < 0) return -1
          const bit = bits[found]!
          if (bit >= 0) {
            if (seenMany === undefined) seen |= 1 << bit
            else if (seenMany[bit] === 0) {
              seenMany[bit] = 1
              seen++
            }
          }
        }
        for (const index of indexes) {
          end = index(bytes, start)
          if (end < 0) return -1
        }
        if (end < 0) end = skipValue(bytes, start)
        at = space(bytes, end)
        const next = bytes[at]
        if (next === COMMA) at = space(bytes, at + 1)
        else if (next === CLOSE_BRACE) {
          at++
          break
        } else return -1
      }
    return (seenMany === undefined ? seen === all : seen === required) ? at : -1
  }
}

/**
 * Whether a key must be present: it is not optional and its schema rejects undefined (Schema checks a missing
 * required key as undefined).
 */
export const isRequired = (signature: SchemaAST.PropertySignature): boolean =>
  !signature.isOptional && !Schema.is(Schema.make(signature.type))(undefined)

/** Compiles `ast` (a type side: no transformations) into a check of one JSON value's bytes. */
export const compile = (ast: SchemaAST.AST): RawCheck => {
  let check = checks.get(ast)
  if (check === undefined) {
    check = whole(go(ast))
    checks.set(ast, check)
  }
  return check
}

/** What the scanner checks a record's nested field against: the field's schema node, and its walk. */
export interface FieldCheck {
  readonly node: SchemaAST.AST
  readonly walk: Walk
}

/**
 * The checks of a struct's fields by name, for `JsonScan.scanList`: a field's nested value is checked while the
 * scanner skips it, and marked as matching its node (`RawJson.matches`), so the engine's check does not walk it
 * again. None for a schema that is not a struct.
 */
export const fieldChecks = (ast: SchemaAST.AST): ReadonlyMap<string, FieldCheck> => {
  const fields = new Map<string, FieldCheck>()
  if (ast._tag !== "TypeLiteral") return fields
  for (const signature of ast.propertySignatures) {
    if (typeof signature.name === "string")
      fields.set(signature.name, { node: signature.type, walk: go(signature.type) })
  }
  return fields
}
