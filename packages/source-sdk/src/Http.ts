import {
  HttpClient,
  type HttpClientError,
  HttpClientRequest,
  type HttpClientResponse
} from "@effect/platform"
import {
  Clock,
  Context,
  Data,
  Duration,
  Effect,
  Exit,
  Layer,
  Option,
  Random,
  RateLimiter,
  type Redacted,
  Schedule,
  Schema,
  type Scope,
  Stream
} from "effect"
import * as BufferPool from "./BufferPool.js"
import { SourceError } from "./Errors.js"
import * as Progress from "./Progress.js"

/** What a request reads, for messages and errors that name both: the table, and the permissions it needs. */
export interface Endpoint {
  /** The path under the base URL, e.g. `/orders`. */
  readonly path: string
  /** The table the request reads, if any: errors carry it and messages start with it. */
  readonly table?: string
  /** Permissions that grant access; any one suffices. A 403 names the first. */
  readonly access?: ReadonlyArray<string>
}

export type QueryParams = ReadonlyArray<readonly [string, string]>

export interface Answer<A = unknown> {
  /** The body: parsed JSON, or the bytes as received (`getBytes`). */
  readonly body: A
  /** HTTP requests the answer took: retries and a renewal's retry included. */
  readonly requests: number
  /** The size of the body as received, in bytes, for bounding what is held in memory. */
  readonly bytes: number
  /**
   * Gives the body's memory back for a later answer to reuse (`getBytes`): call it once, when nothing reads the
   * body, or anything made from it without copying, any more. Not calling it leaves the memory to the collector.
   */
  readonly release?: () => void
}

/** A bearer credential. Sources may carry more (scopes, expiry) in their own credential type. */
export interface Credential {
  readonly value: Redacted.Redacted<string>
}

/** The auth hook: the current credential, and how to replace one the API refused. */
export interface Auth<C extends Credential = Credential> {
  readonly token: Effect.Effect<C, SourceError>
  /** A replacement for a credential answered with 401; without it, a 401 is final. */
  readonly renew?: (stale: C) => Effect.Effect<C, SourceError>
  /** A cheap request that proves the credentials (for a static token); by default obtaining `token` proves them. */
  readonly proveAt?: Endpoint
}

/** A fixed bearer token. */
export const bearer = (value: Redacted.Redacted<string>, proveAt?: Endpoint): Auth => ({
  token: Effect.succeed({ value }),
  ...(proveAt !== undefined ? { proveAt } : {})
})

/** What an error body says: the API's error code and message, when it has them. */
export interface ErrorDetail {
  readonly code?: string | undefined
  readonly message?: string | undefined
}

/** An error-body reader from a schema of the API's error body and what to take from it; any other body says nothing. */
export const errorBody =
  <A, I>(schema: Schema.Schema<A, I>, detail: (body: A) => ErrorDetail) =>
  (text: string): ErrorDetail =>
    Option.match(Schema.decodeUnknownOption(Schema.parseJson(schema))(text), {
      onNone: () => ({}),
      onSome: detail
    })

/** A refusal (a non-retryable 4xx or 5xx) for a source to explain in its own words. */
export interface Refusal<C extends Credential = Credential> {
  readonly status: number
  readonly endpoint: Endpoint
  readonly detail: ErrorDetail
  /** The credential the request carried. */
  readonly credential: C | undefined
  /** Whether the credential was already renewed once for this request. */
  readonly renewed: boolean
}

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number
  /** The first backoff; it doubles on each further attempt. */
  readonly baseDelayMs: number
  /** No backoff, nor any `Retry-After`, is waited longer than this. */
  readonly maxDelayMs: number
}

export const defaultRetry: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 20_000 }

/** Statuses where trying again later can succeed (rate limits and gateways). Network errors are retried too. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504])

export interface Options<C extends Credential = Credential> {
  readonly baseUrl: string
  /** How messages name the API: "commercetools", "the library API". */
  readonly api: string
  /** The source notices are reported for. */
  readonly source: string
  readonly auth?: Auth<C>
  /** Reads the API's error body (JSON text, or anything a gateway sends). */
  readonly errorBody?: (text: string) => ErrorDetail
  /** A source's own error for a refusal; undefined keeps the standard one. */
  readonly explain?: (refusal: Refusal<C>) => SourceError | undefined
  readonly retry?: RetryPolicy
  /** How long one attempt may take before it counts as a network error (default 60 s). */
  readonly timeout?: Duration.DurationInput
  /** Requests started per second at most (default: unlimited). */
  readonly requestsPerSecond?: number
  /** Requests in flight at once at most (default 6). */
  readonly concurrency?: number
}

