/**
 * Runs the sandbox as its own process, serving the tables a source module declares:
 *   tsx packages/commercetools-sandbox/src/bin.ts --resources packages/commercetools/src/Tables.ts \
 *     --orders 50000 --port 0 --project demo-shop --client-id ID --client-secret SECRET [--seed 42]
 *     [--host 127.0.0.1] [--latency-ms 0] [--scopes "view_orders view_customers"] [--token-lifetime 172800]
 *     [--cache-json]
 * `--resources` names a module exporting `tables`, each with an `endpoint` ({table, path, access}): the source's
 * declarations, read at run time so this package never depends on the source (whose tests depend on it).
 * Prints one JSON line `{"url","projectKey","clientId","clientSecret"}` when ready; stops on SIGTERM/SIGINT.
 */
import { resolve } from "node:path"
import { pathToFileURL } from "node:url"
import { parseArgs } from "node:util"
import type { ResourceDeclaration } from "./Resources.js"
import { startSandbox } from "./Sandbox.js"

const { values } = parseArgs({
  options: {
    resources: { type: "string" },
    orders: { type: "string" },
    seed: { type: "string" },
    port: { type: "string" },
    host: { type: "string" },
    project: { type: "string" },
    "client-id": { type: "string" },
    "client-secret": { type: "string" },
    scopes: { type: "string" },
    "latency-ms": { type: "string" },
    "token-lifetime": { type: "string" },
    "cache-json": { type: "boolean" }
  },
  strict: true
})

const int = (name: string, raw: string | undefined): number | undefined => {
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative integer, got '${raw}'\n`)
    process.exit(2)
  }
  return n
}

const fail = (message: string): never => {
  process.stderr.write(`${message}\n`)
  return process.exit(2)
}

const isDeclaration = (value: unknown): value is ResourceDeclaration => {
  const candidate = value as Partial<ResourceDeclaration> | null
  return (
    typeof candidate?.table === "string" &&
    typeof candidate.path === "string" &&
    Array.isArray(candidate.access) &&
    candidate.access.every((scope) => typeof scope === "string")
  )
}

/** The source's table declarations, from the module `--resources` names. */
const loadResources = async (path: string | undefined): Promise<ReadonlyArray<ResourceDeclaration>> => {
  if (path === undefined)
    return fail("--resources <module> is required, e.g. packages/commercetools/src/Tables.ts")
  const module = (await import(pathToFileURL(resolve(path)).href)) as { readonly tables?: unknown }
  const endpoints = Array.isArray(module.tables)
    ? module.tables.map((table: { readonly endpoint?: unknown }) => table?.endpoint)
    : []
  if (endpoints.length === 0 || !endpoints.every(isDeclaration)) {
    return fail(`${path} does not export \`tables\` whose items have an \`endpoint\` {table, path, access}`)
  }
  return endpoints
}

const resources = await loadResources(values.resources)
const orders = int("orders", values.orders)
const seed = int("seed", values.seed)
const port = int("port", values.port)
const latencyMs = int("latency-ms", values["latency-ms"])
const tokenLifetimeSeconds = int("token-lifetime", values["token-lifetime"])

const sandbox = await startSandbox({
  resources,
  ...(orders === undefined ? {} : { orders }),
  ...(seed === undefined ? {} : { seed }),
  ...(port === undefined ? {} : { port }),
  ...(values.host === undefined ? {} : { host: values.host }),
  ...(values.project === undefined ? {} : { projectKey: values.project }),
  ...(values["client-id"] === undefined ? {} : { clientId: values["client-id"] }),
  ...(values["client-secret"] === undefined ? {} : { clientSecret: values["client-secret"] }),
  ...(values.scopes === undefined ? {} : { scopes: values.scopes.split(/[\s,]+/).filter((s) => s !== "") }),
  ...(latencyMs === undefined ? {} : { latencyMs }),
  ...(tokenLifetimeSeconds === undefined ? {} : { tokenLifetimeSeconds }),
  cacheJson: values["cache-json"] === true
})

process.stdout.write(
  `${JSON.stringify({
    url: sandbox.server.url,
    projectKey: sandbox.projectKey,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret
  })}\n`
)

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  sandbox.server.close().then(
    () => process.exit(0),
    () => process.exit(1)
  )
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
