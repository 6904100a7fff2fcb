/**
 * A table's declared views (`Views` of the SDK) as SQL views over the stored columns and jsonb: they read the
 * table at query time, so they never hold stale data, and they are re-rendered by `prepare` and `complete`, so
 * a schema evolution or a new language reaches them.
 */

import { Views } from "@sluice/source-sdk"
import { Effect } from "effect"
import { ident, literal, qualified } from "./Identifiers.js"
import { deletedAtColumn, extraColumn, type TableLayout } from "./Layout.js"
import type { Session, SqlFailure } from "./Session.js"

/** Parent rows a localized column's languages are sampled from, when the source does not list them. */
const languageSample = 1000

const valueTypes: { readonly [Type in Views.ValueType]: string } = {
  text: "text",
  integer: "bigint",
  numeric: "numeric",
  boolean: "boolean",
  timestamp: "timestamptz"
}

const textArray = (path: ReadonlyArray<string>) =>
  path.length === 0 ? "'{}'::text[]" : `ARRAY[${path.map(literal).join(", ")}]::text[]`

/** Where a path points: into a jsonb value (`#>`), or at a scalar column of the table. */
type Root =
  | { readonly _tag: "Json"; readonly sql: string; readonly rest: ReadonlyArray<string> }
  | { readonly _tag: "Scalar"; readonly sql: string }

/** A record path in the parent row `t`: its column when one holds the field, else the kept `_extra` fields. */
const recordRoot = (layout: TableLayout, path: Views.Path): Root => {
  const [field, ...rest] = path
  const column = layout.columns.find((candidate) => candidate.field === field)
  if (column === undefined) return { _tag: "Json", sql: `t.${ident(extraColumn)}`, rest: path }
  if (column.type === "json") return { _tag: "Json", sql: `t.${ident(column.name)}`, rest }
  // A scalar column has nothing inside it: a deeper path is NULL.
  return rest.length === 0
    ? { _tag: "Scalar", sql: `t.${ident(column.name)}` }
    : { _tag: "Json", sql: "NULL::jsonb", rest: [] }
}

const elementRoot = (path: Views.Path): Root => ({ _tag: "Json", sql: "e.value", rest: path })

const jsonOf = (root: Root, more: ReadonlyArray<string> = []) =>
  root._tag === "Json" ? `(${root.sql} #> ${textArray([...root.rest, ...more])})` : `to_jsonb(${root.sql})`
const textOf = (root: Root, more: ReadonlyArray<string> = []) =>
  root._tag === "Json" ? `(${root.sql} #>> ${textArray([...root.rest, ...more])})` : `${root.sql}::text`

/** `12345` minor units with 2 fraction digits: 123.45, exactly, with the currency's scale. */
const amountOf = (root: Root, parts: Views.MoneyParts) => {
  const digits = `${textOf(root, [parts.fractionDigits])}::int`
  const minor =
    parts.preciseMinorUnits === undefined
      ? textOf(root, [parts.minorUnits])
      : `coalesce(${textOf(root, [parts.preciseMinorUnits])}, ${textOf(root, [parts.minorUnits])})`
  return `round(${minor}::numeric / power(10::numeric, ${digits}), ${digits})`
}

interface Rendered {
  readonly sql: string
  readonly name: string
  /** Its type as `format_type` spells it, to tell whether `CREATE OR REPLACE` can keep the existing view. */
  readonly type: string
  readonly comment?: string
}

const formatTypes: Readonly<Record<string, string>> = {
  timestamptz: "timestamp with time zone"
}

const column = (sql: string, name: string, type: string, comment?: string): Rendered => ({
  sql: `${sql} AS ${ident(name)}`,
  name,
  type: formatTypes[type] ?? type,
  ...(comment === undefined ? {} : { comment })
})