export interface HttpShape {
  /** GET with query parameters; the answer's JSON body. */
  readonly get: (endpoint: Endpoint, params?: QueryParams) => Effect.Effect<Answer, SourceError>
  /** GET with query parameters; the answer's body as received, unparsed (for a source that scans its pages). */
  readonly getBytes: (endpoint: Endpoint, params?: QueryParams) => Effect.Effect<Answer<Buffer>, SourceError>
  /** POST a JSON body (e.g. a GraphQL query); the answer's JSON body. */
  readonly post: (endpoint: Endpoint, body: unknown) => Effect.Effect<Answer, SourceError>
  /** Sends any request built on `endpoint.path` (e.g. a form post); the answer's JSON body. */
  readonly send: (
    endpoint: Endpoint,
    request: HttpClientRequest.HttpClientRequest
  ) => Effect.Effect<Answer, SourceError>
  /** Proves the credentials once: obtains a token, or requests `auth.proveAt`. */
  readonly prove: Effect.Effect<void, SourceError>
  /** Requests in flight at once at most: how many slices a read may run concurrently. */
  readonly concurrency: number
  /** How messages name the API. */
  readonly api: string
}

/** The wait a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP date. */
export const retryAfterMs = (header: string | undefined, nowMs: number): number | undefined => {
  if (header === undefined) return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/**
 * The wait before attempt `attempt + 1`: exponential backoff, half fixed and half random so concurrent slices do
 * not retry in step; a `Retry-After` is a floor plus a little jitter, not a replacement (a server that answers 429
 * with `Retry-After: 0` again and again still sees the waits grow); never past `maxDelayMs`. `random` is in [0, 1).
 */
export const delayMs = (
  policy: RetryPolicy,
  attempt: number,
  retryAfter: number | undefined,
  random: number
): number => {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  const jittered = backoff / 2 + (random * backoff) / 2
  const wait =
    retryAfter === undefined
      ? jittered
      : Math.max(jittered, retryAfter + random * Math.min(policy.baseDelayMs, 250))
  return Math.round(Math.min(policy.maxDelayMs, wait))
}

/** `status code: message`, on one line. */
export const summary = (detail: ErrorDetail, status: number): string => {
  const code = detail.code === undefined ? `${status}` : `${status} ${detail.code}`
  if (detail.message === undefined) return code
  const flat = detail.message.replace(/\s+/g, " ").trim()
  return `${code}: ${flat.length > 300 ? `${flat.slice(0, 297)}...` : flat}`
}

/** A failed attempt worth retrying: a retryable status, a network error or a timeout. */
class Transient extends Data.TaggedError("Transient")<{
  readonly what: string
  readonly status?: number
  readonly retryAfter?: string
}> {}

/** A 401 on a credential that may be renewed once. */
class Stale<C> extends Data.TaggedError("Stale")<{ readonly credential: C }> {}

const describeCause = (cause: unknown): string => {
  if (!(cause instanceof Error)) return String(cause)
  const code = (cause as { readonly code?: unknown }).code
  const inner = (cause as { readonly cause?: unknown }).cause
  const innerCode = inner instanceof Error ? (inner as { readonly code?: unknown }).code : undefined
  const tag = typeof code === "string" ? code : typeof innerCode === "string" ? innerCode : undefined
  return tag === undefined ? cause.message : `${cause.message} (${tag})`
}

const unreachable = (error: HttpClientError.HttpClientError): Transient =>
  new Transient({
    what:
      error._tag === "RequestError"
        ? `${error.reason.toLowerCase()} error: ${describeCause(error.cause)}`
        : `the answer broke off: ${describeCause(error.cause)}`
  })

const prefix = (endpoint: Endpoint) => (endpoint.table === undefined ? "" : `${endpoint.table}: `)

const tableOf = (endpoint: Endpoint) => (endpoint.table === undefined ? {} : { table: endpoint.table })

/** The error for an answer that is not what the API promises (not JSON, or not the expected shape). */
export const undecodable = (endpoint: Endpoint, api: string, detail: string): SourceError =>
  new SourceError({
    reason: "Decode",
    ...tableOf(endpoint),
    message: `${prefix(endpoint)}${api} sent an unexpected body: ${detail}`
  })

/** The standard error for a refusal: 401 Auth, 403 Access, 404 NotFound, other 4xx Request, 5xx Unavailable. */
export const standardError = (api: string, refusal: Refusal<Credential>): SourceError => {
  const { status, endpoint, detail } = refusal
  const at = { status, ...tableOf(endpoint) }
  const said = summary(detail, status)
  if (status === 401) {
    const what = refusal.renewed ? "a fresh access token" : "the credentials"
    return new SourceError({
      reason: "Auth",
      ...at,
      message: `${prefix(endpoint)}${api} refused ${what} (${said})`
    })
  }
  if (status === 403) {
    const [first, ...others] = endpoint.access ?? []
    const also = others.length > 0 ? ` (or ${others.join(" or ")})` : ""
    return new SourceError({
      reason: "Access",
      ...at,
      ...(first !== undefined ? { access: first } : {}),
      message: `${prefix(endpoint)}the credentials lack the ${first ?? "required"} permission${also} (${said})`
    })
  }
  if (status === 404) {
    return new SourceError({
      reason: "NotFound",
      ...at,
      message: `${prefix(endpoint)}${api} has no ${endpoint.path} (${said})`
    })
  }
  return status < 500
    ? new SourceError({
        reason: "Request",
        ...at,
        message: `${prefix(endpoint)}${api} rejected the request (${said})`
      })
    : new SourceError({ reason: "Unavailable", ...at, message: `${prefix(endpoint)}${api} failed (${said})` })
}

/** A body as JSON (an empty one is `null`); throws when it is not JSON. */
const parseJson = (body: Buffer): unknown => (body.length === 0 ? null : JSON.parse(body.toString("utf8")))

const getRequest = (endpoint: Endpoint, params: QueryParams) =>
  HttpClientRequest.get(endpoint.path).pipe(HttpClientRequest.setUrlParams(params))

/** A body as received, and how to give its memory back when it came from a pool. */
interface Body {
  readonly body: Buffer
  readonly release?: () => void
}

/** The bodies `getBytes` reads: a sync holds a few pages at once (read ahead, slices, the page being written). */
const bodies = BufferPool.make({ kept: 8, largest: 32 * 1024 * 1024 })

/**
 * A response's body read into memory from `bodies`, with the function that gives it back (at most once: a buffer
 * given twice could be taken by two answers). Its `content-length` sizes it; a body without one grows as it comes.
 */
const pooledBody = (
  response: HttpClientResponse.HttpClientResponse
): Effect.Effect<Body, HttpClientError.ResponseError> =>
  Effect.suspend(() => {
    const declared = Number(response.headers["content-length"])
    let buffer = bodies.take(Number.isSafeInteger(declared) && declared > 0 ? declared : 1 << 16)
    let size = 0
    let given = false
    const release = () => {
      if (given) return
      given = true
      bodies.give(buffer)
    }
    return response.stream.pipe(
      Stream.runForEachChunk((chunks) =>
        Effect.sync(() => {
          for (const chunk of chunks) {
            if (size + chunk.length > buffer.length) {
              const grown = bodies.take(Math.max(buffer.length * 2, size + chunk.length))
              buffer.copy(grown, 0, 0, size)
              bodies.give(buffer)
              buffer = grown
            }
            buffer.set(chunk, size)
            size += chunk.length
          }
        })
      ),
      Effect.map((): Body => ({ body: buffer.subarray(0, size), release })),
      Effect.onExit((exit) => (Exit.isSuccess(exit) ? Effect.void : Effect.sync(release)))
    )
  })

/**
 * An HTTP client for a source's API: the base URL, the auth hook (a bearer token; on 401 renewed once and the
 * request sent again), retries with jittered exponential backoff honouring `Retry-After`, a rate limit and a
 * concurrency bound, every status mapped to a `SourceError`, every retry reported as a notice.
 */
export const make = <C extends Credential = Credential>(
  options: Options<C>
): Effect.Effect<HttpShape, never, HttpClient.HttpClient | Scope.Scope> =>
  Effect.gen(function* () {
    const policy = options.retry ?? defaultRetry
    const timeout = Duration.decode(options.timeout ?? Duration.seconds(60))
    const concurrency = options.concurrency ?? 6
    const readError = options.errorBody ?? (() => ({}))
    const auth = options.auth
    const baseUrl = options.baseUrl.replace(/\/+$/, "")
    const base = (yield* HttpClient.HttpClient).pipe(
      HttpClient.mapRequest((request) =>
        request.pipe(HttpClientRequest.prependUrl(baseUrl), HttpClientRequest.acceptJson)
      )
    )
    const rate =
      options.requestsPerSecond === undefined
        ? <A, E, R>(effect: Effect.Effect<A, E, R>) => effect
        : yield* RateLimiter.make({ limit: options.requestsPerSecond, interval: "1 second" })
    const slots = yield* Effect.makeSemaphore(concurrency)
    // A request holds a slot while it waits for its turn under the rate limit and while in flight, never while
    // it backs off, so the limits bound what is sent.
    const gate = <A, E, R>(effect: Effect.Effect<A, E, R>) => slots.withPermits(1)(rate(effect))

    const exchange = <A>(
      endpoint: Endpoint,
      request: HttpClientRequest.HttpClientRequest,
      read: (body: Buffer) => A,
      pooled = false
    ) =>
      Effect.gen(function* () {
        let requests = 0
        let renewed = false
        let used: C | undefined
        // The token is taken once the request may go, so time spent waiting for a slot cannot outlive it.
        const client =
          auth === undefined
            ? base
            : base.pipe(
                HttpClient.mapRequestEffect((outgoing) =>
                  Effect.map(auth.token, (credential) => {
                    used = credential
                    return HttpClientRequest.bearerToken(outgoing, credential.value)
                  })
                )
              )
        const late = () => new Transient({ what: `no answer within ${Duration.format(timeout)}` })
        // The timeout starts once the token is in hand: a token renewal is bounded by its own client.
        const counted = client.pipe(
          HttpClient.tapRequest(() => Effect.sync(() => requests++)),
          HttpClient.transformResponse(Effect.timeoutFail({ duration: timeout, onTimeout: late }))
        )

        const refused = (status: number, text: string): SourceError => {
          const refusal: Refusal<C> = { status, endpoint, detail: readError(text), credential: used, renewed }
          return options.explain?.(refusal) ?? standardError(options.api, refusal)
        }

        const once = gate(
          counted.execute(request).pipe(
            Effect.flatMap((response) =>
              (pooled && response.status >= 200 && response.status < 300
                ? pooledBody(response)
                : Effect.map(response.arrayBuffer, (received): Body => ({ body: Buffer.from(received) }))
              ).pipe(
                Effect.timeoutFail({ duration: timeout, onTimeout: late }),
                Effect.map((received) => ({
                  status: response.status,
                  ...received,
                  retryAfter: response.headers["retry-after"]
                }))
              )
            ),
            Effect.scoped,
            Effect.catchTags({ RequestError: unreachable, ResponseError: unreachable })
          )
        ).pipe(
          Effect.flatMap(
            ({
              status,
              body,
              release,
              retryAfter
            }): Effect.Effect<Answer<A>, SourceError | Transient | Stale<C>> => {
              if (status >= 200 && status < 300) {
                return Effect.try({
                  try: (): Answer<A> => ({
                    body: read(body),
                    requests,
                    bytes: body.length,
                    ...(release !== undefined ? { release } : {})
                  }),
                  catch: () => {
                    release?.()
                    return undecodable(endpoint, options.api, "not JSON")
                  }
                })
              }
              if (status === 401 && !renewed && auth?.renew !== undefined && used !== undefined) {
                return Effect.fail(new Stale({ credential: used }))
              }
              if (retryableStatuses.has(status)) {
                return Effect.fail(
                  new Transient({
                    what: `status ${status}`,
                    status,
                    ...(retryAfter !== undefined ? { retryAfter } : {})
                  })
                )
              }
              return Effect.fail(refused(status, body.toString("utf8")))
            }
          )
        )

        // The API refused the credential: renew it once (shared with every request that saw the same) and resend.
        const attempt = once.pipe(
          Effect.catchTag("Stale", (stale) => {
            renewed = true
            return (auth?.renew?.(stale.credential) ?? Effect.void).pipe(
              Effect.zipRight(once),
              Effect.catchTag("Stale", () => Effect.fail(refused(401, "")))
            )
          })
        )

        let failures = 0
        // Only a transient failure is retried (and noticed); the input check comes before the notice is emitted.
        const schedule = Schedule.identity<Transient | SourceError>().pipe(
          Schedule.whileInput((failure) => failure._tag === "Transient"),
          Schedule.intersect(Schedule.recurs(Math.max(0, policy.maxAttempts - 1))),
          Schedule.modifyDelayEffect(([failure]) =>
            Effect.gen(function* () {
              failures++
              const now = yield* Clock.currentTimeMillis
              const what = failure._tag === "Transient" ? failure.what : failure.message
              const after = failure._tag === "Transient" ? retryAfterMs(failure.retryAfter, now) : undefined
              const wait = delayMs(policy, failures, after, yield* Random.next)
              yield* Progress.emit({
                _tag: "Notice",
                source: options.source,
                ...tableOf(endpoint),
                level: "warn",
                kind: "retry",
                message: `${prefix(endpoint)}retrying after ${what} in ${wait} ms (attempt ${failures + 1} of ${policy.maxAttempts})`
              })
              return Duration.millis(wait)
            })
          )
        )

        return yield* attempt.pipe(
          Effect.retry(schedule),
          Effect.catchTag("Transient", (failure) =>
            Effect.fail(
              new SourceError({
                reason: "Unavailable",
                ...tableOf(endpoint),
                ...(failure.status !== undefined ? { status: failure.status } : {}),
                message: `${prefix(endpoint)}${options.api} kept failing (${failure.what}) after ${failures + 1} attempts`
              })
            )
          )
        )
      }).pipe(
        // One a request: capturing the call site costs more than the span.
        Effect.withSpan("Http.send", { attributes: { path: endpoint.path }, captureStackTrace: false })
      )

    const send = (endpoint: Endpoint, request: HttpClientRequest.HttpClientRequest) =>
      exchange(endpoint, request, parseJson)

    const proveAt = auth?.proveAt
    return {
      get: (endpoint, params = []) => send(endpoint, getRequest(endpoint, params)),
      getBytes: (endpoint, params = []) =>
        exchange(endpoint, getRequest(endpoint, params), (body) => body, true),
      post: (endpoint, body) =>
        send(endpoint, HttpClientRequest.post(endpoint.path).pipe(HttpClientRequest.bodyUnsafeJson(body))),
      send,
      prove:
        auth === undefined
          ? Effect.void
          : proveAt !== undefined
            ? Effect.asVoid(send(proveAt, HttpClientRequest.get(proveAt.path)))
            : Effect.asVoid(auth.token),
      concurrency,
      api: options.api
    } satisfies HttpShape
  })

/**
 * The credential check every source gets: a connection proves its credentials once before any table syncs, so
 * wrong credentials fail once rather than once per table. `Source.make` runs it unless the source has `ready`.
 */
export class Credentials extends Context.Tag("@sluice/source-sdk/Http/Credentials")<
  Credentials,
  { readonly prove: Effect.Effect<void, SourceError> }
>() {}

/** Proves the credentials if the connection's layer provides `Credentials`; otherwise does nothing. */
export const proveCredentials: Effect.Effect<void, SourceError> = Effect.serviceOption(Credentials).pipe(
  Effect.flatMap(Option.match({ onNone: () => Effect.void, onSome: (credentials) => credentials.prove }))
)

/**
 * Node's HTTP client (undici) for `layer`, loaded when a layer is first built: a command that reads nothing (listing
 * tables) neither loads nor compiles it, which was a sixth of the runner's start-up.
 */
export const nodeClient: Layer.Layer<HttpClient.HttpClient> = Layer.unwrapEffect(
  Effect.promise(() => import("@effect/platform-node/NodeHttpClient")).pipe(
    Effect.map((module) => module.layerUndici)
  )
)

/**
 * A layer providing a source's HTTP client under its own tag, and `Credentials` so the once-only check comes
 * with it.
 */
export const layer = <I, C extends Credential>(
  tag: Context.Tag<I, HttpShape>,
  options: Options<C>
): Layer.Layer<I | Credentials, never, HttpClient.HttpClient> =>
  Layer.scopedContext(
    Effect.map(make(options), (http) =>
      Context.make(tag, http).pipe(Context.add(Credentials, { prove: http.prove }))
    )
  )
