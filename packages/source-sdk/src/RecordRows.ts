/**
 * A page's records as rows of the page's bytes: for each record, where each of its schema's fields sits in the
 * page, and its other fields; no object per record, none per nested value. A source that scans its pages
 * (`JsonScan.scanRows`) hands these to the engine, which hands them to the warehouse: a warehouse that writes
 * bytes (COPY) writes the values from the page as they are, and any other asks for `records()`.
 *
 * Rows are made only of records that matched the schema's fields as they were read (`RawCheck`): the engine does
 * not check them again. A page with a record that may not match is scanned as objects instead, and the engine
 * explains what is wrong with it as ever.
 */
import type { SchemaAST } from "effect"
import { BACKSLASH, OPEN_BRACE, OPEN_BRACKET, QUOTE } from "./JsonBytes.js"
import { decodeScalar } from "./JsonSkip.js"
import { type FieldCheck, fieldChecks, isRequired } from "./RawCheck.js"
import { RawJson } from "./RawJson.js"
import type { SourceRecord } from "./SourceRecord.js"

/** What rows of a table hold: its schema's fields, each with its check and whether it must be present. */
export interface Shape {
  /** The record schema's type side, whose fields these are. */
  readonly ast: SchemaAST.TypeLiteral
  /** The record schema's fields, in the order the schema declares them. */
  readonly fields: ReadonlyArray<string>
  /** Each field's position in `fields`. */
  readonly index: ReadonlyMap<string, number>
  /** Each field's check, by name (what `JsonScan` walks its value with). */
  readonly checks: ReadonlyMap<string, FieldCheck>
  /** By position: whether the field must be present. */
  readonly required: ReadonlyArray<boolean>
  /** How many fields must be present. */
  readonly requiredCount: number
  /** Fields the source leaves out of every record (they reach no row). */
  readonly omit: ReadonlySet<string>
}

/**
 * The shape of records of a struct schema's type side (see `Table.rowShape`); undefined for any other schema (a
 * refined struct, one with an index signature or non-string keys), whose records are only checked as objects.
 */
export const shapeOf = (ast: SchemaAST.AST, omit: ReadonlyArray<string> = []): Shape | undefined => {
  if (ast._tag !== "TypeLiteral" || ast.indexSignatures.length > 0) return undefined
  const fields: Array<string> = []
  const required: Array<boolean> = []
  for (const signature of ast.propertySignatures) {
    if (typeof signature.name !== "string") return undefined
    fields.push(signature.name)
    required.push(isRequired(signature))
  }
  return {
    ast,
    fields,
    index: new Map(fields.map((field, position) => [field, position])),
    checks: fieldChecks(ast),
    required,
    requiredCount: required.filter(Boolean).length,
    omit: new Set(omit)
  }
}

/** Whether `bytes[start, end)` hold a backslash. */
const hasBackslash = (bytes: Buffer, start: number, end: number): boolean => {
  for (let at = start; at < end; at++) if (bytes[at] === BACKSLASH) return true
  return false
}

/** The scalar `[start, end)` (a string, number, `true`, `false` or `null`) as `JSON.parse` gives it. */
export const scalar = (bytes: Buffer, start: number, end: number): unknown =>
  decodeScalar(bytes, start, end, bytes[start] === QUOTE && hasBackslash(bytes, start, end))

/** The records of one page as rows of its bytes (see the module's comment); `Builder` makes them. */
export class RecordRows {
  private made: ReadonlyArray<SourceRecord> | undefined
  constructor(
    /** The page the values are in. */
    readonly bytes: Buffer,
    readonly shape: Shape,
    /** How many records. */
    readonly length: number,
    /**
     * For record `r` and field position `f`, at `(r * fields + f) * 2`: where its value starts and ends in
     * `bytes`; a start of -1 when the record does not have the field.
     */
    readonly spans: Int32Array,
    /** At `r * fields + f`: 1 when the value is an object or array that is `RawJson.simple`. */
    readonly simple: Uint8Array,
    /** The fields no schema field names, each record's in the order it has them: their keys. */
    readonly extraKeys: ReadonlyArray<string>,
    /** For each of `extraKeys`, at `e * 3`: its value's start and end, and 1 when it is simple. */
    readonly extraSpans: Int32Array,
    /** Record `r`'s other fields are `extraKeys[extraAt[r], extraAt[r + 1])`. */
    readonly extraAt: Int32Array
  ) {}

