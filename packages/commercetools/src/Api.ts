import type { HttpClient } from "@effect/platform"
import { Http, SourceError } from "@sluice/source-sdk"
import { Context, type Duration, Effect, Layer } from "effect"
import { Auth, foreignProject, type Token } from "./Auth.js"
import { type Config, hosts } from "./Config.js"
import * as ErrorBody from "./ErrorBody.js"
import * as Notices from "./Notices.js"
import * as Scopes from "./Scopes.js"

/** A resource endpoint under `/{projectKey}`, and what reading it needs, for messages that name both. */
export interface Endpoint {
  readonly table: string
  /** The path segment, e.g. `orders`, `product-projections`, `graphql`; empty for the project itself. */
  readonly path: string
  /** Scopes that grant read access; any one suffices. */
  readonly access: ReadonlyArray<string>
}

export type QueryParams = Http.QueryParams

export type Answer = Http.Answer

export interface ApiShape {
  /** GET an endpoint with query parameters: authorized, rate limited, bounded in concurrency, retried. */
  readonly get: (endpoint: Endpoint, params: QueryParams) => Effect.Effect<Answer, SourceError>
  /** GET an endpoint, the answer's body as received (for pages the source scans rather than parses). */
  readonly getBytes: (
    endpoint: Endpoint,
    params: QueryParams
  ) => Effect.Effect<Http.Answer<Buffer>, SourceError>
  /** POST a JSON body to an endpoint (e.g. `graphql`), with the same guarantees. */
  readonly post: (endpoint: Endpoint, body: unknown) => Effect.Effect<Answer, SourceError>
  /** How many requests may be in flight at once (reads split into slices use as many). */
  readonly concurrency: number
  readonly projectKey: string
}

export interface ApiOptions {
  readonly retry?: Http.RetryPolicy
  /** How long one request may take before it counts as failed and is retried (default 60 s). */
  readonly timeout?: Duration.DurationInput
}

export const make = (config: Config, options: ApiOptions = {}) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const { apiUrl } = hosts(config)
    // commercetools' own words for a refusal: a client of another project, a missing scope, an unknown project.
    const explain = ({ status, endpoint, credential }: Http.Refusal<Token>): SourceError | undefined => {
      const table = endpoint.table === undefined ? {} : { table: endpoint.table }
      const elsewhere =
        status === 403 && credential ? foreignProject(credential, config.projectKey) : undefined
      if (elsewhere !== undefined) {
        return new SourceError({ reason: elsewhere.reason, message: elsewhere.message, ...table, status })
      }
      if (status === 403) {
        const access = endpoint.access ?? []
        return new SourceError({
          reason: "Access",
          ...table,
          status,
          ...(access[0] !== undefined ? { access: access[0] } : {}),
          message: Scopes.describeMissing(endpoint.table ?? endpoint.path, access)
        })
      }
      if (status === 404) {
        return new SourceError({
          reason: "NotFound",
          ...table,
          status,
          message: `commercetools project '${config.projectKey}' not found at ${apiUrl}: check the project key (CTP_PROJECT_KEY) and the region`
        })
      }
      return undefined
    }
    const http = yield* Http.make<Token>({
      baseUrl: `${apiUrl}/${encodeURIComponent(config.projectKey)}`,
      api: "commercetools",
      source: Notices.source,
      auth: { token: auth.token, renew: auth.renew },
      errorBody: ErrorBody.read,
      explain,
      requestsPerSecond: config.requestsPerSecond,
      concurrency: config.concurrency,
      ...(options.retry !== undefined ? { retry: options.retry } : {}),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {})
    })
    // The empty path is the project itself (`GET /{projectKey}`), without a trailing slash.
    const at = (endpoint: Endpoint): Http.Endpoint => ({
      ...endpoint,
      path: endpoint.path === "" ? "" : `/${endpoint.path}`
    })
    return Api.of({
      get: (endpoint, params) => http.get(at(endpoint), params),
      getBytes: (endpoint, params) => http.getBytes(at(endpoint), params),
      post: (endpoint, body) => http.post(at(endpoint), body),
      concurrency: http.concurrency,
      projectKey: config.projectKey
    })
  })

/** The commercetools HTTP API of one project. */
export class Api extends Context.Tag("@sluice/commercetools/Api")<Api, ApiShape>() {
  static readonly layer = (
    config: Config,
    options?: ApiOptions
  ): Layer.Layer<Api, never, Auth | HttpClient.HttpClient> => Layer.scoped(Api, make(config, options))
}
