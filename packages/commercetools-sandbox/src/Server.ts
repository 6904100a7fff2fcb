import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { type ClientConfig, TokenAuthority } from "./Auth.js"
import { errorBody, resourceNotFound } from "./Errors.js"
import { type Fault, type FaultDecider, type FaultPlan, faultAnswer, makeFaultDecider } from "./Faults.js"
import { MESSAGES, type ResourceDeclaration, type ResourceDef, resolveResources } from "./Resources.js"
import { countArrival, emptyStats, type RequestStats, recordEntry } from "./Stats.js"
import type { ResourceRecord, Store } from "./Store.js"
import { delay, send, sendError } from "./server/Http.js"
import {
  classify,
  type RequestKind,
  type RouteContext,
  serveGraphql,
  serveProject,
  serveResource,
  serveToken
} from "./server/Routes.js"

export type { RequestKind } from "./server/Routes.js"

export interface ServerOptions {
  /** 0 (default) picks a free port. */
  readonly port?: number
  /** Default 127.0.0.1. */
  readonly host?: string
  readonly projectKey: string
  /** The tables to serve, as the source declares them (table name, path, access scopes). */
  readonly resources: ReadonlyArray<ResourceDeclaration>
  readonly clients: ReadonlyArray<ClientConfig>
  /** `expires_in` of issued tokens (default 172800 = 48 h, as the API). */
  readonly tokenLifetimeSeconds?: number
  readonly faults?: FaultPlan
  readonly store: Store
  /** Delay added before answering each request. */
  readonly latencyMs?: number
}

/** What an `onRequest` hook sees, before the request is handled. */
export interface RequestInfo {
  readonly seq: number
  readonly method: string
  readonly path: string
  readonly kind: RequestKind
  /** Resource path segment for API requests (`orders`, ...). */
  readonly resource?: string
  readonly query: URLSearchParams
}

export type RequestHook = (info: RequestInfo) => void | Promise<void>

export interface RunningServer {
  /** Base URL serving both `/oauth/token` and `/{projectKey}/...`, e.g. `http://127.0.0.1:PORT`. */
  readonly url: string
  readonly port: number
  readonly projectKey: string
  readonly store: Store
  /** The endpoints served: the caller's declarations with the sandbox's kind of each. */
  readonly resources: ReadonlyArray<ResourceDef>
  /** The records a table's endpoint serves now (`staged=false`: a product only while published). */
  served(table: string): ReadonlyArray<ResourceRecord>
  readonly stats: RequestStats
  resetStats(): void
  setFaults(plan: FaultPlan | undefined): void
  /** Registers a hook run (and awaited) before each request is handled; returns its removal. */
  onRequest(hook: RequestHook): () => void
  /** Invalidates every issued token (the next API request answers 401 invalid_token). */
  revokeTokens(): void
  close(): Promise<void>
}

