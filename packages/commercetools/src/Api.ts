import { HttpClient, HttpClientRequest } from "@effect/platform"
import { SourceError } from "@sluice/source-sdk"
import { Clock, Context, Duration, Effect, Layer, Random, RateLimiter } from "effect"
import { Auth, foreignProject, type Token } from "./Auth.js"
import { type Config, hosts } from "./Config.js"
import * as ErrorBody from "./ErrorBody.js"
import { exchange, type Outcome } from "./Exchange.js"
import * as Notices from "./Notices.js"
import * as Retry from "./Retry.js"
import * as Scopes from "./Scopes.js"

/** A resource endpoint under `/{projectKey}`, and what reading it needs, for messages that name both. */
export interface Endpoint {
  readonly table: string
  /** The path segment, e.g. `orders`, `product-projections`; empty for the project itself. */
  readonly path: string
  /** Scopes that grant read access; any one suffices. */
  readonly access: ReadonlyArray<string>
}

export type QueryParams = ReadonlyArray<readonly [string, string]>

export interface Answer {
  /** The parsed JSON body. */
  readonly body: unknown
  /** HTTP requests the answer took: retries and a token-refresh retry included. */
  readonly requests: number
}

export interface ApiShape {
  /** GET an endpoint with query parameters: authorized, rate limited, bounded in concurrency, retried. */
  readonly get: (endpoint: Endpoint, params: QueryParams) => Effect.Effect<Answer, SourceError>
  /** POST a JSON body to an endpoint (e.g. `graphql`), with the same authorization, limits and retries as `get`. */
  readonly post: (endpoint: Endpoint, json: unknown) => Effect.Effect<Answer, SourceError>
  /** How many requests may be in flight at once (reads split into slices use as many). */
  readonly concurrency: number
  readonly projectKey: string
}

export interface ApiOptions {
  readonly retry?: Retry.RetryPolicy
  /** How long one request may take before it counts as failed and is retried (default 60 s). */
  readonly timeout?: Duration.DurationInput
}

