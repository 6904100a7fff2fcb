/** A page of records encoded for Postgres: COPY text format, or a JSON array for `jsonb_to_recordset`. */
import type { SourceRecord } from "@sluice/source-sdk"
import { type DataColumn, extraColumn } from "./Layout.js"

const special = /[\\\n\r\t]/
const specials = /[\\\n\r\t]/g

/** Escapes a value for COPY text format (most values have nothing to escape: they are returned as they are). */
export const escapeCopy = (text: string): string =>
  special.test(text)
    ? text.replace(specials, (char) =>
        char === "\\" ? "\\\\" : char === "\n" ? "\\n" : char === "\r" ? "\\r" : "\\t"
      )
    : text

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

/** Rows in COPY text format (tab-separated, `\N` for null): the data columns, then `_extra`. One pass per record. */
export const copyText = (
  columns: ReadonlyArray<DataColumn>,
  records: ReadonlyArray<SourceRecord>
): string => {
  const fields = new Set(columns.map((column) => column.field))
  let out = ""
  for (const record of records) {
    for (const column of columns) out += `${copyValue(column, record[column.field])}\t`
    out += `${copyValue(undefined, extraOf(fields, record))}\n`
  }
  return out
}

/**
 * The page as the JSON text of an array of objects keyed by column name, for `jsonb_to_recordset`: written
 * directly, one pass per record, with no intermediate row objects.
 */
export const recordsetJson = (
  columns: ReadonlyArray<DataColumn>,
  records: ReadonlyArray<SourceRecord>
): string => {
  const fields = new Set(columns.map((column) => column.field))
  const keys = columns.map((column, index) => `${index === 0 ? "{" : ","}${JSON.stringify(column.name)}:`)
  const extraKey = `,${JSON.stringify(extraColumn)}:`
  let out = "["
  records.forEach((record, index) => {
    if (index > 0) out += ","
    columns.forEach((column, at) => {
      const value = record[column.field]
      out += `${keys[at]}${value === undefined || value === null ? "null" : JSON.stringify(value)}`
    })
    const extra = extraOf(fields, record)
    out += `${extraKey}${extra === null ? "null" : JSON.stringify(extra)}}`
  })
  return `${out}]`
}
