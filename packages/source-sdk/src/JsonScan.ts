/**
 * Reads a list page (`{"results": [{…}, …], …}`) from its bytes without parsing what it only passes through: each
 * item becomes an object whose scalar fields are decoded and whose objects and arrays stay `RawJson` (bytes of the
 * page, not copies). A list page's bytes are mostly nested values a warehouse stores as `jsonb`: decoding them to
 * objects, then encoding them back to text, was most of a sync's CPU.
 *
 * The scanner finds where values start and end; it does not check the grammar inside the values it skips (the
 * database parses them). Anything it cannot read (not an object, a list that is not an array of objects, bytes
 * that end early) gives `undefined`, and the caller parses the page as JSON instead, with JSON's own errors.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  DOT,
  LOWER_E,
  LOWER_F,
  LOWER_N,
  LOWER_T,
  LOWER_U,
  MINUS,
  NEWLINE,
  NINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  PLUS,
  QUOTE,
  RETURN,
  SPACE,
  TAB,
  UPPER_E,
  ZERO
} from "./JsonBytes.js"
import { RawJson } from "./RawJson.js"

/** A list page: its other fields (scalars decoded, the rest raw), and its items. */
export interface ScannedList {
  readonly fields: Record<string, unknown>
  readonly items: Array<Record<string, unknown>>
}

export const isSpace = (byte: number | undefined) =>
  byte === SPACE || byte === NEWLINE || byte === RETURN || byte === TAB

const isDigit = (byte: number | undefined) => byte !== undefined && byte >= ZERO && byte <= NINE
const isHex = (byte: number | undefined) =>
  byte !== undefined && ((byte >= ZERO && byte <= NINE) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66))
/** The characters JSON allows after a backslash (`u` is followed by four hex digits). */
const isEscape = (byte: number | undefined) =>
  byte === QUOTE ||
  byte === BACKSLASH ||
  byte === 0x2f ||
  byte === 0x62 ||
  byte === 0x66 ||
  byte === 0x6e ||
  byte === 0x72 ||
  byte === 0x74

/** Thrown (and caught in `scanList`) when the bytes are not what the scanner can read. */
class Unreadable {}
const unreadable = new Unreadable()

/** Whether the last string skipped had an escape (set by `skipString`; scanning is synchronous). */
let escaped = false

/** Whether the string `skipString` skipped last had an escape, so it must be decoded rather than compared. */
export const lastStringEscaped = (): boolean => escaped

/**
 * Whether any string skipped since the last `value` had an escape, and whether a newline, carriage return or tab
 * stood between tokens: together, whether a raw value is `simple` (see `RawJson`).
 */
let anyEscaped = false
let spaced = false

/**
 * Skips the string at `at` (a quote): the index after its closing quote. Throws on what `JSON.parse` rejects in a
 * string (a control character, an unknown escape) and on bytes that end early. Plain functions: this is the hot loop.
 */
export const skipString = (bytes: Buffer, at: number): number => {
  escaped = false
  at++
  for (;;) {
    const byte = bytes[at]
    if (byte === QUOTE) return at + 1
    if (byte === BACKSLASH) {
      escaped = true
      anyEscaped = true
      const next = bytes[at + 1]
      if (next === LOWER_U) {
        if (
          !isHex(bytes[at + 2]) ||
          !isHex(bytes[at + 3]) ||
          !isHex(bytes[at + 4]) ||
          !isHex(bytes[at + 5])
        ) {
          throw unreadable
        }
        at += 6
      } else if (isEscape(next)) at += 2
      else throw unreadable
    } else if (byte !== undefined && byte >= 0x20) at++
    else throw unreadable
  }
}