const columnsOf = (
  name: string,
  declared: Views.Column,
  root: Root,
  languages: ReadonlyArray<string>
): ReadonlyArray<Rendered> => {
  switch (declared._tag) {
    case "Value": {
      const type = valueTypes[declared.type]
      const text = textOf(root)
      // Through numeric, so a JSON number written as 2.0 is still an integer.
      const cast = declared.type === "integer" ? `${text}::numeric::bigint` : `${text}::${type}`
      return [column(declared.type === "text" ? text : cast, name, type)]
    }
    case "Money":
      return [
        column(amountOf(root, declared.parts), `${name}_amount`, "numeric"),
        column(textOf(root, [declared.parts.currency]), `${name}_currency`, "text")
      ]
    case "Localized":
      return [
        column(jsonOf(root), name, "jsonb"),
        ...languages.map((language) =>
          column(
            textOf(root, [language]),
            `${name}_${Views.languageSuffix(language)}`,
            "text",
            languageComment(name, language)
          )
        )
      ]
  }
}

const asArray = (json: string) => `CASE jsonb_typeof(${json}) WHEN 'array' THEN ${json} ELSE '[]'::jsonb END`
const asObject = (json: string) =>
  `CASE jsonb_typeof(${json}) WHEN 'object' THEN ${json} ELSE '{}'::jsonb END`

/** How a language column records its language, so a later refresh keeps it: `name in de-DE`. */
const languageComment = (name: string, language: string) => `${name} in ${language}`

/**
 * The languages of a localized column without a declared list: those the view has already, in their order (so
 * columns only ever grow at the end), then those new in a sample of the rows, when `sample` asks for one or the
 * view is new.
 */
const languagesOf = (
  session: Session,
  table: string,
  view: Views.View,
  layout: TableLayout,
  name: string,
  declared: Views.Column,
  existing: ReadonlyArray<StoredColumn>,
  sample: boolean
): Effect.Effect<ReadonlyArray<string>, SqlFailure> => {
  if (declared._tag !== "Localized") return Effect.succeed([])
  if (declared.languages !== undefined) return Effect.succeed(declared.languages)
  const known = existing.flatMap((found) =>
    found.comment?.startsWith(`${name} in `) === true ? [found.comment.slice(name.length + 4)] : []
  )
  if (!sample && existing.length > 0) return Effect.succeed(known)
  const rows =
    view._tag === "Children"
      ? `SELECT e.value #> ${textArray(declared.path)} AS o FROM (SELECT ${jsonOf(recordRoot(layout, view.array))} AS a FROM ${table} t LIMIT ${languageSample}) s
  CROSS JOIN LATERAL jsonb_array_elements(${asArray("s.a")}) AS e(value)`
      : `SELECT ${jsonOf(recordRoot(layout, declared.path as Views.Path))} AS o FROM ${table} t LIMIT ${languageSample}`
  return session
    .query(
      `SELECT DISTINCT k AS language FROM (${rows}) x CROSS JOIN LATERAL jsonb_object_keys(${asObject("x.o")}) AS k ORDER BY 1`
    )
    .pipe(
      Effect.map((rows) => [
        ...known,
        ...rows.map((row) => String(row.language)).filter((language) => !known.includes(language))
      ])
    )
}

/** The view's SELECT and its columns. */
const render = (
  session: Session,
  schema: string,
  layout: TableLayout,
  view: Views.View,
  existing: ReadonlyArray<StoredColumn>,
  sample: boolean
) =>
  Effect.gen(function* () {
    const table = qualified(schema, layout.table)
    const declared: Array<Rendered> = []
    for (const [name, spec] of Object.entries(view.columns)) {
      const languages = yield* languagesOf(session, table, view, layout, name, spec, existing, sample)
      const root = view._tag === "Children" ? elementRoot(spec.path) : recordRoot(layout, spec.path)
      declared.push(...columnsOf(name, spec, root, languages))
    }
    const stored = yield* storedColumns(session, table)
    const typeOf = (name: string) => stored.find((found) => found.name === name)?.type ?? "text"
    if (view._tag === "Derived") {
      return {
        columns: [...stored, ...declared],
        sql: `SELECT t.*${declared.map((rendered) => `,\n  ${rendered.sql}`).join("")}\nFROM ${table} t`
      }
    }
    const parent = [
      column(`t.${ident(layout.id.name)}`, view.parentKey, typeOf(layout.id.name)),
      column(`t.${ident(layout.partition.name)}`, layout.partition.name, typeOf(layout.partition.name)),
      column(`t.${ident(deletedAtColumn)}`, deletedAtColumn, typeOf(deletedAtColumn))
    ]
    const all = [...parent, ...declared]
    return {
      columns: all,
      sql: `SELECT ${all.map((rendered) => rendered.sql).join(",\n  ")}\nFROM ${table} t\nCROSS JOIN LATERAL jsonb_array_elements(${asArray(jsonOf(recordRoot(layout, view.array)))}) AS e(value)`
    }
  })

