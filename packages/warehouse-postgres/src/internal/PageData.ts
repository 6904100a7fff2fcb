/** A page of records encoded for Postgres: COPY text format, or a JSON array for `jsonb_to_recordset`. */
import { Columns, type SourceRecord } from "@sluice/source-sdk"
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

/** Rows in COPY text format (tab-separated, `\N` for null): the data columns, then `_extra`. */
export const copyText = (
  columns: ReadonlyArray<DataColumn>,
  records: ReadonlyArray<SourceRecord>
): string => {
  let out = ""
  for (const record of records) {
    const { values, extra } = Columns.split(columns, record)
    const cells = values.map((value, index) => copyValue(columns[index], value))
    cells.push(copyValue(undefined, extra))
    out += `${cells.join("\t")}\n`
  }
  return out
}

/** The page as a JSON array of objects keyed by column name, for `jsonb_to_recordset`. */
export const recordsetJson = (
  columns: ReadonlyArray<DataColumn>,
  records: ReadonlyArray<SourceRecord>
): string =>
  JSON.stringify(
    records.map((record) => {
      const { values, extra } = Columns.split(columns, record)
      const row: Record<string, unknown> = {}
      values.forEach((value, index) => {
        const column = columns[index]
        if (column !== undefined) row[column.name] = value
      })
      row[extraColumn] = extra
      return row
    })
  )
