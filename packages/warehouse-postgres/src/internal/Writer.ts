/**
 * Writes one page with set-based SQL: the page is loaded (COPY into a staging table that lives for one
 * transaction, or `jsonb_to_recordset` of one parameter), deduplicated by key keeping the highest version, then
 * merged or appended in one statement. Into a table that was empty when its import began, a page is first tried
 * as a plain COPY straight into the table (no staging, no merge: the database's bulk load), falling back to the
 * merge when any key is already there.
 */
import type { RecordRows } from "@sluice/source-sdk"
import { Effect } from "effect"
import { ident, qualified } from "./Identifiers.js"
import { deletedAtColumn, extraColumn, syncedAtColumn, type TableLayout } from "./Layout.js"
import * as PageData from "./PageData.js"
import type { Loader, Session, SqlFailure } from "./Session.js"

export interface Counts {
  readonly inserted: number
  readonly updated: number
}

const stagingTable = "_sluice_stage"

/** The statements for one table layout, built once per layout. */
export interface PageStatements {
  readonly createStaging: string
  readonly copyColumns: ReadonlyArray<string>
  readonly fromStaging: string
  readonly fromRecordset: string
  /** The table itself, for a COPY straight into it. */
  readonly target: string
}

const definitions = (layout: TableLayout) => [
  ...layout.columns.map((column) => `${ident(column.name)} ${column.sqlType}`),
  `${ident(extraColumn)} jsonb`
]

/**
 * merge (and replace, into the shadow): inserts new keys, updates a row only when the page holds a higher version,
 * leaves equal or lower versions untouched (no rewrite). Counts come from comparing with the rows as they were.
 */
const mergeStatement = (layout: TableLayout, into: string, from: string, selected: string): string => {
  const id = ident(layout.id.name)
  const version = ident(layout.version.name)
  const at = ident(layout.partition.name)
  const names = [...layout.columns.map((column) => ident(column.name)), ident(extraColumn)]
  const updates = [
    ...[
      ...layout.columns
        .filter((column) => column.name !== layout.id.name && column.name !== layout.partition.name)
        .map((column) => ident(column.name)),
      ident(extraColumn),
      ident(syncedAtColumn)
    ].map((name) => `${name} = EXCLUDED.${name}`),
    // A higher version of a deleted record means it came back (e.g. a product published again).
    `${ident(deletedAtColumn)} = NULL`
  ]
  return `WITH page AS (
  SELECT DISTINCT ON (${id}) ${selected} FROM ${from} ORDER BY ${id}, ${version} DESC
), existing AS (
  SELECT t.${id}, t.${at} FROM ${into} t JOIN page p ON t.${id} = p.${id} AND t.${at} = p.${at}
), written AS (
  INSERT INTO ${into} AS cur (${names.join(", ")}, ${ident(syncedAtColumn)})
  SELECT ${names.join(", ")}, now() FROM page
  ON CONFLICT (${id}, ${at}) DO UPDATE SET ${updates.join(", ")}
  WHERE cur.${version} < EXCLUDED.${version}
  RETURNING cur.${id}, cur.${at}
)
SELECT count(*) FILTER (WHERE e.${id} IS NULL)::int AS inserted, count(*) FILTER (WHERE e.${id} IS NOT NULL)::int AS updated
FROM written w LEFT JOIN existing e ON e.${id} = w.${id} AND e.${at} = w.${at}`
}

/** append: inserts each (id, version) it does not have; never updates or deletes. */
const appendStatement = (layout: TableLayout, into: string, from: string, selected: string): string => {
  const id = ident(layout.id.name)
  const version = ident(layout.version.name)
  const at = ident(layout.partition.name)
  const names = [...layout.columns.map((column) => ident(column.name)), ident(extraColumn)]
  return `WITH page AS (
  SELECT DISTINCT ON (${id}, ${version}) ${selected} FROM ${from} ORDER BY ${id}, ${version}
), written AS (
  INSERT INTO ${into} (${names.join(", ")}, ${ident(syncedAtColumn)})
  SELECT ${names.join(", ")}, now() FROM page
  ON CONFLICT (${id}, ${version}, ${at}) DO NOTHING
  RETURNING 1
)
SELECT count(*)::int AS inserted, 0 AS updated FROM written`
}