/** Skips the number at `at` (JSON's grammar, not `Number`'s): the index after it, or -1 if there is none. */
export const skipNumber = (bytes: Buffer, at: number): number => {
  if (bytes[at] === MINUS) at++
  if (bytes[at] === ZERO) at++
  else if (isDigit(bytes[at])) while (isDigit(bytes[at])) at++
  else return -1
  if (bytes[at] === DOT) {
    at++
    if (!isDigit(bytes[at])) return -1
    while (isDigit(bytes[at])) at++
  }
  if (bytes[at] === LOWER_E || bytes[at] === UPPER_E) {
    at++
    if (bytes[at] === PLUS || bytes[at] === MINUS) at++
    if (!isDigit(bytes[at])) return -1
    while (isDigit(bytes[at])) at++
  }
  return at
}

const TRUE = Buffer.from("true")
const FALSE = Buffer.from("false")
const NULL = Buffer.from("null")

/** Skips the word `true`, `false` or `null` at `at`: the index after it, or -1 if there is none. */
export const skipWord = (bytes: Buffer, at: number): number => {
  const first = bytes[at]
  const word = first === LOWER_T ? TRUE : first === LOWER_F ? FALSE : first === LOWER_N ? NULL : undefined
  if (word === undefined) return -1
  for (let index = 1; index < word.length; index++) if (bytes[at + index] !== word[index]) return -1
  return at + word.length
}

/**
 * Skips the value at `at`: the index after it. Strings and scalars are checked; inside objects and arrays only
 * strings and bracket balance are (the database parses what is skipped). Throws on what it cannot read.
 */
export const skipValue = (bytes: Buffer, at: number): number => {
  const first = bytes[at]
  if (first === QUOTE) return skipString(bytes, at)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0
    for (;;) {
      const byte = bytes[at]
      if (byte === QUOTE) at = skipString(bytes, at)
      else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth++
        at++
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        at++
        if (--depth === 0) return at
      } else if (byte === undefined) throw unreadable
      else {
        if (byte === NEWLINE || byte === RETURN || byte === TAB) spaced = true
        at++
      }
    }
  }
  const end = first === MINUS || isDigit(first) ? skipNumber(bytes, at) : skipWord(bytes, at)
  if (end < 0) throw unreadable
  return end
}

/** The index of the first byte at or after `at` that is not whitespace. */
export const skipSpace = (bytes: Buffer, at: number): number => {
  while (isSpace(bytes[at])) at++
  return at
}

/** The string token `[start, end)` (quotes included), decoded: a slice when it has no escape, else `JSON.parse`. */
export const decodeString = (bytes: Buffer, start: number, end: number, escaped: boolean): string =>
  escaped
    ? (JSON.parse(bytes.toString("utf8", start, end)) as string)
    : bytes.toString("utf8", start + 1, end - 1)

/** Whether `bytes[start, end)` are exactly `expected`. */
export const sameBytes = (bytes: Buffer, start: number, end: number, expected: Uint8Array): boolean => {
  if (end - start !== expected.length) return false
  for (let index = 0; index < expected.length; index++)
    if (bytes[start + index] !== expected[index]) return false
  return true
}

/** A key seen before: its bytes (to confirm a hash match) and its string. */
interface Known {
  readonly bytes: Uint8Array
  readonly key: string
}

/**
 * Keys by the hash of their bytes. A page repeats the same few dozen keys in every item; looking them up is much
 * cheaper than decoding each. Bounded: cleared when full.
 */
const knownKeys = new Map<number, Known>()
const maxKnownKeys = 4096

/** The state of one scan: the bytes, and where the last key read ends. */
class Cursor {
  next = 0
  constructor(
    readonly bytes: Buffer,
    readonly end: number
  ) {}

  space(at: number): number {
    return skipSpace(this.bytes, at)
  }

  /** The key string at `at` (a quote), decoded or known; `this.next` is the index after it. */
  key(at: number): string {
    const bytes = this.bytes
    const end = this.end
    const start = at + 1
    let hash = 0
    at = start
    while (at < end) {
      const byte = bytes[at] as number
      if (byte === QUOTE) break
      // A control character in a string is not JSON.
      if (byte < 0x20) throw unreadable
      if (byte === BACKSLASH) {
        // An escaped key is rare: decode it.
        const after = skipString(bytes, start - 1)
        this.next = after
        return decodeString(bytes, start - 1, after, true)
      }
      hash = (Math.imul(hash, 31) + byte) | 0
      at++
    }
    if (at >= end) throw unreadable
    this.next = at + 1
    const known = knownKeys.get(hash)
    if (known !== undefined && sameBytes(bytes, start, at, known.bytes)) return known.key
    const key = bytes.toString("utf8", start, at)
    if (knownKeys.size >= maxKnownKeys) knownKeys.clear()
    knownKeys.set(hash, { bytes: Uint8Array.prototype.slice.call(bytes, start, at), key })
    return key
  }

