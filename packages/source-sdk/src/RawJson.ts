/**
 * A JSON value kept as the bytes the API sent, not parsed: what a record's nested objects and arrays are when a
 * source scans its pages (`JsonScan`) instead of parsing them. A warehouse writes the bytes as they are (Postgres
 * parses them once, into `jsonb`); the engine checks them against the schema without building objects
 * (`RawCheck`); anything else that needs the value calls `value()` or `plain` for the whole record.
 */
import type { SchemaAST } from "effect"
import type { SourceRecord } from "./SourceRecord.js"

export class RawJson {
  /**
   * `bytes[start, end)` is one complete JSON value, UTF-8, usually in the page it came from (not a copy). `simple`
   * says it has no backslash (no escaped string) and no newline, carriage return or tab (no whitespace but spaces),
   * so a text format with escapes can embed it as it is; when unsure, false. `matches`: a schema node the bytes
   * are known to match, checked by the scanner while it read them (the engine's check trusts it for that node).
   */
  constructor(
    readonly bytes: Buffer,
    readonly start = 0,
    readonly end = bytes.length,
    readonly simple = false,
    readonly matches?: SchemaAST.AST
  ) {}

  /** The JSON text. */
  text(): string {
    return this.bytes.toString("utf8", this.start, this.end)
  }

  /** The parsed value. */
  value(): unknown {
    return JSON.parse(this.text())
  }

  /** `JSON.stringify` of a record holding raw values gives the parsed values (slow; for tests and messages). */
  toJSON(): unknown {
    return this.value()
  }
}

/** The record with every raw field parsed: the plain object a source that parses its pages would have produced. */
export const plain = (record: SourceRecord): SourceRecord => {
  let copy: Record<string, unknown> | undefined
  for (const key in record) {
    const value = record[key]
    if (value instanceof RawJson) {
      copy ??= { ...record }
      copy[key] = value.value()
    }
  }
  return copy ?? record
}

/** `value` as JSON text: the raw bytes' text for a raw value, `JSON.stringify` for anything else. */
export const stringify = (value: unknown): string =>
  value instanceof RawJson ? value.text() : JSON.stringify(value)