  /** Record `record`'s value of the schema field at `position`, as the scanner decodes it (nested values raw). */
  valueAt(record: number, position: number): unknown {
    const at = (record * this.shape.fields.length + position) * 2
    const start = this.spans[at] as number
    if (start < 0) return undefined
    const end = this.spans[at + 1] as number
    const first = this.bytes[start]
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) return scalar(this.bytes, start, end)
    const simple = this.simple[record * this.shape.fields.length + position] === 1
    const field = this.shape.fields[position] as string
    return new RawJson(this.bytes, start, end, simple, this.shape.checks.get(field)?.node)
  }

  /** Record `record`'s value of `field` (undefined when it has none). */
  value(record: number, field: string): unknown {
    const position = this.shape.index.get(field)
    if (position !== undefined) return this.valueAt(record, position)
    for (let extra = this.extraAt[record] as number; extra < (this.extraAt[record + 1] as number); extra++) {
      if (this.extraKeys[extra] === field) return this.extraValue(extra)
    }
    return undefined
  }

  /** The value of the other field `extra` (an index into `extraKeys`), as the scanner decodes it. */
  extraValue(extra: number): unknown {
    const start = this.extraSpans[extra * 3] as number
    const end = this.extraSpans[extra * 3 + 1] as number
    const first = this.bytes[start]
    return first === OPEN_BRACE || first === OPEN_BRACKET
      ? new RawJson(this.bytes, start, end, this.extraSpans[extra * 3 + 2] === 1)
      : scalar(this.bytes, start, end)
  }

  /** The records as objects, as `JsonScan.scanList` makes them (made once, on the first call). */
  records(): ReadonlyArray<SourceRecord> {
    if (this.made !== undefined) return this.made
    const fields = this.shape.fields
    const made: Array<SourceRecord> = []
    for (let record = 0; record < this.length; record++) {
      const object: Record<string, unknown> = {}
      for (let position = 0; position < fields.length; position++) {
        const value = this.valueAt(record, position)
        if (value !== undefined) object[fields[position] as string] = value
      }
      for (
        let extra = this.extraAt[record] as number;
        extra < (this.extraAt[record + 1] as number);
        extra++
      ) {
        object[this.extraKeys[extra] as string] = this.extraValue(extra)
      }
      made.push(object)
    }
    this.made = made
    return made
  }
}

/** A page's records: objects, or rows of the page's bytes. */
export type Records = ReadonlyArray<SourceRecord> | RecordRows

export const isRows = (records: Records): records is RecordRows => records instanceof RecordRows

/** The records as objects (rows make theirs). */
export const toArray = (records: Records): ReadonlyArray<SourceRecord> =>
  isRows(records) ? records.records() : records

/** Each record's value of `field`, in order. */
export const valuesOf = (records: Records, field: string): ReadonlyArray<unknown> => {
  const values: Array<unknown> = []
  if (!isRows(records)) {
    for (const record of records) values.push(record[field])
    return values
  }
  const position = records.shape.index.get(field)
  for (let record = 0; record < records.length; record++) {
    values.push(position === undefined ? records.value(record, field) : records.valueAt(record, position))
  }
  return values
}

/** Thrown when a record cannot be a row (the scanner then makes objects of the page). */
class NotRows {}
export const notRows: unknown = new NotRows()

/** `array`, or a copy of it twice as long (or more) when it holds fewer than `needed` items. */
const room = <A extends Int32Array | Uint8Array>(array: A, needed: number): A => {
  if (needed <= array.length) return array
  const grown = new (array.constructor as new (length: number) => A)(Math.max(array.length * 2, needed))
  grown.set(array)
  return grown
}

/** Fills rows record by record, field by field, growing its arrays as records come. */
export class Builder {
  private count = 0
  private spans: Int32Array
  private simple: Uint8Array
  private readonly extraKeys: Array<string> = []
  private extraSpans = new Int32Array(3 * 64)
  private extraAt = new Int32Array(513)
  private present = 0
  private readonly width: number

  constructor(
    readonly bytes: Buffer,
    readonly shape: Shape
  ) {
    this.width = shape.fields.length
    this.spans = new Int32Array(512 * this.width * 2)
    this.simple = new Uint8Array(512 * this.width)
  }

  /** Starts the next record. */
  begin(): void {
    const needed = (this.count + 1) * this.width
    this.spans = room(this.spans, needed * 2)
    this.simple = room(this.simple, needed)
    this.extraAt = room(this.extraAt, this.count + 2)
    this.spans.fill(-1, this.count * this.width * 2, needed * 2)
    this.extraAt[this.count] = this.extraKeys.length
    this.present = 0
  }

  /** The record's value of the schema field at `position`, checked. A field read twice cannot be a row. */
  field(position: number, start: number, end: number, simple: boolean): void {
    const at = this.count * this.width + position
    if ((this.spans[at * 2] as number) >= 0) throw notRows
    this.spans[at * 2] = start
    this.spans[at * 2 + 1] = end
    this.simple[at] = simple ? 1 : 0
    if (this.shape.required[position] === true) this.present++
  }

  /** A field no schema field names. A key the record already has cannot be a row. */
  extra(key: string, start: number, end: number, simple: boolean): void {
    const first = this.extraAt[this.count] as number
    for (let extra = first; extra < this.extraKeys.length; extra++)
      if (this.extraKeys[extra] === key) throw notRows
    const at = this.extraKeys.length * 3
    this.extraSpans = room(this.extraSpans, at + 3)
    this.extraKeys.push(key)
    this.extraSpans[at] = start
    this.extraSpans[at + 1] = end
    this.extraSpans[at + 2] = simple ? 1 : 0
  }

  /** Ends the record: one without every required field cannot be a row. */
  end(): void {
    if (this.present !== this.shape.requiredCount) throw notRows
    this.count++
    this.extraAt[this.count] = this.extraKeys.length
  }

  done(): RecordRows {
    return new RecordRows(
      this.bytes,
      this.shape,
      this.count,
      this.spans,
      this.simple,
      this.extraKeys,
      this.extraSpans,
      this.extraAt
    )
  }
}
