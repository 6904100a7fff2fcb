/**
 * Skipping JSON tokens in bytes: where a string, number, word or whole value ends, checked against JSON's grammar
 * where `JSON.parse` would reject it. The scanner (`JsonScan`) and the check over bytes (`RawCheck`) share these;
 * they are the hot loops of reading a page, so they are plain functions over plain numbers, and they report what
 * they saw (an escape, whitespace other than spaces) in module state rather than by allocating.
 */
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
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

/** Thrown by the skippers when the bytes are not JSON they can read (bytes that end early, a bad token). */
export class Unreadable {}
export const unreadable = new Unreadable()

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

/** Whether the last string skipped had an escape (set by `skipString`; skipping is synchronous). */
let escaped = false

/** Whether the string `skipString` skipped last had an escape, so it must be decoded rather than compared. */
export const lastStringEscaped = (): boolean => escaped

/**
 * Whether any string skipped since `resetSeen` had an escape, and whether a newline, carriage return or tab stood
 * between tokens: together, whether the bytes skipped are `simple` (see `RawJson`).
 */
let anyEscaped = false
let spaced = false

/** Starts a new account of what the skippers saw (see `seenSimple`). */
export const resetSeen = (): void => {
  anyEscaped = false
  spaced = false
}

/** Whether everything skipped since `resetSeen` had no escape and no whitespace but spaces. */
export const seenSimple = (): boolean => !anyEscaped && !spaced

/** The escape at `at` (a backslash): the index after it. Throws on an escape `JSON.parse` rejects. */
const skipEscape = (bytes: Buffer, at: number): number => {
  escaped = true
  anyEscaped = true
  const next = bytes[at + 1]
  if (next === LOWER_U) {
    if (!isHex(bytes[at + 2]) || !isHex(bytes[at + 3]) || !isHex(bytes[at + 4]) || !isHex(bytes[at + 5])) {
      throw unreadable
    }
    return at + 6
  }
  if (isEscape(next)) return at + 2
  throw unreadable
}

/**
 * Skips the string at `at` (a quote): the index after its closing quote. Throws on what `JSON.parse` rejects in a
 * string (a control character, an unknown escape) and on bytes that end early.
 */
export const skipString = (bytes: Buffer, at: number): number => {
  escaped = false
  at++
  for (;;) {
    const byte = bytes[at] as number
    if (byte === QUOTE) return at + 1
    // Past the end, `byte` is undefined, and every comparison below is false.
    if (byte >= 0x20 && byte !== BACKSLASH) at++
    else if (byte === BACKSLASH) at = skipEscape(bytes, at)
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
 * Skips the object or array at `at`: the index after it. Strings are checked (their loop is inlined here: most
 * of a page's bytes are inside nested values); everything else only for bracket balance (the database parses what
 * is skipped). Throws on what it cannot read.
 */
const skipNested = (bytes: Buffer, at: number): number => {
  let depth = 0
  for (;;) {
    const byte = bytes[at] as number
    if (byte === QUOTE) {
      at++
      for (;;) {
        const inner = bytes[at] as number
        if (inner === QUOTE) break
        if (inner >= 0x20 && inner !== BACKSLASH) at++
        else if (inner === BACKSLASH) at = skipEscape(bytes, at)
        else throw unreadable
      }
      at++
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
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

/**
 * Skips the value at `at`: the index after it. Strings and scalars are checked; inside objects and arrays only
 * strings and bracket balance are (the database parses what is skipped). Throws on what it cannot read.
 */
export const skipValue = (bytes: Buffer, at: number): number => {
  const first = bytes[at]
  if (first === QUOTE) return skipString(bytes, at)
  if (first === OPEN_BRACE || first === OPEN_BRACKET) return skipNested(bytes, at)
  const end = first === MINUS || isDigit(first) ? skipNumber(bytes, at) : skipWord(bytes, at)
  if (end < 0) throw unreadable
  return end
}

/** The index of the first byte at or after `at` that is not whitespace; notes whitespace other than spaces. */
export const skipSpace = (bytes: Buffer, at: number): number => {
  for (;;) {
    const byte = bytes[at]
    if (byte === SPACE) at++
    else if (byte === NEWLINE || byte === RETURN || byte === TAB) {
      spaced = true
      at++
    } else return at
  }
}

/** The string token `[start, end)` (quotes included), decoded: a slice when it has no escape, else `JSON.parse`. */
export const decodeString = (bytes: Buffer, start: number, end: number, escaped: boolean): string =>
  escaped
    ? (JSON.parse(bytes.toString("utf8", start, end)) as string)
    : bytes.toString("utf8", start + 1, end - 1)

/**
 * The scalar token `[start, end)` (a string, number, `true`, `false` or `null`, as the skippers read it) as
 * `JSON.parse` gives it; `escaped`: whether a string has an escape. A number in JSON's grammar, which `Number` reads
 * alike (but not `0x1f`, which the skippers refuse).
 */
export const decodeScalar = (bytes: Buffer, start: number, end: number, escaped: boolean): unknown => {
  const first = bytes[start]
  if (first === QUOTE) return decodeString(bytes, start, end, escaped)
  if (first === LOWER_T) return true
  if (first === LOWER_F) return false
  if (first === LOWER_N) return null
  return Number(bytes.toString("latin1", start, end))
}

/** Whether `bytes[start, end)` are exactly `expected`. */
export const sameBytes = (bytes: Buffer, start: number, end: number, expected: Uint8Array): boolean => {
  if (end - start !== expected.length) return false
  for (let index = 0; index < expected.length; index++)
    if (bytes[start + index] !== expected[index]) return false
  return true
}