  /** Any value at `at`; the index after it. */
  value(at: number): number {
    anyEscaped = false
    spaced = false
    return skipValue(this.bytes, at)
  }

  /** The value `[start, end)`: a scalar decoded, an object or array raw. */
  decode(start: number, end: number): unknown {
    const bytes = this.bytes
    const first = bytes[start]
    if (first === QUOTE) return decodeString(bytes, start, end, escaped)
    if (first === OPEN_BRACE || first === OPEN_BRACKET)
      return new RawJson(bytes, start, end, !anyEscaped && !spaced)
    // `skipValue` read the token: a word or a number in JSON's grammar (not `Number`'s, which takes `0x1f`).
    if (first === LOWER_T) return true
    if (first === LOWER_F) return false
    if (first === LOWER_N) return null
    return Number(bytes.toString("latin1", start, end))
  }

  /** The object at `at`, each field's value read by `field(key, start)`, which returns where it ends. */
  fields(at: number, field: (key: string, start: number) => number): number {
    const bytes = this.bytes
    if (bytes[at] !== OPEN_BRACE) throw unreadable
    at = this.space(at + 1)
    if (bytes[at] === CLOSE_BRACE) return at + 1
    for (;;) {
      if (bytes[at] !== QUOTE) throw unreadable
      const key = this.key(at)
      at = this.space(this.next)
      if (bytes[at] !== COLON) throw unreadable
      at = this.space(field(key, this.space(at + 1)))
      const next = bytes[at]
      if (next === COMMA) at = this.space(at + 1)
      else if (next === CLOSE_BRACE) return at + 1
      else throw unreadable
    }
  }

  /** The value at `start` into `into[key]` (a string decoded while `escaped` still describes it); where it ends. */
  field(into: Record<string, unknown>, key: string, start: number): number {
    const end = this.value(start)
    into[key] = this.decode(start, end)
    return end
  }

  /** An object with its scalars decoded and its nested values raw. */
  object(at: number, into: Record<string, unknown>): number {
    return this.fields(at, (key, start) => this.field(into, key, start))
  }

  /** The array of objects at `at`, each scanned into `items`. */
  objects(at: number, items: Array<Record<string, unknown>>): number {
    const bytes = this.bytes
    if (bytes[at] !== OPEN_BRACKET) throw unreadable
    at = this.space(at + 1)
    if (bytes[at] === CLOSE_BRACKET) return at + 1
    for (;;) {
      const item: Record<string, unknown> = {}
      at = this.space(this.object(at, item))
      items.push(item)
      const next = bytes[at]
      if (next === COMMA) at = this.space(at + 1)
      else if (next === CLOSE_BRACKET) return at + 1
      else throw unreadable
    }
  }
}

/**
 * Scans a JSON object whose `listKey` field is an array of objects; `undefined` when the bytes are anything else
 * (the caller then parses them as JSON, which explains what is wrong).
 */
export const scanList = (bytes: Buffer, listKey: string): ScannedList | undefined => {
  const cursor = new Cursor(bytes, bytes.length)
  const fields: Record<string, unknown> = {}
  const items: Array<Record<string, unknown>> = []
  let listed = false
  try {
    const end = cursor.fields(cursor.space(0), (key, start) => {
      if (key !== listKey) return cursor.field(fields, key, start)
      if (listed) throw unreadable
      listed = true
      return cursor.objects(start, items)
    })
    if (cursor.space(end) !== bytes.length || !listed) return undefined
  } catch (error) {
    if (error === unreadable) return undefined
    throw error
  }
  return { fields, items }
}
