import type { ClientConfig } from "./Auth.js"
import { type DemoDataOptions, type DemoDataSummary, seedDemoData } from "./DemoData.js"
import type { FaultPlan } from "./Faults.js"
import type { ProjectSettings } from "./Project.js"
import { type ResourceDeclaration, sandboxScopes } from "./Resources.js"
import { type RunningServer, startServer } from "./Server.js"
import { Store } from "./Store.js"

/** Options of a ready-to-use sandbox: a seeded store behind a server with one API client. */
export interface SandboxOptions extends DemoDataOptions {
  /** The tables to serve, as the source declares them (a commercetools table's `endpoint`). */
  readonly resources: ReadonlyArray<ResourceDeclaration>
  readonly port?: number
  readonly host?: string
  /** Default `sluice-demo`. */
  readonly projectKey?: string
  /** Default `sandbox-client`. */
  readonly clientId?: string
  /** Default `sandbox-secret`. */
  readonly clientSecret?: string
  /** Default: the first scope of every declared table, `view_messages` and `view_project_settings`. */
  readonly scopes?: ReadonlyArray<string>
  readonly tokenLifetimeSeconds?: number
  readonly faults?: FaultPlan
  readonly latencyMs?: number
  /** Project settings: messages (on, kept 15 days by default) and cart expiry (90 days). */
  readonly project?: Partial<ProjectSettings>
  /** The time message retention and cart expiry are judged against (default `Date.now`). */
  readonly clock?: () => number
  /** Cache each record's JSON until it changes: faster repeated reads, about twice the memory. */
  readonly cacheJson?: boolean
  /** More API clients the server accepts (e.g. one lacking a scope). */
  readonly otherClients?: ReadonlyArray<ClientConfig>
}

/** Seeds demo data and starts the server: what `--sandbox` and `bin.ts` run. */
export const startSandbox = async (
  options: SandboxOptions
): Promise<{
  readonly server: RunningServer
  readonly store: Store
  readonly summary: DemoDataSummary
  readonly projectKey: string
  readonly clientId: string
  readonly clientSecret: string
}> => {
  const store = new Store({
    cacheJson: options.cacheJson ?? false,
    ...(options.project === undefined ? {} : { project: options.project }),
    ...(options.clock === undefined ? {} : { clock: options.clock })
  })
  const summary = seedDemoData(store, options)
  const projectKey = options.projectKey ?? "sluice-demo"
  const clientId = options.clientId ?? "sandbox-client"
  const clientSecret = options.clientSecret ?? "sandbox-secret"
  const server = await startServer({
    store,
    projectKey,
    resources: options.resources,
    clients: [
      { clientId, clientSecret, scopes: options.scopes ?? sandboxScopes(options.resources) },
      ...(options.otherClients ?? [])
    ],
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.tokenLifetimeSeconds === undefined
      ? {}
      : { tokenLifetimeSeconds: options.tokenLifetimeSeconds }),
    ...(options.faults === undefined ? {} : { faults: options.faults }),
    ...(options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs })
  })
  return { server, store, summary, projectKey, clientId, clientSecret }
}