interface StoredColumn {
  readonly name: string
  readonly type: string
  readonly comment?: string
}

/** A relation's columns in order, with their types as `format_type` spells them and their comments. */
const storedColumns = (session: Session, relation: string) =>
  session
    .query(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type, col_description(attrelid, attnum) AS comment
FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
      [relation]
    )
    .pipe(
      Effect.map((rows) =>
        rows.map(
          (row): StoredColumn => ({
            name: String(row.name),
            type: String(row.type),
            ...(typeof row.comment === "string" ? { comment: row.comment } : {})
          })
        )
      )
    )

/** Whether other views (the users' own) read the view: then it is kept rather than dropped. */
const hasDependents = (session: Session, view: string) =>
  session
    .query(
      `SELECT EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
  WHERE d.refobjid = to_regclass($1) AND r.ev_class <> to_regclass($1)) AS used`,
      [view]
    )
    .pipe(Effect.map((rows) => rows[0]?.used === true))

/**
 * Drops the declared views nothing else reads, before a swap may change a column's type (a view reading every
 * column would block it); `ensure` creates them again in the same transaction.
 */
export const dropUnused = (session: Session, schema: string, views: ReadonlyArray<Views.View>) =>
  Effect.forEach(
    views,
    (view) => {
      const name = qualified(schema, view.name)
      return hasDependents(session, name).pipe(
        Effect.flatMap((used) => (used ? Effect.void : session.exec(`DROP VIEW IF EXISTS ${name}`)))
      )
    },
    { discard: true }
  )

/**
 * Creates or refreshes the table's declared views. `CREATE OR REPLACE` keeps the view (and what users built on
 * it) when its columns only grow at the end; otherwise it is dropped and created again. `sample`: look for
 * languages new in the rows (a sample query per localized column, the costly part); a view that does not exist
 * yet is always sampled.
 */
export const ensure = (
  session: Session,
  schema: string,
  layout: TableLayout,
  views: ReadonlyArray<Views.View>,
  { sample }: { readonly sample: boolean }
) =>
  Effect.forEach(
    views,
    (view) =>
      Effect.gen(function* () {
        const name = qualified(schema, view.name)
        const existing = yield* storedColumns(session, name)
        const { columns, sql } = yield* render(session, schema, layout, view, existing, sample)
        const keeps = existing.every(
          (found, index) => columns[index]?.name === found.name && columns[index]?.type === found.type
        )
        // Columns that moved or changed type need a new view; one the users built on stays as it is until
        // they drop theirs (it still reads the current rows, without the new columns).
        if (!keeps && (yield* hasDependents(session, name))) return
        yield* session.exec(
          [
            ...(keeps ? [] : [`DROP VIEW IF EXISTS ${name}`]),
            `CREATE OR REPLACE VIEW ${name} AS\n${sql}`,
            `COMMENT ON VIEW ${name} IS ${literal(view.description)}`,
            ...columns.flatMap((rendered) =>
              rendered.comment === undefined
                ? []
                : [`COMMENT ON COLUMN ${name}.${ident(rendered.name)} IS ${literal(rendered.comment)}`]
            )
          ].join(";\n")
        )
      }),
    { discard: true }
  )
