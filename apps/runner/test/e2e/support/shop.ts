import { Tables } from "@sluice/commercetools"
import {
  type ResourceDeclaration,
  type RunningServer,
  type SandboxOptions,
  type Store,
  startSandbox
} from "@sluice/commercetools-sandbox"

/** The source's own table declarations (name, API path, scopes): the shop serves exactly these. */
export const resources: ReadonlyArray<ResourceDeclaration> = Tables.tables.map((table) => table.endpoint)

export const tableNames: ReadonlyArray<string> = resources.map((resource) => resource.table)

export const pathOf = (table: string): string => {
  const found = resources.find((resource) => resource.table === table)
  if (found === undefined) throw new Error(`unknown table ${table}`)
  return found.path
}

export type ShopOptions = { readonly orders: number } & Pick<
  SandboxOptions,
  | "seed"
  | "projectKey"
  | "clientId"
  | "clientSecret"
  | "scopes"
  | "tokenLifetimeSeconds"
  | "faults"
  | "latencyMs"
  | "otherClients"
  | "project"
  | "clock"
>

export interface Shop {
  readonly server: RunningServer
  readonly store: Store
  readonly projectKey: string
  readonly clientId: string
  readonly clientSecret: string
  /** CTP_* settings pointing the commercetools source at this server. */
  readonly env: Readonly<Record<string, string>>
  readonly close: () => Promise<void>
}

/**
 * A commercetools-compatible server in this process (so a test can change its records and read its request
 * statistics), seeded with the deterministic demo data.
 */
export const startShop = async (options: ShopOptions): Promise<Shop> => {
  const { server, store, projectKey, clientId, clientSecret } = await startSandbox({
    ...options,
    resources,
    seed: options.seed ?? 42,
    projectKey: options.projectKey ?? "e2e-shop",
    clientId: options.clientId ?? "e2e-client",
    clientSecret: options.clientSecret ?? "e2e-Secret-9f8e7d6c5b4a"
  })
  return {
    server,
    store,
    projectKey,
    clientId,
    clientSecret,
    env: {
      CTP_PROJECT_KEY: projectKey,
      CTP_CLIENT_ID: clientId,
      CTP_CLIENT_SECRET: clientSecret,
      CTP_AUTH_URL: server.url,
      CTP_API_URL: server.url,
      // The default (40 requests per second) would make the larger scenarios slow; the server is local.
      CTP_REQUESTS_PER_SECOND: "1000"
    },
    close: () => server.close()
  }
}

/** `id:version` of a record. */
export const key = (id: unknown, version: unknown): string => `${String(id)}:${String(version)}`

/**
 * The rows a table should hold, as `id:version`: what the server serves for the table right now (for
 * product_projections, the published products as `/product-projections?staged=false` shows them).
 */
export const serverRows = (shop: Shop, table: string): Set<string> =>
  new Set(shop.server.served(table).map((record) => key(record.id, record.version)))

/** Every table's server rows. */
export const allServerRows = (shop: Shop): Map<string, Set<string>> =>
  new Map(tableNames.map((table) => [table, serverRows(shop, table)]))

/** List requests the server received for a table. */
export const listRequests = (shop: Shop, table: string): number =>
  shop.server.stats.listRequests[pathOf(table)] ?? 0

/**
 * At least the pages (and list requests, without faults) a full read of a table takes: the pages of sixteen slices
 * by the first hex digit of the id, 500 records a page, a page shorter than 500 ending its slice. (A read slices
 * only after a full first page, into as many slices as the rest needs, so it takes a few pages fewer.)
 */
export const fullReadPages = (shop: Shop, table: string): number => {
  const perSlice = new Map<string, number>()
  for (const row of serverRows(shop, table)) perSlice.set(row[0] ?? "", (perSlice.get(row[0] ?? "") ?? 0) + 1)
  let pages = 0
  for (let digit = 0; digit < 16; digit++)
    pages += Math.floor((perSlice.get(digit.toString(16)) ?? 0) / 500) + 1
  return pages
}

/** The store type behind a table (`product_projections` → `products`), as the server declares it. */
export const storeTypeOf = (shop: Shop, table: string): string => {
  const found = shop.server.resources.find((resource) => resource.table === table)
  if (found === undefined) throw new Error(`the shop serves no table ${table}`)
  return found.type
}

/** The table a store type backs (`discount-codes` → `discount_codes`). */
export const tableOfType = (shop: Shop, type: string): string => {
  const found = shop.server.resources.find(
    (resource) => resource.type === type && resource.table !== "messages"
  )
  if (found === undefined) throw new Error(`the shop serves no table of type ${type}`)
  return found.table
}