export const make = (config: Config, options: ApiOptions = {}) =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const client = yield* HttpClient.HttpClient
    const notices = yield* Notices.make
    const policy = options.retry ?? Retry.defaultPolicy
    const timeout = options.timeout ?? Duration.seconds(60)
    const { apiUrl } = hosts(config)
    const base = `${apiUrl}/${encodeURIComponent(config.projectKey)}`
    const rate = yield* RateLimiter.make({ limit: config.requestsPerSecond, interval: "1 second" })
    const slots = yield* Effect.makeSemaphore(config.concurrency)
    // A request holds a slot while it waits for its turn under the rate limit and while it runs, not while it
    // backs off, so the limits hold for what is sent.
    const gate = <A, E, R>(effect: Effect.Effect<A, E, R>) => slots.withPermits(1)(rate(effect))

    const failure = (endpoint: Endpoint, status: number, body: string, token: Token): SourceError => {
      const detail = ErrorBody.read(body)
      const elsewhere = status === 403 ? foreignProject(token, config.projectKey) : undefined
      if (elsewhere !== undefined) {
        return new SourceError({
          reason: elsewhere.reason,
          message: elsewhere.message,
          table: endpoint.table,
          status
        })
      }
      if (status === 401) {
        return new SourceError({
          reason: "Auth",
          table: endpoint.table,
          status,
          message: `${endpoint.table}: commercetools refused a fresh access token (${ErrorBody.summary(detail, status)})`
        })
      }
      if (status === 403) {
        return new SourceError({
          reason: "Access",
          table: endpoint.table,
          status,
          ...(endpoint.access[0] !== undefined ? { access: endpoint.access[0] } : {}),
          message: Scopes.describeMissing(endpoint.table, endpoint.access)
        })
      }
      if (status === 404) {
        return new SourceError({
          reason: "NotFound",
          table: endpoint.table,
          status,
          message: `commercetools project '${config.projectKey}' not found at ${apiUrl}: check the project key (CTP_PROJECT_KEY) and the region`
        })
      }
      return new SourceError({
        reason: status < 500 ? "Request" : "Unavailable",
        table: endpoint.table,
        status,
        message: `${endpoint.table}: commercetools ${status < 500 ? "rejected the request" : "failed"} (${ErrorBody.summary(detail, status)})`
      })
    }

    const parse = (endpoint: Endpoint, body: string) =>
      Effect.try({
        try: (): unknown => JSON.parse(body),
        catch: () =>
          new SourceError({
            reason: "Decode",
            table: endpoint.table,
            message: `${endpoint.table}: commercetools answered with a body that is not JSON`
          })
      })

    const send = Effect.fn("Api.send")(function* (
      endpoint: Endpoint,
      request: HttpClientRequest.HttpClientRequest
    ) {
      let requests = 0
      let renewed = false
      let attempt = 1
      for (;;) {
        // The token is taken once the request may go, so time spent waiting for a slot cannot outlive it.
        const [token, outcome] = yield* gate(
          Effect.flatMap(auth.token, (token) =>
            Effect.map(
              exchange(client, HttpClientRequest.bearerToken(request, token.value), timeout),
              (outcome): readonly [Token, Outcome] => [token, outcome]
            )
          )
        )
        requests++
        if (outcome._tag === "Answered" && outcome.status >= 200 && outcome.status < 300) {
          return { body: yield* parse(endpoint, outcome.body), requests } satisfies Answer
        }
        if (outcome._tag === "Answered" && outcome.status === 401 && !renewed) {
          // The token expired or was revoked early: renew it once (shared with every request that saw the same).
          renewed = true
          yield* auth.renew(token)
          continue
        }
        const transient = outcome._tag === "Unreachable" || Retry.retryableStatuses.has(outcome.status)
        if (outcome._tag === "Answered" && !transient) {
          return yield* Effect.fail(failure(endpoint, outcome.status, outcome.body, token))
        }
        const what = outcome._tag === "Answered" ? `status ${outcome.status}` : outcome.detail
        if (attempt >= policy.maxAttempts) {
          return yield* Effect.fail(
            new SourceError({
              reason: "Unavailable",
              table: endpoint.table,
              ...(outcome._tag === "Answered" ? { status: outcome.status } : {}),
              message: `${endpoint.table}: commercetools kept failing (${what}) after ${attempt} attempts`
            })
          )
        }
        const now = yield* Clock.currentTimeMillis
        const wait = Retry.delayMs(
          policy,
          attempt,
          outcome._tag === "Answered" ? Retry.retryAfterMs(outcome.retryAfter, now) : undefined,
          yield* Random.next
        )
        attempt++
        yield* notices.emit({
          table: endpoint.table,
          level: "warn",
          kind: "retry",
          message: `${endpoint.table}: retrying after ${what} in ${wait} ms (attempt ${attempt} of ${policy.maxAttempts})`
        })
        yield* Effect.sleep(Duration.millis(wait))
      }
    })

    // The empty path is the project itself (`GET /{projectKey}`), without a trailing slash.
    const urlOf = (endpoint: Endpoint) => (endpoint.path === "" ? base : `${base}/${endpoint.path}`)

    const get = (endpoint: Endpoint, params: QueryParams) =>
      send(
        endpoint,
        HttpClientRequest.get(urlOf(endpoint)).pipe(
          HttpClientRequest.setUrlParams(params),
          HttpClientRequest.acceptJson
        )
      ).pipe(Effect.withSpan("Api.get"))

    const post = (endpoint: Endpoint, json: unknown) =>
      send(
        endpoint,
        HttpClientRequest.post(urlOf(endpoint)).pipe(
          HttpClientRequest.bodyUnsafeJson(json),
          HttpClientRequest.acceptJson
        )
      ).pipe(Effect.withSpan("Api.post"))

    return Api.of({ get, post, concurrency: config.concurrency, projectKey: config.projectKey })
  })

/** The commercetools HTTP API of one project. */
export class Api extends Context.Tag("@sluice/commercetools/Api")<Api, ApiShape>() {
  static readonly layer = (
    config: Config,
    options?: ApiOptions
  ): Layer.Layer<Api, never, Auth | HttpClient.HttpClient> => Layer.scoped(Api, make(config, options))
}