/** Starts a strict commercetools-compatible HTTP server (auth, read API, messages, project, GraphQL) on `node:http`. */
export const startServer = async (options: ServerOptions): Promise<RunningServer> => {
  const { store, projectKey } = options
  // The declared tables, and the Messages endpoint (an API fact, whether or not a table reads it).
  const declared = resolveResources(options.resources)
  const resources = declared.some((def) => def.path === MESSAGES.path) ? declared : [...declared, MESSAGES]
  const context: RouteContext = {
    store,
    projectKey,
    authority: new TokenAuthority(projectKey, options.clients, options.tokenLifetimeSeconds ?? 172_800),
    resources,
    resourceByPath: (path: string): ResourceDef | undefined => resources.find((r) => r.path === path)
  }
  let stats = emptyStats()
  let faults: FaultDecider = makeFaultDecider(options.faults)
  const hooks = new Set<RequestHook>()
  let seq = 0

  /** The route's answer, once faults and hooks let the request through. */
  const route = async (
    req: IncomingMessage,
    res: ServerResponse,
    id: number,
    kind: RequestKind,
    segments: ReadonlyArray<string>,
    url: URL
  ): Promise<void> => {
    if (kind === "token") {
      send(res, id, 200, await serveToken(context, req, url.searchParams), { "cache-control": "no-store" })
    } else if (segments[0] === "oauth") {
      send(res, id, 404, JSON.stringify(errorBody(404, "invalid_request", "Unknown authorization endpoint.")))
    } else if (kind === "project") {
      send(res, id, 200, serveProject(context, req, segments))
    } else if (kind === "graphql") {
      send(res, id, 200, await serveGraphql(context, req, segments))
    } else if (segments.length < 2) {
      throw resourceNotFound(`The endpoint '${req.method ?? "GET"} ${url.pathname}' does not exist.`)
    } else {
      send(res, id, 200, serveResource(context, req, segments, url.searchParams))
    }
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now()
    const id = ++seq
    const method = req.method ?? "GET"
    const url = new URL(req.url ?? "/", "http://sandbox")
    const segments = url.pathname.split("/").filter((s) => s !== "")
    const kind = classify(context, method, segments)
    const resource = kind === "list" || kind === "get" ? segments[1] : undefined
    const current = stats
    countArrival(current, { kind, segments, resource, query: url.searchParams })
    let finished = false
    const finish = (status: number, fault?: Fault | "concurrency"): void => {
      if (finished) return
      finished = true
      current.inFlight--
      recordEntry(current, kind, {
        seq: id,
        method,
        path: url.pathname,
        query: url.search.slice(1),
        status,
        ...(fault === undefined ? {} : { fault }),
        durationMs: Date.now() - started,
        bytes: status === 0 ? 0 : Number(res.getHeader("content-length") ?? 0)
      })
    }
    res.on("close", () => finish(res.headersSent ? res.statusCode : 0))

    try {
      const plan = faults.plan
      const eligible = kind !== "token" || plan.tokenFaults === true
      // Concurrency is judged on arrival, before hooks or latency hold the request.
      if (eligible && plan.maxConcurrent !== undefined && current.inFlight > plan.maxConcurrent) {
        current.faults.concurrency++
        const answer = faultAnswer("concurrency", plan)
        send(res, id, answer.status, answer.body, answer.headers)
        finish(429, "concurrency")
        return
      }

      const info: RequestInfo = {
        seq: id,
        method,
        path: url.pathname,
        kind,
        ...(resource === undefined ? {} : { resource }),
        query: url.searchParams
      }
      for (const hook of hooks) await hook(info)

      const fault = eligible ? faults.next() : undefined
      if (options.latencyMs) await delay(options.latencyMs)
      if (fault === "drop") {
        current.faults.drop++
        finish(0, "drop")
        req.socket.destroy()
        return
      }
      if (fault !== undefined) {
        current.faults[fault]++
        const answer = faultAnswer(fault, plan)
        send(res, id, answer.status, answer.body, answer.headers, answer.type)
        finish(res.statusCode, fault)
        return
      }
      await route(req, res, id, kind, segments, url)
      finish(res.statusCode)
    } catch (error) {
      if (res.headersSent || res.destroyed) return
      sendError(res, id, error)
      finish(res.statusCode)
    }
  }

  const server = createServer((req, res) => {
    void handle(req, res)
  })
  server.keepAliveTimeout = 30_000

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = options.host ?? "127.0.0.1"
  const urlHost = host.includes(":") ? `[${host}]` : host

  return {
    url: `http://${urlHost}:${address.port}`,
    port: address.port,
    projectKey,
    store,
    resources,
    served: (table) => {
      const def = resources.find((r) => r.table === table)
      if (def === undefined) throw new Error(`the sandbox serves no table ${table}`)
      if (def.type === "messages") store.purgeExpiredMessages()
      const view = def.view?.(false)
      const records = store.byIdIndex(def.type)
      return view === undefined ? records.slice() : records.filter((record) => view(record) !== undefined)
    },
    get stats() {
      return stats
    },
    resetStats: () => {
      const inFlight = stats.inFlight
      stats = emptyStats()
      stats.inFlight = inFlight
    },
    setFaults: (plan) => {
      faults = makeFaultDecider(plan)
    },
    onRequest: (hook) => {
      hooks.add(hook)
      return () => {
        hooks.delete(hook)
      }
    },
    revokeTokens: () => context.authority.revokeAll(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
