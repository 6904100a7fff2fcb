/** A page of records encoded for Postgres: COPY text format, or a JSON array for `jsonb_to_recordset`. */
import { BufferPool, JsonBytes, RawJson, RecordRows, type SourceRecord } from "@sluice/source-sdk"
import { Effect, Exit, type Scope } from "effect"
import { type DataColumn, extraColumn } from "./Layout.js"
import { escapedNul, isEscapedNul, jsonWithoutNul, replacement, replacementBytes } from "./Nul.js"

/** COPY text's escapes: a backslash, newline, carriage return and tab, each written as a backslash and a letter. */
const copyEscaped: ReadonlyArray<readonly [char: string, letter: string]> = [
  ["\\", "\\"],
  ["\n", "n"],
  ["\r", "r"],
  ["\t", "t"]
]
/** By character, for text; and NUL, which COPY cannot escape, as U+FFFD (see `Nul`). */
const copyEscapes: Readonly<Record<string, string>> = Object.fromEntries([
  ...copyEscaped.map(([char, letter]) => [char, `\\${letter}`]),
  ["\0", replacement]
])
const special = /[\\\n\r\t\0]/
const specials = /[\\\n\r\t\0]/g

/** Escapes a value for COPY text format (most values have nothing to escape: they are returned as they are). */
export const escapeCopy = (text: string): string =>
  special.test(text) ? text.replace(specials, (char) => copyEscapes[char] as string) : text

const { BACKSLASH, NEWLINE, TAB, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, COMMA, COLON, QUOTE, ZERO, NINE } =
  JsonBytes
/** The `N` of COPY's null, `\N`. */
const UPPER_N = 0x4e

const isDigits = (bytes: Buffer, start: number, end: number): boolean => {
  for (let index = start; index < end; index++) {
    const byte = bytes[index] as number
    if (byte < ZERO || byte > NINE) return false
  }
  return true
}
/** By byte, for raw JSON: the letter after the backslash a byte is written with (0: written as it is). */
const escapedAs = new Uint8Array(256)
for (const [char, letter] of copyEscaped) escapedAs[char.charCodeAt(0)] = letter.charCodeAt(0)

/** Memory for pages' rows, given back when a page's COPY has finished. */
const spare = BufferPool.make({ kept: 4, largest: 32 * 1024 * 1024 })

/** Up to this many characters, a value is copied by a loop rather than a native call. */
const shortText = 48

/**
 * A page's rows in COPY text format, written as bytes into one growing buffer: strings are encoded once, and raw
 * JSON (`RawJson`, the bytes the API sent) is copied as it is, escaped only where it has a byte COPY escapes.
 */
class CopyBuffer {
  private bytes: Buffer
  private at = 0

  /** `expected`: about how many bytes the rows will take (the last page's size), so the buffer rarely grows. */
  constructor(expected: number) {
    this.bytes = spare.take(Math.max(1 << 16, expected))
  }

  private room(needed: number): void {
    if (this.at + needed <= this.bytes.length) return
    const grown = spare.take(Math.max(this.bytes.length * 2, this.at + needed))
    this.bytes.copy(grown, 0, 0, this.at)
    spare.give(this.bytes)
    this.bytes = grown
  }

  /** Gives the memory back for another page's rows: the rows must no longer be read. */
  release(): void {
    spare.give(this.bytes)
  }

  /** One byte that needs no escaping (a separator). */
  byte(byte: number): void {
    this.room(1)
    this.bytes[this.at++] = byte
  }

  /** Text that needs no escaping (separators, `\N`, numbers, escaped strings). */
  plain(text: string): void {
    this.room(text.length * 3)
    this.at += this.bytes.write(text, this.at, "utf8")
  }

  /**
   * Text, escaped. Most values are short ASCII (ids, instants, codes): those are written byte by byte here, which
   * costs less than a native call and a regular-expression test each; anything else goes through `escapeCopy`.
   */
  text(text: string): void {
    const length = text.length
    if (length <= shortText) {
      this.room(length)
      const bytes = this.bytes
      let at = this.at
      for (let index = 0; index < length; index++) {
        const code = text.charCodeAt(index)
        if (code >= 0x80 || code === BACKSLASH || code < 0x20) {
          this.plain(escapeCopy(text))
          return
        }
        bytes[at++] = code
      }
      this.at = at
      return
    }
    this.plain(escapeCopy(text))
  }

  /**
   * Raw JSON, escaped for COPY: copied as it is when it has no byte COPY escapes (compact JSON rarely has one).
   * Otherwise byte by byte, escape by escape: `\u0000` is written as U+FFFD (see `Nul`), and the character after
   * any other backslash is passed over, so an escaped backslash followed by the text `u0000` stays as it is.
   */
  raw(json: RawJson.RawJson): void {
    this.rawBytes(json.bytes, json.start, json.end, json.simple)
  }

