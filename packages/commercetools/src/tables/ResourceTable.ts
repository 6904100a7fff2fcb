import { KeysetRead, SourceError, Table, type Views, type Warehouse } from "@sluice/source-sdk"
import { Effect, Either, Option, type Schema, Stream } from "effect"
import { Api, type Endpoint, type QueryParams } from "../Api.js"
import * as IdListing from "../deletions/IdListing.js"
import { decodePageBytes, decodePageRows } from "../Envelope.js"
import * as Query from "../Query.js"

/** The fields every commercetools resource has, by which a table is keyed, versioned, read and partitioned. */
type ResourceKeys = "id" | "version" | "createdAt" | "lastModifiedAt"

interface ResourceTableFields<A, I> {
  readonly name: string
  readonly description: string
  /** The path segment under `/{projectKey}`. */
  readonly path: string
  /** The record schema; it must have the resource fields (`id`, `version`, `createdAt`, `lastModifiedAt`). */
  readonly schema: Schema.Schema<A, I>
  /**
   * The period of `createdAt` one warehouse partition holds: "month" for a table that grows with trade (orders,
   * carts, payments, quotes, messages), "year" for catalogue, setup and customer tables.
   */
  readonly grain: Table.Grain
  /** Scopes that make it readable; any one suffices. The first is the one to ask for. */
  readonly access: ReadonlyArray<string>
  /** Query parameters every request of this table carries (e.g. `staged=false`). */
  readonly params?: QueryParams
  /** Fields removed from every record before it leaves the source. */
  readonly omit?: ReadonlyArray<string>
  /** The message types that report a record of this table gone; none: only reconciliation finds its deletions. */
  readonly deletedBy?: ReadonlyArray<DeletionMessageType>
  /** What a deletion does to its rows; default "soft". */
  readonly deletes?: Warehouse.DeletePolicy
  /** Analysis-ready views the warehouse keeps over the table (line items, money as amounts). */
  readonly views?: ReadonlyArray<Views.View<Table.Field<A, I>>>
}

/** A table is reconciled by listing its ids, or says why its rows are never marked deleted. */
export type ResourceTableOptions<A, I> = ResourceTableFields<A, I> &
  (
    | {
        /** How reconciliation lists the table's ids (GraphQL). */
        readonly ids: IdListing.Listing
        readonly kept?: never
      }
    | {
        readonly ids?: never
        /** Why rows stay when the API no longer serves their records (e.g. messages age out; nothing was deleted). */
        readonly kept: string
      }
  )

/** The deletion message types of the Messages API that the source reads (api/types/message/*DeletedMessage.raml). */
export type DeletionMessageType =
  | "OrderDeleted"
  | "CustomerDeleted"
  | "ProductDeleted"
  | "ProductUnpublished"
  | "DiscountCodeDeleted"
  | "InventoryEntryDeleted"
  | "StoreDeleted"
  | "StandalonePriceDeleted"
  | "CartDiscountDeleted"
  | "QuoteDeleted"
  | "BusinessUnitDeleted"

export interface ResourceTable extends Table.Table<Api> {
  readonly endpoint: Endpoint
  /** Parameters every request of this table carries. */
  readonly params: QueryParams
  readonly deletedBy: ReadonlyArray<DeletionMessageType>
}

const without = (fields: ReadonlyArray<string>) => (record: Readonly<Record<string, unknown>>) => {
  if (!fields.some((field) => field in record)) return record
  const copy: Record<string, unknown> = { ...record }
  for (const field of fields) delete copy[field]
  return copy
}

/**
 * A commercetools resource as a table: keyed by `id`, versioned by `version`, read incrementally by
 * `lastModifiedAt`, partitioned by month or year (its grain) of `createdAt`. The SDK's key-set reader owns the paging loop; this
 * only turns each page request into a query and decodes the answer.
 */
export const make = <A extends Record<ResourceKeys, unknown>, I extends Record<ResourceKeys, unknown>>(
  options: ResourceTableOptions<A, I>
): ResourceTable => {
  const endpoint: Endpoint = { table: options.name, path: options.path, access: options.access }
  const params = options.params ?? []
  const clean = without(options.omit ?? [])
  // A page is scanned into rows, each field checked against the table's schema as it is read (see `JsonScan`);
  // a page that cannot be rows is scanned into objects, their nested values checked the same way.
  const shape = Table.rowShape(options, options.omit)
  const checks = shape?.checks ?? Table.fieldChecks(options)
  const fetch = (api: Api["Type"]) => (query: KeysetRead.KeysetQuery) =>
    api.getBytes(endpoint, Query.params(query, params)).pipe(
      Effect.flatMap(
        ({ body, requests, bytes, release }): Effect.Effect<KeysetRead.FetchedPage, SourceError> => {
          const answer = { requests, bytes, ...(release !== undefined ? { release } : {}) }
          const rows = shape === undefined ? undefined : decodePageRows(body, shape)
          if (rows !== undefined) return Effect.succeed({ records: rows, ...answer })
          return Either.match(decodePageBytes(body, checks), {
            onLeft: (problem) => {
              release?.()
              return Effect.fail(
                new SourceError({
                  reason: "Decode",
                  table: options.name,
                  message: `${options.name}: unexpected page from commercetools (${problem})`
                })
              )
            },
            onRight: (page) => Effect.succeed({ records: page.results.map(clean), ...answer })
          })
        }
      )
    )
  // The bounds on A and I prove the resource fields exist; the generic keys are only resolved once erased here.
  const schema = options.schema as unknown as Schema.Schema<
    Record<ResourceKeys, unknown>,
    Record<ResourceKeys, unknown>
  >
  const table = Table.make({
    name: options.name,
    description: options.description,
    schema,
    primaryKey: "id",
    versionField: "version",
    cursorField: "lastModifiedAt",
    partition: { field: "createdAt", grain: options.grain },
    modes: ["incremental", "full_refresh", "append"],
    access: options.access,
    ...(options.deletes === undefined ? {} : { deletes: options.deletes }),
    ...(options.kept === undefined ? {} : { kept: options.kept }),
    read: (request, table) =>
      Stream.unwrap(
        Effect.map(Api, (api) =>
          KeysetRead.read({ fetch: fetch(api), limit: Query.pageLimit, concurrency: api.concurrency })(
            request,
            table
          )
        )
      )
  })
  const ids = options.ids
  const graphqlIds = ids === undefined ? undefined : IdListing.listIds(options.name, ids, options.access)
  // A client that may read the table but not list it through GraphQL (view_published_products) lists ids from
  // a full read instead: whole records, costly, but reconciliation still works.
  const listIds =
    graphqlIds === undefined || ids?.access === undefined
      ? graphqlIds
      : graphqlIds.pipe(
          Stream.catchAll((error) =>
            error.reason === "Access"
              ? table
                  .read({ strategy: "full", since: Option.none(), resume: {} })
                  .pipe(Stream.map((page) => page.records.map((record) => String(record.id))))
              : Stream.fail(error)
          )
        )
  // Views are checked against the schema's own fields above; the erased table takes them as they are.
  const views: ReadonlyArray<Views.View> | undefined = options.views
  return {
    ...table,
    ...(views === undefined ? {} : { views }),
    endpoint,
    params,
    deletedBy: options.deletedBy ?? [],
    ...(listIds === undefined ? {} : { listIds })
  }
}
