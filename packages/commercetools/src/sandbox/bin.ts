/**
 * Runs the sandbox as its own process:
 *   tsx packages/commercetools/src/sandbox/bin.ts --orders 50000 --port 0 --project demo-shop \
 *     --client-id ID --client-secret SECRET [--seed 42] [--host 127.0.0.1] [--latency-ms 0]
 *     [--scopes "view_orders view_customers"] [--token-lifetime 172800] [--cache-json]
 * Prints one JSON line `{"url","projectKey","clientId","clientSecret"}` when ready; stops on SIGTERM/SIGINT.
 */
import { parseArgs } from "node:util"
import { startSandbox } from "./Sandbox.js"

const { values } = parseArgs({
  options: {
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

const orders = int("orders", values.orders)
const seed = int("seed", values.seed)
const port = int("port", values.port)
const latencyMs = int("latency-ms", values["latency-ms"])
const tokenLifetimeSeconds = int("token-lifetime", values["token-lifetime"])

const sandbox = await startSandbox({
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
