import type { KeysetRead } from "@sluice/source-sdk"
import { Option } from "effect"
import type { QueryParams } from "./Api.js"

/** The API's largest page. */
export const pageLimit = 500

/** A string literal of a query predicate: double-quoted, with backslash and double quote escaped. */
export const literal = (value: string): string => `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`

/** The fields key-set paging orders by. */
export interface KeyFields {
  readonly cursor: string
  readonly key: string
}

const standard: KeyFields = { cursor: "lastModifiedAt", key: "id" }

/** The `where` clauses of a key-set page, ANDed: the slice's key range, `since`, and the position to go on after. */
export const predicates = (
  query: KeysetRead.KeysetQuery,
  fields: KeyFields = standard
): ReadonlyArray<string> => {
  const { cursor, key } = fields
  const clauses: Array<string> = []
  if (query.range.from !== undefined) clauses.push(`${key} >= ${literal(query.range.from)}`)
  if (query.range.to !== undefined) clauses.push(`${key} < ${literal(query.range.to)}`)
  if (query.order === "cursor" && Option.isSome(query.since)) {
    clauses.push(`${cursor} >= ${literal(query.since.value)}`)
  }
  if (Option.isSome(query.after)) {
    const after = query.after.value
    clauses.push(
      query.order === "cursor" && after.cursor !== undefined
        ? `(${cursor} > ${literal(after.cursor)} or (${cursor} = ${literal(after.cursor)} and ${key} > ${literal(after.id)}))`
        : `${key} > ${literal(after.id)}`
    )
  }
  return clauses
}

/**
 * The query parameters of a key-set page: `sort` by (cursor, key) or key, one `where` of the clauses ANDed,
 * `limit`, `withTotal=false`. Never an offset: the API caps it at 10,000, and a key-set read needs none.
 */
export const params = (
  query: KeysetRead.KeysetQuery,
  extra: QueryParams = [],
  fields: KeyFields = standard
): QueryParams => {
  const clauses = predicates(query, fields)
  const sort: QueryParams =
    query.order === "cursor"
      ? [
          ["sort", `${fields.cursor} asc`],
          ["sort", `${fields.key} asc`]
        ]
      : [["sort", `${fields.key} asc`]]
  return [
    ...extra,
    ...sort,
    ...(clauses.length > 0 ? [["where", clauses.join(" and ")] as const] : []),
    ["limit", String(Math.min(query.limit, pageLimit))],
    ["withTotal", "false"]
  ]
}
