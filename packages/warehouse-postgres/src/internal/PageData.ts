/** A page of records encoded for Postgres: COPY text format, or a JSON array for `jsonb_to_recordset`. */
import type { SourceRecord } from "@sluice/source-sdk"
import { type DataColumn, extraColumn } from "./Layout.js"

/** Escapes a value for COPY text format. */
export const escapeCopy = (text: string): string =>
  text.replace(/[\\\n\r\t]/g, (char) =>
    char === "\\" ? "\\\\" : char === "\n" ? "\\n" : char === "\r" ? "\\r" : "\\t"
  )

const copyValue = (column: DataColumn | undefined, value: unknown): string => {
  if (value === null || value === undefined) return "\\N"
  if (column === undefined || column.type === "json") return escapeCopy(JSON.stringify(value))
  switch (typeof value) {
    case "string":
      return escapeCopy(value)
    case "number":
    case "bigint":
      return String(value)
    case "boolean":
      return column.type === "boolean" ? (value ? "t" : "f") : String(value)
    default:
      return escapeCopy(JSON.stringify(value))
  }
}

/**
 * The fields of a record no column holds, as JSON object text, or undefined when there are none. Written straight
 * from the record (no copy of it, no set of its keys): the fields a page's records carry are written once each.
 */
const extraJson = (known: ReadonlySet<string>, record: SourceRecord): string | undefined => {
  let out: string | undefined
  for (const key in record) {
    if (known.has(key) || !Object.hasOwn(record, key)) continue
    const value = record[key]
    if (out === undefined) out = "{"
    // JSON.stringify leaves an undefined field out of an object; so does this.
    if (value === undefined) continue
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${JSON.stringify(value)}`
  }
  return out === undefined ? undefined : `${out}}`
}

const fieldsOf = (columns: ReadonlyArray<DataColumn>): ReadonlySet<string> =>
  new Set(columns.map((column) => column.field))

/** Rows in COPY text format (tab-separated, `\N` for null): the data columns, then `_extra`. */
export const copyText = (
  columns: ReadonlyArray<DataColumn>,
  records: ReadonlyArray<SourceRecord>
): string => {
  const known = fieldsOf(columns)
  let out = ""
  for (const record of records) {
    for (const column of columns) out += `${copyValue(column, record[column.field])}\t`
    const extra = extraJson(known, record)
    out += `${extra === undefined ? "\\N" : escapeCopy(extra)}\n`
  }
  return out
}

/** The page as a JSON array of objects keyed by column name, for `jsonb_to_recordset`. */
export const recordsetJson = (
  columns: ReadonlyArray<DataColumn>,
  records: ReadonlyArray<SourceRecord>
): string => {
  const known = fieldsOf(columns)
  // Each key written as JSON once per page, not once per record.
  const keys = columns.map((column) => `${JSON.stringify(column.name)}:`)
  const extraKey = `${JSON.stringify(extraColumn)}:`
  let out = "["
  for (let index = 0; index < records.length; index++) {
    const record = records[index] as SourceRecord
    out += index === 0 ? "{" : ",{"
    for (let at = 0; at < columns.length; at++) {
      const value = record[(columns[at] as DataColumn).field]
      out += `${keys[at]}${value === undefined || value === null ? "null" : JSON.stringify(value)},`
    }
    out += `${extraKey}${extraJson(known, record) ?? "null"}}`
  }
  return `${out}]`
}