  /** The raw JSON `bytes[start, end)` (see `raw`); `simple` as `RawJson.simple`. */
  rawBytes(bytes: Buffer, start: number, end: number, simple: boolean): void {
    this.room((end - start) * 2)
    if (simple) {
      // A native copy costs more than a short loop for small values.
      if (end - start <= shortText) {
        const into = this.bytes
        let at = this.at
        for (let index = start; index < end; index++) into[at++] = bytes[index] as number
        this.at = at
      } else this.at += bytes.copy(this.bytes, this.at, start, end)
      return
    }
    const into = this.bytes
    let at = this.at
    for (let index = start; index < end; index++) {
      const byte = bytes[index] as number
      const second = escapedAs[byte] as number
      if (second === 0) into[at++] = byte
      else if (byte !== BACKSLASH) {
        into[at++] = BACKSLASH
        into[at++] = second
      } else if (isEscapedNul(bytes, index, end)) {
        into.set(replacementBytes, at)
        at += replacementBytes.length
        index += escapedNul.length - 1
      } else {
        into[at++] = BACKSLASH
        into[at++] = BACKSLASH
        if (bytes[index + 1] === BACKSLASH) {
          // An escaped backslash: both its bytes now, so the byte after it is not taken for an escape.
          into[at++] = BACKSLASH
          into[at++] = BACKSLASH
          index++
        }
      }
    }
    this.at = at
  }

  /** A value as `JSON.stringify` writes it, with each NUL in its strings as U+FFFD (see `Nul`). */
  stringified(value: unknown): void {
    this.text(jsonWithoutNul(JSON.stringify(value)))
  }

  /** Any value as JSON. */
  json(value: unknown): void {
    if (value instanceof RawJson.RawJson) this.raw(value)
    else this.stringified(value)
  }

  /** The fields of `record` no column holds, as one JSON object (`\N` when there are none). */
  extra(fields: ReadonlySet<string>, record: SourceRecord): void {
    let first = true
    for (const key in record) {
      if (fields.has(key)) continue
      const value = record[key]
      if (value === undefined) continue
      this.byte(first ? OPEN_BRACE : COMMA)
      first = false
      this.stringified(key)
      this.byte(COLON)
      this.json(value)
    }
    if (first) this.null()
    else this.byte(CLOSE_BRACE)
  }

  /**
   * The bytes `[start, end)` as they are, when each is printable ASCII and not a backslash (a string token's inside
   * with no escape, which COPY takes as it is); false, writing nothing, otherwise.
   */
  ascii(bytes: Buffer, start: number, end: number): boolean {
    this.room(end - start)
    const into = this.bytes
    let at = this.at
    for (let index = start; index < end; index++) {
      const byte = bytes[index] as number
      // Copied as checked; on a byte that is not, what was copied is left past the end, to be overwritten.
      if (byte < 0x20 || byte >= 0x7f || byte === BACKSLASH) return false
      into[at++] = byte
    }
    this.at = at
    return true
  }

  /** `\N`, COPY's null. */
  null(): void {
    this.room(2)
    this.bytes[this.at++] = BACKSLASH
    this.bytes[this.at++] = UPPER_N
  }

  /** A row's value `[start, end)` of the page's bytes, for `column`: as `value` writes it decoded. */
  span(column: DataColumn, bytes: Buffer, start: number, end: number, simple: boolean): void {
    const first = bytes[start] as number
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      this.rawBytes(bytes, start, end, simple)
      return
    }
    if (first === QUOTE) {
      if (column.type !== "json" && this.ascii(bytes, start + 1, end - 1)) return
    } else if (first >= ZERO && first <= NINE && end - start <= 15 && isDigits(bytes, start, end)) {
      // A short unsigned integer token is its own `String(Number(token))` (JSON has no leading zeros).
      this.ascii(bytes, start, end)
      return
    }
    this.value(column, RecordRows.scalar(bytes, start, end))
  }

  /** Record `record`'s other fields (see `extra`) from rows. */
  extraRows(rows: RecordRows.RecordRows, record: number): void {
    const first = rows.extraAt[record] as number
    const last = rows.extraAt[record + 1] as number
    for (let extra = first; extra < last; extra++) {
      this.byte(extra === first ? OPEN_BRACE : COMMA)
      this.stringified(rows.extraKeys[extra])
      this.byte(COLON)
      const start = rows.extraSpans[extra * 3] as number
      const end = rows.extraSpans[extra * 3 + 1] as number
      const opening = rows.bytes[start]
      if (opening === OPEN_BRACE || opening === OPEN_BRACKET) {
        this.rawBytes(rows.bytes, start, end, rows.extraSpans[extra * 3 + 2] === 1)
      } else this.stringified(RecordRows.scalar(rows.bytes, start, end))
    }
    if (first === last) this.null()
    else this.byte(CLOSE_BRACE)
  }

  value(column: DataColumn, value: unknown): void {
    if (value === null || value === undefined) this.null()
    else if (value instanceof RawJson.RawJson) this.raw(value)
    else if (column.type === "json") this.stringified(value)
    else if (typeof value === "string") this.text(value)
    else if (typeof value === "number" || typeof value === "bigint") this.plain(String(value))
    else if (typeof value === "boolean")
      this.plain(column.type === "boolean" ? (value ? "t" : "f") : String(value))
    else this.stringified(value)
  }

  done(): Buffer {
    return this.bytes.subarray(0, this.at)
  }
}

