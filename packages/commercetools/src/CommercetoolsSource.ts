import { NodeHttpClient } from "@effect/platform-node"
import { Source, SourceError } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"
import { Api } from "./Api.js"
import { Auth, foreignProject } from "./Auth.js"
import { check } from "./Check.js"
import { Config } from "./Config.js"
import * as DeletionFeed from "./deletions/DeletionFeed.js"
import { startSandbox } from "./sandbox/index.js"
import { tables } from "./Tables.js"

/** The services the tables read with: the API over one shared token, on Node's HTTP client (undici). */
export const layer = (config: Config): Layer.Layer<Api | Auth> =>
  Api.layer(config).pipe(Layer.provideMerge(Auth.layer(config)), Layer.provide(NodeHttpClient.layerUndici))

/** A local commercetools-compatible server with deterministic demo data, for trying the source without an account. */
const sandbox = (options: Source.SandboxOptions) =>
  Effect.gen(function* () {
    const { server, summary, projectKey, clientId, clientSecret } = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => startSandbox({ orders: options.scale ?? 12_000 }),
        catch: (cause) =>
          new SourceError({ reason: "Unavailable", message: `the sandbox did not start: ${String(cause)}` })
      }),
      (running) => Effect.promise(() => running.server.close())
    )
    const counts = Object.entries(summary.counts)
      .map(([type, count]) => `${count} ${type}`)
      .join(", ")
    return {
      settings: { projectKey, clientId, clientSecret, authUrl: server.url, apiUrl: server.url },
      description: `local commercetools sandbox at ${server.url} (project ${projectKey}): ${counts}, ${summary.start.slice(0, 10)} to ${summary.end.slice(0, 10)}`
    } satisfies Source.Sandbox
  })

/** Gets the shared token (the first request of any sync needs it anyway): wrong credentials or project fail once. */
const ready = Effect.gen(function* () {
  const auth = yield* Auth
  const api = yield* Api
  const token = yield* auth.token
  const elsewhere = foreignProject(token, api.projectKey)
  if (elsewhere !== undefined) return yield* elsewhere
})

/** commercetools: orders, customers, payments, carts, product projections, categories, discount codes, inventory. */
export const CommercetoolsSource: Source.Source = Source.make({
  name: "commercetools",
  title: "commercetools",
  description:
    "Orders, customers, payments, carts, product projections, categories, discount codes and inventory of a commercetools project",
  config: Config,
  tables,
  layer,
  check,
  ready,
  sandbox,
  deletions: DeletionFeed.make(tables)
})
