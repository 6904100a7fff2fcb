export interface Column {
  readonly header: string
  readonly align?: "left" | "right"
}

/** Columns padded to their widest cell; the last column is not padded, so long text may run on. */
export const render = (
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<ReadonlyArray<string>>
): string => {
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...rows.map((row) => (row[index] ?? "").length))
  )
  const line = (cells: ReadonlyArray<string>) =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? ""
        const width = widths[index] ?? 0
        if (index === columns.length - 1 && column.align !== "right") return cell
        return column.align === "right" ? cell.padStart(width) : cell.padEnd(width)
      })
      .join("  ")
      .trimEnd()
  return [line(columns.map((column) => column.header)), ...rows.map(line)].join("\n")
}
