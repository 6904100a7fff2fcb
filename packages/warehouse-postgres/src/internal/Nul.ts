/**
 * The NUL character (U+0000) as the warehouse writes it: as U+FFFD, the replacement character. PostgreSQL cannot
 * store NUL, neither in `text` (COPY: "invalid byte sequence for encoding UTF8: 0x00") nor in `jsonb` (the escape
 * `\u0000` in a string: "unsupported Unicode escape sequence"), but the API accepts and returns strings holding it:
 * a record with one would fail its page on every run, and its table would never get past it. U+FFFD lets the row
 * land and shows a reader that something was there (other sync tools store such values with the NUL removed or
 * replaced too).
 */

/** What a NUL is written as. */
export const replacement = "\uFFFD"

/** `replacement` in UTF-8. */
export const replacementBytes: Uint8Array = Buffer.from(replacement, "utf8")

/** NUL as JSON escapes it (`JSON.stringify` writes it so; hex digits 0 have no case). */
export const escapedNul = "\\u0000"

/**
 * Each escape of JSON text, whole and from left to right: an escaped backslash followed by the text `u0000` is
 * one escape (`\\`) and then plain text, not a NUL.
 */
const escapes = /\\(?:u0000|.)/gs

/** JSON text with each NUL in its strings written as `replacement` (most JSON has none: returned as it is). */
export const jsonWithoutNul = (json: string): string =>
  json.includes(escapedNul)
    ? json.replace(escapes, (found) => (found === escapedNul ? replacement : found))
    : json

const ZERO = 0x30
const U = 0x75

/** Whether the backslash at `bytes[at]`, in a JSON string that ends before `end`, begins the escape `\u0000`. */
export const isEscapedNul = (bytes: Uint8Array, at: number, end: number): boolean =>
  at + escapedNul.length <= end &&
  bytes[at + 1] === U &&
  bytes[at + 2] === ZERO &&
  bytes[at + 3] === ZERO &&
  bytes[at + 4] === ZERO &&
  bytes[at + 5] === ZERO