/**
 * Where each column's field is among the rows' schema fields, when the columns are exactly those fields (so a
 * record's other fields are exactly its `_extra`); undefined otherwise, and the rows are written as objects.
 */
const positionsOf = (columns: ReadonlyArray<DataColumn>, shape: RecordRows.Shape): Int32Array | undefined => {
  let byShape = positions.get(columns)
  if (byShape === undefined) {
    byShape = new WeakMap()
    positions.set(columns, byShape)
  }
  if (byShape.has(shape)) return byShape.get(shape)
  const found = columns.map((column) => shape.index.get(column.field) ?? -1)
  const exact = columns.length === shape.fields.length && found.every((position) => position >= 0)
  const result = exact ? Int32Array.from(found) : undefined
  byShape.set(shape, result)
  return result
}
const positions = new WeakMap<ReadonlyArray<DataColumn>, WeakMap<RecordRows.Shape, Int32Array | undefined>>()

/** Rows in COPY text format from rows of the page's bytes: each value copied from the page where it can be. */
const fillRows = (
  columns: ReadonlyArray<DataColumn>,
  rows: RecordRows.RecordRows,
  at: Int32Array
): CopyBuffer => {
  const out = new CopyBuffer(lastPageBytes * 1.25)
  const width = rows.shape.fields.length
  const { bytes, spans, simple } = rows
  for (let record = 0; record < rows.length; record++) {
    const base = record * width
    for (let column = 0; column < columns.length; column++) {
      const slot = base + (at[column] as number)
      const start = spans[slot * 2] as number
      if (start < 0) out.null()
      else
        out.span(
          columns[column] as DataColumn,
          bytes,
          start,
          spans[slot * 2 + 1] as number,
          simple[slot] === 1
        )
      out.byte(TAB)
    }
    out.extraRows(rows, record)
    out.byte(NEWLINE)
  }
  lastPageBytes = out.done().length
  return out
}

/** Rows in COPY text format (tab-separated, `\N` for null): the data columns, then `_extra`. One pass per record. */
const fill = (columns: ReadonlyArray<DataColumn>, records: RecordRows.Records): CopyBuffer => {
  if (RecordRows.isRows(records)) {
    const at = positionsOf(columns, records.shape)
    if (at !== undefined) return fillRows(columns, records, at)
  }
  const fields = new Set(columns.map((column) => column.field))
  const out = new CopyBuffer(lastPageBytes * 1.25)
  for (const record of RecordRows.toArray(records)) {
    for (const column of columns) {
      out.value(column, record[column.field])
      out.byte(TAB)
    }
    out.extra(fields, record)
    out.byte(NEWLINE)
  }
  lastPageBytes = out.done().length
  return out
}

/**
 * The page's rows in COPY text format, as a resource of the scope: their memory is reused for a later page's rows
 * once the scope closes after the COPY that sent them succeeded. After a failure it is left to the garbage collector: a COPY that timed out may
 * still have pieces of it queued on its connection.
 */
export const copyRowsScoped = (
  columns: ReadonlyArray<DataColumn>,
  records: RecordRows.Records
): Effect.Effect<Buffer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.sync(() => fill(columns, records)),
    (out, exit) => (Exit.isSuccess(exit) ? Effect.sync(() => out.release()) : Effect.void)
  ).pipe(Effect.map((out) => out.done()))

/** The size of the last page's rows: the next page's first guess (pages of one table are alike). */
let lastPageBytes = 0

/** The fields no column holds, kept whole in `_extra` (null when there are none). */
const extraOf = (fields: ReadonlySet<string>, record: SourceRecord): Record<string, unknown> | null => {
  let extra: Record<string, unknown> | null = null
  for (const key of Object.keys(record)) {
    if (fields.has(key)) continue
    extra ??= {}
    extra[key] = record[key]
  }
  return extra
}

/**
 * The page as the JSON text of an array of objects keyed by column name, for `jsonb_to_recordset`: written
 * directly, one pass per record, with no intermediate row objects.
 */
export const recordsetJson = (columns: ReadonlyArray<DataColumn>, given: RecordRows.Records): string => {
  const records = RecordRows.toArray(given)
  const fields = new Set(columns.map((column) => column.field))
  const keys = columns.map((column, index) => `${index === 0 ? "{" : ","}${JSON.stringify(column.name)}:`)
  const extraKey = `,${JSON.stringify(extraColumn)}:`
  let out = "["
  records.forEach((record, index) => {
    if (index > 0) out += ","
    columns.forEach((column, at) => {
      const value = record[column.field]
      out += `${keys[at]}${value === undefined || value === null ? "null" : RawJson.stringify(value)}`
    })
    const extra = extraOf(fields, record)
    out += `${extraKey}${extra === null ? "null" : JSON.stringify(extra)}}`
  })
  // One search of the page's text for an escaped NUL (which `jsonb` refuses), rather than one per value.
  return jsonWithoutNul(`${out}]`)
}
