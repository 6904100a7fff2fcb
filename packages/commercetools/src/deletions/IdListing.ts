import { type Deletions, type KeysetRead, SourceError } from "@sluice/source-sdk"
import { Effect, Option, Schema, Stream } from "effect"
import type { Api, Endpoint } from "../Api.js"
import * as Query from "../Query.js"
import * as Scopes from "../Scopes.js"
import * as Sequence from "./Sequence.js"

/** How a table's ids are listed through GraphQL (REST cannot select fields: it would download whole records). */
export interface Listing {
  /** The query field of schema.sdl's `Query` type that lists the resource, e.g. `carts`, `inventoryEntries`. */
  readonly field: string
  /** A predicate every listing adds, for tables that hold part of a resource (e.g. published products). */
  readonly where?: string
  /** Scopes that allow the query, when they differ from the table's (any one suffices). */
  readonly access?: ReadonlyArray<string>
}

/** The GraphQL document of one page: ids only, sorted by id, the largest page, never an offset. */
export const document = (field: string): string =>
  `query ListIds($where: String) { page: ${field}(where: $where, sort: ["id asc"], limit: ${Query.pageLimit}) { results { id } } }`

const Ids = Schema.Struct({
  data: Schema.Struct({
    page: Schema.Struct({ results: Schema.Array(Schema.Struct({ id: Schema.String })) })
  })
})

const GraphQLErrors = Schema.Struct({
  errors: Schema.NonEmptyArray(
    Schema.Struct({
      message: Schema.String,
      extensions: Schema.optional(Schema.Struct({ code: Schema.optional(Schema.String) }))
    })
  )
})

const decodeIds = Schema.decodeUnknownEither(Ids, { errors: "first" })
const decodeErrors = Schema.decodeUnknownOption(GraphQLErrors)

/** What a GraphQL answer that carries errors means: a missing scope, or a query the API rejected. */
const rejection = (endpoint: Endpoint, body: unknown): SourceError | undefined => {
  const found = decodeErrors(body)
  if (found._tag === "None") return undefined
  const [first] = found.value.errors
  const denied = found.value.errors.some(
    (error) => error.extensions?.code === "insufficient_scope" || error.extensions?.code === "Forbidden"
  )
  return denied
    ? new SourceError({
        reason: "Access",
        table: endpoint.table,
        ...(endpoint.access[0] !== undefined ? { access: endpoint.access[0] } : {}),
        message: `${Scopes.describeMissing(endpoint.table, endpoint.access)} to list its ids for reconciliation`
      })
    : new SourceError({
        reason: "Request",
        table: endpoint.table,
        message: `${endpoint.table}: commercetools rejected the id listing (${first.message})`
      })
}

/**
 * Every id of a table, in pages of 500 sorted by id, each page continuing after the last id of the one before
 * (key-set: `id > "…"`), through `POST /{projectKey}/graphql` selecting `id` only.
 */
export const listIds = (
  table: string,
  listing: Listing,
  access: ReadonlyArray<string>
): Deletions.IdListing<Api> => {
  const endpoint: Endpoint = { table, path: "graphql", access: listing.access ?? access }
  const query = document(listing.field)
  const fetch = (api: Api["Type"]) => (page: KeysetRead.KeysetQuery) => {
    const clauses = [...(listing.where === undefined ? [] : [listing.where]), ...Query.predicates(page)]
    const variables = clauses.length > 0 ? { where: clauses.join(" and ") } : {}
    return api.post(endpoint, { query, variables }).pipe(
      Effect.flatMap(({ body, requests }) => {
        const rejected = rejection(endpoint, body)
        if (rejected !== undefined) return Effect.fail(rejected)
        return Sequence.decodedOr(decodeIds(body), table, `${table}: unexpected id listing`).pipe(
          Effect.map((ids) => ({ records: ids.data.page.results, requests }))
        )
      })
    )
  }
  // One sequence by id: a small table costs one request, and reconciliation runs rarely.
  return Sequence.readSequence(
    fetch,
    { strategy: "full", since: Option.none(), resume: {} },
    { cursorField: "id", primaryKey: "id" }
  ).pipe(Stream.map((page) => page.records.map((record) => String(record.id))))
}