export const statements = (layout: TableLayout, schema: string, append: boolean): PageStatements => {
  const into = qualified(schema, layout.table)
  const write = (from: string, selected: string) =>
    append ? appendStatement(layout, into, from, selected) : mergeStatement(layout, into, from, selected)
  const typed = [...layout.columns, { name: extraColumn, sqlType: "jsonb" }]
  const recordset = `jsonb_to_recordset(($1::text)::jsonb) AS r(${definitions(layout).join(", ")})`
  return {
    // Text columns: COPY cannot reject a value, so a bad one fails the merge's cast with the column named.
    createStaging: `CREATE TEMP TABLE ${stagingTable} (${typed.map((column) => `${ident(column.name)} text`).join(", ")}) ON COMMIT DROP`,
    copyColumns: typed.map((column) => ident(column.name)),
    fromStaging: write(
      stagingTable,
      typed.map((column) => `${ident(column.name)}::${column.sqlType} AS ${ident(column.name)}`).join(", ")
    ),
    fromRecordset: write(recordset, typed.map((column) => ident(column.name)).join(", ")),
    target: into
  }
}

const countsOf = (rows: ReadonlyArray<Readonly<Record<string, unknown>>>): Counts => ({
  inserted: Number(rows[0]?.inserted ?? 0),
  updated: Number(rows[0]?.updated ?? 0)
})

/**
 * Up to this many records, the `auto` loader writes a page as a recordset: creating the staging table and the
 * COPY's round trips cost more than the database parsing so small a page as JSON. Measured on pages of the
 * sandbox's orders (about 5.5 KB each) against PostgreSQL 15 on this machine: 1 record 7–9 ms by COPY against 3 ms,
 * 8 records 8–9 against 4, 32 records 15 against 10, 128 records 34 against 34, 500 records 98–100 against 150–155.
 * Most pages of an incremental run are this small (a first import's pages go straight in by `copyPage`).
 */
export const smallPage = 64

/** Loads and writes one page inside the caller's transaction. */
export const writePage = (
  session: Session,
  loader: Loader,
  layout: TableLayout,
  page: PageStatements,
  records: RecordRows.Records
): Effect.Effect<Counts, SqlFailure> => {
  if (records.length === 0) return Effect.succeed({ inserted: 0, updated: 0 })
  if (loader === "recordset" || (loader === "auto" && records.length <= smallPage)) {
    return session
      .query(page.fromRecordset, [PageData.recordsetJson(layout.columns, records)])
      .pipe(Effect.map(countsOf))
  }
  return Effect.scoped(
    PageData.copyRowsScoped(layout.columns, records).pipe(
      Effect.flatMap((rows) => mergeCopied(session, page, rows))
    )
  )
}

/** A page already in COPY text format, through the staging table and the merge (or append). */
const mergeCopied = (
  session: Session,
  page: PageStatements,
  rows: Uint8Array
): Effect.Effect<Counts, SqlFailure> =>
  session
    .exec(page.createStaging)
    .pipe(
      Effect.zipRight(session.copyIn(stagingTable, page.copyColumns, rows)),
      Effect.zipRight(session.query(page.fromStaging)),
      Effect.map(countsOf)
    )

const savepoint = "sluice_direct_page"

/**
 * Loads one page straight into the table with COPY, inside the caller's transaction, as a bulk load does: what a
 * merge or append would do when none of the page's keys is in the table yet (a first import, a refresh's fresh
 * shadow), at the cost of a plain COPY. When the COPY is refused for any reason but a lost connection (a key
 * already there, two versions of one record in the page, a value the column's type rejects), the page is rolled
 * back to a savepoint and written by `writePage`, whose merge deduplicates and whose casts name the bad column;
 * `fellBack` says so, so the caller stops trying.
 */
export const copyPage = (
  session: Session,
  layout: TableLayout,
  page: PageStatements,
  records: RecordRows.Records
): Effect.Effect<Counts & { readonly fellBack: boolean }, SqlFailure> => {
  if (records.length === 0) return Effect.succeed({ inserted: 0, updated: 0, fellBack: false })
  return Effect.scoped(
    Effect.flatMap(PageData.copyRowsScoped(layout.columns, records), (rows) =>
      session.exec(`SAVEPOINT ${savepoint}`).pipe(
        Effect.zipRight(session.copyIn(page.target, page.copyColumns, rows)),
        Effect.as({ inserted: records.length, updated: 0, fellBack: false }),
        Effect.catchIf(
          (failure) => !failure.connection,
          () =>
            session.exec(`ROLLBACK TO SAVEPOINT ${savepoint}`).pipe(
              Effect.zipRight(mergeCopied(session, page, rows)),
              Effect.map((counts) => ({ ...counts, fellBack: true }))
            )
        )
      )
    )
  )
}
