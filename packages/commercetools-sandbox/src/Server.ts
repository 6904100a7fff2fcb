import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { type ClientConfig, TokenAuthority } from "./Auth.js"
import {
  ApiError,
  type ErrorBody,
  errorBody,
  insufficientScope,
  malformedParameter,
  resourceNotFound
} from "./Errors.js"
import { type Fault, type FaultDecider, type FaultPlan, makeFaultDecider } from "./Faults.js"
import { executeGraphql } from "./Graphql.js"
import { projectResource } from "./Project.js"
import { parseQuery, runQuery } from "./Query.js"
import {
  grants,
  MESSAGES,
  PROJECT_SCOPES,
  type ResourceDeclaration,
  type ResourceDef,
  resolveResources
} from "./Resources.js"
import { emptyStats, type RequestStats, recordEntry } from "./Stats.js"
import type { ResourceRecord, Store } from "./Store.js"

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

export type RequestKind = "token" | "list" | "get" | "project" | "graphql" | "other"

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

const JSON_TYPE = "application/json; charset=utf-8"
const MAX_BODY = 64 * 1024

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    let size = 0
    req.on("data", (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY) {
        reject(new ApiError(413, errorBody(413, "InvalidInput", "Request body too large.")))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const classify = (
  method: string,
  segments: ReadonlyArray<string>,
  projectKey: string,
  resourceByPath: (path: string) => ResourceDef | undefined
): RequestKind => {
  if (segments[0] === "oauth" && segments[1] === "token" && segments.length === 2) return "token"
  if (segments[0] === projectKey && segments.length === 1) return "project"
  if (segments[0] === projectKey && segments[1] === "graphql" && segments.length === 2) return "graphql"
  if (segments[0] === projectKey && method === "GET" && resourceByPath(segments[1] ?? "") !== undefined) {
    if (segments.length === 2) return "list"
    if (segments.length === 3) return "get"
  }
  return "other"
}

const gatewayError = (status: 502 | 503 | 504): ErrorBody => {
  switch (status) {
    case 502:
      return errorBody(502, "BadGateway", "Bad Gateway: the upstream service returned an invalid response.")
    case 503:
      return errorBody(
        503,
        "OverCapacity",
        "The service is having trouble handling the load. Please retry later."
      )
    case 504:
      return errorBody(504, "GatewayTimeout", "Gateway Timeout: the upstream service did not answer in time.")
  }
}

/** Parses a numeric query value for statistics only (validation happens in the query parser). */
const observedInt = (raw: string | null): number | undefined => {
  if (raw === null) return undefined
  const n = Number(raw)
  return Number.isFinite(n) ? n : undefined
}

const queryParams = (query: URLSearchParams) => {
  const variables: Record<string, Array<string>> = {}
  for (const [name, value] of query) {
    if (!name.startsWith("var.")) continue
    const key = name.slice(4)
    const list = variables[key] ?? []
    list.push(value)
    variables[key] = list
  }
  return {
    where: query.getAll("where"),
    sort: query.getAll("sort"),
    limit: query.get("limit") ?? undefined,
    offset: query.get("offset") ?? undefined,
    withTotal: query.get("withTotal") ?? undefined,
    variables
  }
}

const parseStaged = (def: ResourceDef, query: URLSearchParams): boolean => {
  const raw = query.get("staged")
  if (!def.staged || raw === null) return false
  const value = raw.trim().toLowerCase()
  if (value !== "true" && value !== "false") {
    throw malformedParameter("staged", "The staged parameter must be a boolean (true or false).")
  }
  return value === "true"
}

/** Starts a strict commercetools-compatible HTTP server (auth + read API) on `node:http`. */
export const startServer = async (options: ServerOptions): Promise<RunningServer> => {
  const { store, projectKey } = options
  // The declared tables, and the Messages endpoint (an API fact, not a table).
  const resources = [...resolveResources(options.resources), MESSAGES]
  const resourceByPath = (path: string): ResourceDef | undefined => resources.find((r) => r.path === path)
  const authority = new TokenAuthority(projectKey, options.clients, options.tokenLifetimeSeconds ?? 172_800)
  let stats = emptyStats()
  let faults: FaultDecider = makeFaultDecider(options.faults)
  const hooks = new Set<RequestHook>()
  let seq = 0

  /** Records served as stored reuse their cached JSON; views (projections) are serialized fresh. */
  const serialize = (type: string, item: unknown): string => {
    const record = item as ResourceRecord
    return store.get(type, record.id) === record ? store.json(record) : JSON.stringify(item)
  }

  const handleApi = (
    req: IncomingMessage,
    segments: ReadonlyArray<string>,
    query: URLSearchParams
  ): string => {
    const def = resourceByPath(segments[1] ?? "")
    const token = authority.verify(req.headers.authorization)
    if (def === undefined || segments.length > 3) {
      throw resourceNotFound(`The endpoint '${req.method ?? "GET"} /${segments.join("/")}' does not exist.`)
    }
    if (segments[0] !== projectKey) {
      // Tokens are issued per project: they grant nothing in another project.
      throw insufficientScope(def.scopes(false).map((scope) => `${scope}:${segments[0] ?? ""}`))
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      throw new ApiError(
        405,
        errorBody(405, "InvalidOperation", `Method ${req.method ?? ""} is not supported by the sandbox.`)
      )
    }
    const staged = parseStaged(def, query)
    const needed = def.scopes(staged)
    if (!needed.some((scope) => grants(token.scopes, scope))) throw insufficientScope(needed)
    const view = def.view?.(staged)
    if (segments.length === 3) {
      const ref = decodeURIComponent(segments[2] ?? "")
      let record: ResourceRecord | undefined
      if (ref.startsWith("key=")) {
        const key = ref.slice(4)
        record = store.byIdIndex(def.type).find((r) => r.key === key)
      } else {
        record = store.get(def.type, ref)
      }
      const item = record === undefined ? undefined : view === undefined ? record : view(record)
      if (item === undefined) {
        const what = ref.startsWith("key=") ? `key '${ref.slice(4)}'` : `ID '${ref}'`
        throw resourceNotFound(`The Resource with ${what} was not found.`)
      }
      return serialize(def.type, item)
    }
    if (def.type === "messages") store.purgeExpiredMessages()
    const spec = parseQuery(queryParams(query), def.fields)
    const result = runQuery(store, def.type, spec, view)
    const parts: Array<string> = []
    for (const item of result.results) parts.push(serialize(def.type, item))
    const total = result.total === undefined ? "" : `,"total":${result.total}`
    return `{"limit":${result.limit},"offset":${result.offset},"count":${result.count}${total},"results":[${parts.join(",")}]}`
  }

  /** Checks the bearer token, the project and the method; returns the token's scopes. */
  const authorize = (
    req: IncomingMessage,
    segments: ReadonlyArray<string>,
    method: string,
    scopes: ReadonlyArray<string>
  ): ReadonlySet<string> => {
    const token = authority.verify(req.headers.authorization)
    if (segments[0] !== projectKey) {
      throw insufficientScope(scopes.map((scope) => `${scope}:${segments[0] ?? ""}`))
    }
    if (req.method !== method && !(method === "GET" && req.method === "HEAD")) {
      throw new ApiError(
        405,
        errorBody(405, "InvalidOperation", `Method ${req.method ?? ""} is not supported by the sandbox.`)
      )
    }
    if (scopes.length > 0 && !scopes.some((scope) => grants(token.scopes, scope)))
      throw insufficientScope(scopes)
    return token.scopes
  }

  /** `GET /{projectKey}`: the project's settings (messages, carts) as the Project resource. */
  const handleProject = (req: IncomingMessage, segments: ReadonlyArray<string>): string => {
    authorize(req, segments, "GET", PROJECT_SCOPES)
    return JSON.stringify(projectResource(projectKey, store.project))
  }

  /** `POST /{projectKey}/graphql`: scopes are checked per queried field, as REST checks them per endpoint. */
  const handleGraphql = async (req: IncomingMessage, segments: ReadonlyArray<string>): Promise<string> => {
    const granted = authorize(req, segments, "POST", [])
    return executeGraphql(await readBody(req), { store, resources, granted })
  }

  const handleToken = async (req: IncomingMessage, query: URLSearchParams): Promise<string> => {
    if (req.method !== "POST") {
      throw new ApiError(405, errorBody(405, "invalid_request", "The token endpoint only accepts POST."))
    }
    const body = await readBody(req)
    const params = new URLSearchParams(query)
    for (const [name, value] of new URLSearchParams(body)) if (!params.has(name)) params.set(name, value)
    return JSON.stringify(authority.issue(req.headers.authorization, params))
  }

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    headers: Readonly<Record<string, string>>,
    type = JSON_TYPE
  ): void => {
    res.writeHead(status, {
      "content-type": type,
      "content-length": Buffer.byteLength(body),
      "x-correlation-id": `sandbox-${seq}`,
      ...headers
    })
    res.end(body)
  }

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now()
    const id = ++seq
    const method = req.method ?? "GET"
    const url = new URL(req.url ?? "/", "http://sandbox")
    const segments = url.pathname.split("/").filter((s) => s !== "")
    const kind = classify(method, segments, projectKey, resourceByPath)
    const resource = kind === "list" || kind === "get" ? segments[1] : undefined
    stats.total++
    stats.inFlight++
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
    const current = stats
    let finished = false
    const finish = (status: number, fault?: Fault | "concurrency"): void => {
      if (finished) return
      finished = true
      current.inFlight--
      recordEntry(current, {
        seq: id,
        method,
        path: url.pathname,
        query: url.search.slice(1),
        status,
        ...(fault === undefined ? {} : { fault }),
        durationMs: Date.now() - started
      })
    }
    res.on("close", () => finish(res.headersSent ? res.statusCode : 0))
    if (kind === "token") stats.tokenRequests++
    else if (segments[0] !== "oauth") stats.apiRequests++
    if (kind === "list" && resource !== undefined) {
      stats.listRequests[resource] = (stats.listRequests[resource] ?? 0) + 1
      const limit = observedInt(url.searchParams.get("limit"))
      const offset = observedInt(url.searchParams.get("offset"))
      if (limit !== undefined) stats.maxLimit = Math.max(stats.maxLimit, limit)
      if (offset !== undefined) stats.maxOffset = Math.max(stats.maxOffset, offset)
    } else if (kind === "get" && resource !== undefined) {
      stats.getRequests[resource] = (stats.getRequests[resource] ?? 0) + 1
    }

    try {
      const info: RequestInfo = {
        seq: id,
        method,
        path: url.pathname,
        kind,
        ...(resource === undefined ? {} : { resource }),
        query: url.searchParams
      }
      const plan = faults.plan
      const eligible = kind !== "token" || plan.tokenFaults === true
      // Concurrency is judged on arrival, before hooks or latency hold the request.
      if (eligible && plan.maxConcurrent !== undefined && current.inFlight > plan.maxConcurrent) {
        current.faults.concurrency++
        send(res, 429, JSON.stringify(errorBody(429, "TooManyRequests", "Too many concurrent requests.")), {
          "retry-after": String(plan.retryAfterSeconds ?? 1)
        })
        finish(429, "concurrency")
        return
      }

      for (const hook of hooks) await hook(info)

      if (eligible) {
        const fault = faults.next()
        if (fault !== undefined) {
          current.faults[fault]++
          if (options.latencyMs) await delay(options.latencyMs)
          if (fault === "drop") {
            finish(0, "drop")
            req.socket.destroy()
            return
          }
          if (fault === "429") {
            send(res, 429, JSON.stringify(errorBody(429, "TooManyRequests", "Too many requests.")), {
              "retry-after": String(plan.retryAfterSeconds ?? 1)
            })
          } else {
            const status = Number(fault) as 502 | 503 | 504
            if (plan.nonJsonGatewayErrors === true) {
              send(res, status, `<html><body><h1>${status}</h1></body></html>`, {}, "text/html")
            } else {
              send(res, status, JSON.stringify(gatewayError(status)), {})
            }
          }
          finish(res.statusCode, fault)
          return
        }
      }

      if (options.latencyMs) await delay(options.latencyMs)
      if (kind === "token") {
        const body = await handleToken(req, url.searchParams)
        send(res, 200, body, { "cache-control": "no-store" })
      } else if (segments[0] === "oauth") {
        send(
          res,
          404,
          JSON.stringify(errorBody(404, "invalid_request", "Unknown authorization endpoint.")),
          {}
        )
      } else if (kind === "project") {
        send(res, 200, handleProject(req, segments), {})
      } else if (kind === "graphql") {
        send(res, 200, await handleGraphql(req, segments), {})
      } else if (segments.length < 2) {
        throw resourceNotFound(`The endpoint '${method} ${url.pathname}' does not exist.`)
      } else {
        send(res, 200, handleApi(req, segments, url.searchParams), {})
      }
      finish(res.statusCode)
    } catch (error) {
      if (res.headersSent || res.destroyed) return
      if (error instanceof ApiError) {
        send(res, error.status, JSON.stringify(error.body), error.headers)
      } else {
        const message = error instanceof Error ? error.message : String(error)
        send(res, 500, JSON.stringify(errorBody(500, "General", `Internal sandbox error: ${message}`)), {})
      }
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
    revokeTokens: () => authority.revokeAll(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      })
  }
}
