import {
  type FaultPlan,
  Store as MemoryStore,
  type RunningServer,
  recentEndDate,
  type Store,
  seedDemoData,
  startServer,
  viewScopes
} from "@sluice/commercetools-sandbox"
import { Effect, Layer, type Scope } from "effect"
import { tables } from "../../src/Tables.js"

export const projectKey = "test-project"
export const clientId = "test-client"
export const clientSecret = "s3cr3t-D0-NOT-LEAK-7f1c"

/** The source's own table declarations: the local server serves exactly these paths with these scopes. */
export const resources = tables.map((table) => table.endpoint)

export const allViewScopes = viewScopes(resources)

export interface LocalServerOptions {
  readonly orders?: number
  readonly scopes?: ReadonlyArray<string>
  readonly tokenLifetimeSeconds?: number
  readonly faults?: FaultPlan
  readonly store?: Store
}

/** The settings that point the source at a local server. */
export const settingsFor = (server: RunningServer, overrides: Record<string, string> = {}) => ({
  projectKey,
  clientId,
  clientSecret,
  authUrl: server.url,
  apiUrl: server.url,
  ...overrides
})

/** Starts the strict local commercetools server (seeded with demo data unless a store is given) in the scope. */
export const localServer = (
  options: LocalServerOptions = {}
): Effect.Effect<RunningServer, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => {
      const store = options.store ?? new MemoryStore()
      // Data ending recently: the seeded message history is within retention, so `messages` has rows.
      if (options.store === undefined)
        seedDemoData(store, { orders: options.orders ?? 600, endDate: recentEndDate() })
      return startServer({
        projectKey,
        resources,
        store,
        clients: [{ clientId, clientSecret, scopes: options.scopes ?? allViewScopes }],
        ...(options.tokenLifetimeSeconds === undefined
          ? {}
          : { tokenLifetimeSeconds: options.tokenLifetimeSeconds }),
        ...(options.faults === undefined ? {} : { faults: options.faults })
      })
    }),
    (server) => Effect.promise(() => server.close())
  )

export class LocalServer extends Effect.Tag("test/LocalServer")<LocalServer, RunningServer>() {
  static readonly layer = (options: LocalServerOptions = {}) =>
    Layer.scoped(LocalServer, localServer(options))
}

/** The (id, version) pairs a store holds for a resource type, as `id#version`, sorted. */
export const versionsIn = (store: Store, type: string): ReadonlyArray<string> =>
  store
    .all(type)
    .map((record) => `${record.id}#${record.version}`)
    .sort()
