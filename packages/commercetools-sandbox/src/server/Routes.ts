import type { IncomingMessage } from "node:http"
import type { TokenAuthority } from "../Auth.js"
import { ApiError, errorBody, insufficientScope, malformedParameter, resourceNotFound } from "../Errors.js"
import { executeGraphql } from "../Graphql.js"
import { projectResource } from "../Project.js"
import { parseQuery, runQuery } from "../Query.js"
import { grants, PROJECT_SCOPES, type ResourceDef } from "../Resources.js"
import type { ResourceRecord, Store } from "../Store.js"
import { readBody } from "./Http.js"

/** What every route handler works with. */
export interface RouteContext {
  readonly store: Store
  readonly projectKey: string
  readonly authority: TokenAuthority
  readonly resources: ReadonlyArray<ResourceDef>
  readonly resourceByPath: (path: string) => ResourceDef | undefined
}

export type RequestKind = "token" | "list" | "get" | "project" | "graphql" | "other"

/** Which route a request takes, judged from its method and path alone. */
export const classify = (
  context: RouteContext,
  method: string,
  segments: ReadonlyArray<string>
): RequestKind => {
  const { projectKey } = context
  if (segments[0] === "oauth" && segments[1] === "token" && segments.length === 2) return "token"
  if (segments[0] === projectKey && segments.length === 1) return "project"
  if (segments[0] === projectKey && segments[1] === "graphql" && segments.length === 2) return "graphql"
  if (
    segments[0] === projectKey &&
    method === "GET" &&
    context.resourceByPath(segments[1] ?? "") !== undefined
  ) {
    if (segments.length === 2) return "list"
    if (segments.length === 3) return "get"
  }
  return "other"
}

const notSupported = (method: string | undefined): ApiError =>
  new ApiError(
    405,
    errorBody(405, "InvalidOperation", `Method ${method ?? ""} is not supported by the sandbox.`)
  )

/**
 * Checks the bearer token, the project (tokens grant nothing in another project: the error names `scopes` there)
 * and the method; returns the token's scopes.
 */
const authorize = (
  context: RouteContext,
  req: IncomingMessage,
  segments: ReadonlyArray<string>,
  method: "GET" | "POST",
  scopes: ReadonlyArray<string>
): ReadonlySet<string> => {
  const token = context.authority.verify(req.headers.authorization)
  if (segments[0] !== context.projectKey) {
    throw insufficientScope(scopes.map((scope) => `${scope}:${segments[0] ?? ""}`))
  }
  if (req.method !== method && !(method === "GET" && req.method === "HEAD")) throw notSupported(req.method)
  return token.scopes
}

/** 403 unless one of `needed` is granted. */
const requireScope = (granted: ReadonlySet<string>, needed: ReadonlyArray<string>): void => {
  if (!needed.some((scope) => grants(granted, scope))) throw insufficientScope(needed)
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

/** Records served as stored reuse their cached JSON; views (projections) are serialized fresh. */
const serialize = (store: Store, type: string, item: unknown): string => {
  const record = item as ResourceRecord
  return store.get(type, record.id) === record ? store.json(record) : JSON.stringify(item)
}

/** `GET /{projectKey}/{path}` (a query) and `GET /{projectKey}/{path}/{id | key=KEY}` of a table or the messages. */
export const serveResource = (
  context: RouteContext,
  req: IncomingMessage,
  segments: ReadonlyArray<string>,
  query: URLSearchParams
): string => {
  const { store } = context
  const def = context.resourceByPath(segments[1] ?? "")
  if (def === undefined || segments.length > 3) {
    context.authority.verify(req.headers.authorization)
    throw resourceNotFound(`The endpoint '${req.method ?? "GET"} /${segments.join("/")}' does not exist.`)
  }
  const granted = authorize(context, req, segments, "GET", def.scopes(false))
  const staged = parseStaged(def, query)
  requireScope(granted, def.scopes(staged))
  const view = def.view?.(staged)
  if (segments.length === 3) {
    const ref = decodeURIComponent(segments[2] ?? "")
    const record = ref.startsWith("key=")
      ? store.byIdIndex(def.type).find((r) => r.key === ref.slice(4))
      : store.get(def.type, ref)
    const item = record === undefined ? undefined : view === undefined ? record : view(record)
    if (item === undefined) {
      const what = ref.startsWith("key=") ? `key '${ref.slice(4)}'` : `ID '${ref}'`
      throw resourceNotFound(`The Resource with ${what} was not found.`)
    }
    return serialize(store, def.type, item)
  }
  if (def.type === "messages") store.purgeExpiredMessages()
  const spec = parseQuery(queryParams(query), def.fields)
  const result = runQuery(store, def.type, spec, view)
  const parts: Array<string> = []
  for (const item of result.results) parts.push(serialize(store, def.type, item))
  const total = result.total === undefined ? "" : `,"total":${result.total}`
  return `{"limit":${result.limit},"offset":${result.offset},"count":${result.count}${total},"results":[${parts.join(",")}]}`
}

/** `GET /{projectKey}`: the project's settings (messages, carts) as the Project resource. */
export const serveProject = (
  context: RouteContext,
  req: IncomingMessage,
  segments: ReadonlyArray<string>
): string => {
  requireScope(authorize(context, req, segments, "GET", PROJECT_SCOPES), PROJECT_SCOPES)
  return JSON.stringify(projectResource(context.projectKey, context.store.project))
}

/** `POST /{projectKey}/graphql`: scopes are checked per queried field, as REST checks them per endpoint. */
export const serveGraphql = async (
  context: RouteContext,
  req: IncomingMessage,
  segments: ReadonlyArray<string>
): Promise<string> => {
  const granted = authorize(context, req, segments, "POST", [])
  return executeGraphql(await readBody(req), { store: context.store, resources: context.resources, granted })
}

/** `POST /oauth/token`: the client credentials grant, parameters from the form body and the query. */
export const serveToken = async (
  context: RouteContext,
  req: IncomingMessage,
  query: URLSearchParams
): Promise<string> => {
  if (req.method !== "POST") {
    throw new ApiError(405, errorBody(405, "invalid_request", "The token endpoint only accepts POST."))
  }
  const body = await readBody(req)
  const params = new URLSearchParams(query)
  for (const [name, value] of new URLSearchParams(body)) if (!params.has(name)) params.set(name, value)
  return JSON.stringify(context.authority.issue(req.headers.authorization, params))
}
