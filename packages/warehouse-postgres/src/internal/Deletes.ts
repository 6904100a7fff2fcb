/**
 * Deletions as set-based SQL: a feed page's deletions (one jsonb parameter) or an id reconciliation (an anti-join
 * against the listed ids) mark rows in `_deleted_at` (soft) or remove them (purge).
 */
import type { Warehouse } from "@sluice/source-sdk"
import { ident } from "./Identifiers.js"
import { deletedAtColumn, type TableLayout } from "./Layout.js"
import { jsonWithoutNul } from "./Nul.js"
import { escapeCopy } from "./PageData.js"

type Deletion = Warehouse.Deletion
type DeletePolicy = Warehouse.DeletePolicy

/** The listed ids of a reconciliation: one `id` column, filled by COPY. */
export const listingColumn = "id"

/**
 * `$1` of `applyStatement`: the deletions as the JSON text `jsonb_to_recordset` reads (an id's NUL as U+FFFD, as
 * its row holds it: see `Nul`).
 */
export const deletionsJson = (deletions: ReadonlyArray<Deletion>): string =>
  jsonWithoutNul(
    JSON.stringify(
      deletions.map((deletion) => ({
        id: deletion.id,
        deleted_at: deletion.deletedAt,
        version: deletion.version ?? null
      }))
    )
  )

const columnsOf = (layout: TableLayout) => ({
  id: ident(layout.id.name),
  version: ident(layout.version.name),
  at: ident(layout.partition.name),
  deletedAt: ident(deletedAtColumn)
})

type Columns = ReturnType<typeof columnsOf>

/**
 * Marks deleted, at `value`, the latest version of each id that `from` (rows `s`) yields, unless already marked:
 * how an append table soft-deletes. `also` adds columns to `latest`; `keep` adds a condition on it.
 */
const markLatest = (
  into: string,
  c: Columns,
  options: { readonly value: string; readonly from: string; readonly also?: string; readonly keep?: string }
): string => `UPDATE ${into} AS t SET ${c.deletedAt} = ${options.value} FROM (
    SELECT DISTINCT ON (s.${c.id}) s.${c.id} AS id, s.${c.version} AS version, s.${c.at} AS at, s.${c.deletedAt} AS marked${options.also ?? ""}
    FROM ${options.from}
    ORDER BY s.${c.id}, s.${c.version} DESC
  ) latest
  WHERE t.${c.id} = latest.id AND t.${c.version} = latest.version AND t.${c.at} = latest.at
    AND latest.marked IS NULL${options.keep ?? ""}
  RETURNING 1`

/** The statement around a change: its rows counted, one row `{ n }`; `ctes` come before it. */
const counted = (
  changed: string,
  ctes?: string
): string => `WITH ${ctes === undefined ? "" : `${ctes}, `}changed AS (
  ${changed}
)
SELECT count(*)::int AS n FROM changed`

/**
 * One feed page's deletions of one table; `$1` is `deletionsJson`, the result one row `{ n }`. A deletion with a
 * version leaves a row at a higher version alone (the record came back). Of several deletions of one id, the
 * latest counts.
 */
export const applyStatement = (
  layout: TableLayout,
  into: string,
  append: boolean,
  policy: DeletePolicy
): string => {
  const c = columnsOf(layout)
  const { id, version, deletedAt } = c
  const deletions = `d AS (
  SELECT DISTINCT ON (id) id, deleted_at, version
  FROM jsonb_to_recordset(($1::text)::jsonb) AS r(id ${layout.id.sqlType}, deleted_at timestamptz, version bigint)
  ORDER BY id, deleted_at DESC
)`
  const changed = (() => {
    if (!append && policy === "soft") {
      return `UPDATE ${into} AS t SET ${deletedAt} = d.deleted_at FROM d
  WHERE t.${id} = d.id AND t.${deletedAt} IS NULL AND (d.version IS NULL OR t.${version} <= d.version)
  RETURNING 1`
    }
    if (!append) {
      return `DELETE FROM ${into} AS t USING d
  WHERE t.${id} = d.id AND (d.version IS NULL OR t.${version} <= d.version)
  RETURNING 1`
    }
    if (policy === "soft") {
      return markLatest(into, c, {
        value: "latest.deleted_at",
        from: `${into} s JOIN d ON s.${id} = d.id`,
        also: ",\n      d.deleted_at, d.version AS upto",
        keep: " AND (latest.upto IS NULL OR latest.version <= latest.upto)"
      })
    }
    return `DELETE FROM ${into} AS t USING d
  WHERE t.${id} = d.id
    AND (d.version IS NULL OR NOT EXISTS (SELECT 1 FROM ${into} n WHERE n.${id} = d.id AND n.${version} > d.version))
  RETURNING 1`
  })()
  return counted(changed, deletions)
}

/**
 * Reconciliation of one table against `listing`: rows created before `$1` (the listing's start) whose id was not
 * listed are marked deleted at `$1` (soft: the live row, or an append table's latest version) or removed (purge:
 * every row of the id, marked or not). The result is one row `{ n }`.
 */
export const reconcileStatement = (
  layout: TableLayout,
  into: string,
  listing: string,
  append: boolean,
  policy: DeletePolicy
): string => {
  const c = columnsOf(layout)
  const unlisted = (row: string) =>
    `${row}.${c.at} < $1::timestamptz AND NOT EXISTS (SELECT 1 FROM ${listing} l WHERE l.${ident(listingColumn)} = ${row}.${c.id})`
  if (policy === "purge") return counted(`DELETE FROM ${into} AS t WHERE ${unlisted("t")} RETURNING 1`)
  if (!append) {
    return counted(`UPDATE ${into} AS t SET ${c.deletedAt} = $1::timestamptz
  WHERE t.${c.deletedAt} IS NULL AND ${unlisted("t")}
  RETURNING 1`)
  }
  return counted(markLatest(into, c, { value: "$1::timestamptz", from: `${into} s WHERE ${unlisted("s")}` }))
}

/** Listed ids in COPY text format, one a line (an id's NUL as U+FFFD, as its row holds it). */
export const listingCopyText = (ids: ReadonlyArray<string>): Buffer => {
  let out = ""
  for (const id of ids) out += `${escapeCopy(id)}\n`
  return Buffer.from(out, "utf8")
}

/**
 * Removes every row already marked deleted (by earlier soft runs); for append every version of an id whose latest
 * version is marked (a later version means the record came back). The result is one row `{ n }`.
 */
export const purgeMarkedStatement = (layout: TableLayout, into: string, append: boolean): string => {
  const id = ident(layout.id.name)
  const version = ident(layout.version.name)
  const deletedAt = ident(deletedAtColumn)
  const changed = append
    ? `DELETE FROM ${into} AS t USING (
    SELECT DISTINCT ON (s.${id}) s.${id} AS id, s.${deletedAt} AS marked
    FROM ${into} s
    ORDER BY s.${id}, s.${version} DESC
  ) latest
  WHERE t.${id} = latest.id AND latest.marked IS NOT NULL
  RETURNING 1`
    : `DELETE FROM ${into} AS t WHERE t.${deletedAt} IS NOT NULL RETURNING 1`
  return `WITH changed AS (
  ${changed}
)
SELECT count(*)::int AS n FROM changed`
}
