import { Table } from "@sluice/source-sdk"
import { Tables } from "../../src/index.js"

export const start = "<!-- columns:start (generated from the table schemas by test/docs.test.ts) -->"
export const end = "<!-- columns:end -->"

/** The doc's tables section, generated from the table schemas. */
export const render = (): string =>
  Tables.allTables
    .map((table) =>
      [
        `### ${table.name}`,
        "",
        `${table.description}. Endpoint \`/{projectKey}/${table.endpoint.path}\`${table.params.map(([name, value]) => ` with \`${name}=${value}\``).join("")}; needs ${table.access.map((scope) => `\`${scope}\``).join(" or ")}. Primary key \`${table.primaryKey}\`, cursor \`${table.cursorField}\`, partitioned by ${table.partition.grain} of \`${table.partition.field}\`.`,
        "",
        "| Column | Type | API field |",
        "|---|---|---|",
        ...Table.columns(table).map(
          (column) =>
            `| \`${column.name}\` | ${column.type}${column.nullable ? ", nullable" : ""} | \`${column.field}\` |`
        ),
        "| `_extra` | json, nullable | fields the schema does not name |",
        ""
      ].join("\n")
    )
    .join("\n")
