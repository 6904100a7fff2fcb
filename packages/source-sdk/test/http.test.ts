import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Context, Effect, Layer, Redacted, Schema } from "effect"
import { Http, Progress, Settings, Source, SourceError } from "../src/index.js"

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void

/** A real HTTP server on loopback whose answers each test scripts; it records what it was sent. */
const serve = (handler: Handler) =>
  Effect.acquireRelease(
    Effect.async<{ url: string; seen: Array<{ path: string; auth?: string; body: string; at: number }> }>(
      (resume) => {
        const seen: Array<{ path: string; auth?: string; body: string; at: number }> = []
        const server = createServer((request, response) => {
          let body = ""
          request.on("data", (chunk) => {
            body += String(chunk)
          })
          request.on("end", () => {
            seen.push({
              path: request.url ?? "",
              ...(request.headers.authorization !== undefined ? { auth: request.headers.authorization } : {}),
              body,
              at: Date.now()
            })
            handler(request, body, response)
          })
        })
        server.listen(0, "127.0.0.1", () => {
          const { port } = server.address() as AddressInfo
          resume(Effect.succeed({ url: `http://127.0.0.1:${port}`, seen, close: () => server.close() }))
        })
      }
    ),
    (server) => Effect.sync(() => (server as unknown as { close: () => void }).close())
  )

const json = (
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {}
) => {
  response.writeHead(status, { "content-type": "application/json", ...headers })
  response.end(JSON.stringify(body))
}

const fast: Http.RetryPolicy = { maxAttempts: 4, baseDelayMs: 10, maxDelayMs: 3_000 }
const books: Http.Endpoint = { path: "/books", table: "books", access: ["read_books", "read_catalogue"] }

const ErrorBody = Schema.Struct({ error: Schema.Struct({ code: Schema.String, message: Schema.String }) })
const errorBody = (text: string): Http.ErrorDetail => {
  const decoded = Schema.decodeUnknownOption(Schema.parseJson(ErrorBody))(text)
  return decoded._tag === "Some" ? decoded.value.error : {}
}

const client = <C extends Http.Credential = Http.Credential>(
  url: string,
  options: Partial<Http.Options<C>> = {}
) =>
  Http.make<C>({
    baseUrl: url,
    api: "the library API",
    source: "library",
    retry: fast,
    errorBody,
    ...options
  })

/** Runs an effect with a Progress service that keeps the notices it is sent. */
const noticing = <A, E, R>(effect: Effect.Effect<A, E, R>) => {
  const notices: Array<string> = []
  return effect.pipe(
    Effect.provideService(Progress.Progress, {
      emit: (event) => Effect.sync(() => void (event._tag === "Notice" && notices.push(event.message)))
    }),
    Effect.map((value) => ({ value, notices }))
  )
}

describe("Http", () => {
  it.scopedLive("retries 429 and 5xx with notices, counting every request, then returns the JSON body", () =>
    Effect.gen(function* () {
      let calls = 0
      const server = yield* serve((request, _body, response) => {
        calls++
        if (calls === 1) return json(response, 429, {}, { "retry-after": "0" })
        if (calls === 2) return json(response, 502, {})
        if (calls === 3) return json(response, 503, {})
        json(response, 200, { results: [1, 2], query: request.url })
      })
      const http = yield* client(server.url)
      const { value, notices } = yield* noticing(
        http.get(books, [
          ["limit", "2"],
          ["sort", "id asc"]
        ])
      )
      const body = { results: [1, 2], query: "/books?limit=2&sort=id+asc" }
      expect(value).toEqual({ body, requests: 4, bytes: JSON.stringify(body).length })
      expect(notices).toHaveLength(3)
      expect(notices[0]).toMatch(/^books: retrying after status 429 in \d+ ms \(attempt 2 of 4\)$/)
      expect(notices[2]).toMatch(/^books: retrying after status 503 in \d+ ms \(attempt 4 of 4\)$/)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("honours Retry-After given in seconds and as an HTTP date", () =>
    Effect.gen(function* () {
      let calls = 0
      const server = yield* serve((_request, _body, response) => {
        calls++
        if (calls === 1) return json(response, 503, {}, { "retry-after": "1" })
        if (calls === 2) {
          return json(response, 429, {}, { "retry-after": new Date(Date.now() + 2_000).toUTCString() })
        }
        json(response, 200, { ok: true })
      })
      const http = yield* client(server.url)
      yield* http.get(books)
      const [first, second, third] = server.seen
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000)
      // An HTTP date has whole seconds: it asks for at least one more second.
      expect(third!.at - second!.at).toBeGreaterThanOrEqual(1_000)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("gives up after the bounded attempts with Unavailable naming the status", () =>
    Effect.gen(function* () {
      const server = yield* serve((_request, _body, response) => json(response, 503, {}))
      const http = yield* client(server.url)
      const error = yield* Effect.flip(http.get(books))
      expect(error).toMatchObject({ reason: "Unavailable", status: 503, table: "books" })
      expect(error.message).toBe("books: the library API kept failing (status 503) after 4 attempts")
      expect(server.seen).toHaveLength(4)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("retries network errors and timeouts", () =>
    Effect.gen(function* () {
      let calls = 0
      const server = yield* serve((_request, _body, response) => {
        calls++
        if (calls === 1) return response.socket?.destroy()
        if (calls === 2) return // never answers: the timeout ends it
        json(response, 200, { ok: true })
      })
      const http = yield* client(server.url, { timeout: "300 millis" })
      const { value, notices } = yield* noticing(http.get(books))
      expect(value).toEqual({ body: { ok: true }, requests: 3, bytes: 11 })
      expect(notices[0]).toMatch(/retrying after transport error/)
      expect(notices[1]).toMatch(/retrying after no answer within 300ms/)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("maps refusals to one SourceError each, with the API's message from its error body", () =>
    Effect.gen(function* () {
      const server = yield* serve((request, _body, response) => {
        const status = Number(request.url?.split("=")[1])
        json(response, status, { error: { code: `E${status}`, message: `the API says ${status}` } })
      })
      const http = yield* client(server.url)
      const failure = (status: number) => Effect.flip(http.get(books, [["status", String(status)]]))
      expect(yield* failure(401)).toMatchObject({
        reason: "Auth",
        status: 401,
        message: "books: the library API refused the credentials (401 E401: the API says 401)"
      })
      expect(yield* failure(403)).toMatchObject({
        reason: "Access",
        access: "read_books",
        message:
          "books: the credentials lack the read_books permission (or read_catalogue) (403 E403: the API says 403)"
      })
      expect(yield* failure(404)).toMatchObject({ reason: "NotFound", status: 404 })
      expect(yield* failure(400)).toMatchObject({
        reason: "Request",
        message: "books: the library API rejected the request (400 E400: the API says 400)"
      })
      expect(yield* failure(500)).toMatchObject({ reason: "Unavailable", status: 500 })
      expect(server.seen).toHaveLength(5)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("fails a 403 at once with the Access error: one request, no retry notice", () =>
    Effect.gen(function* () {
      const server = yield* serve((_request, _body, response) =>
        json(response, 403, { error: { code: "insufficient_scope", message: "lacks the read_books scope" } })
      )
      const http = yield* client(server.url)
      const { value, notices } = yield* noticing(Effect.flip(http.get(books)))
      expect(value).toMatchObject({ reason: "Access", status: 403, access: "read_books" })
      expect(notices).toEqual([])
      expect(server.seen).toHaveLength(1)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive(
    "on 401 renews the token once and resends; a fresh token refused again is an Auth error",
    () =>
      Effect.gen(function* () {
        let valid = "token-2"
        const server = yield* serve((request, _body, response) =>
          request.headers.authorization === `Bearer ${valid}`
            ? json(response, 200, { ok: true })
            : json(response, 401, {})
        )
        let serial = 1
        const renewals: Array<string> = []
        const auth: Http.Auth<Http.Credential & { readonly serial: number }> = {
          token: Effect.sync(() => ({ value: Redacted.make(`token-${serial}`), serial })),
          renew: (stale) =>
            Effect.sync(() => {
              renewals.push(`renew ${stale.serial}`)
              serial = stale.serial + 1
              return { value: Redacted.make(`token-${serial}`), serial }
            })
        }
        const http = yield* client(server.url, { auth })
        expect(yield* http.get(books)).toEqual({ body: { ok: true }, requests: 2, bytes: 11 })
        expect(renewals).toEqual(["renew 1"])
        expect(server.seen.map((seen) => seen.auth)).toEqual(["Bearer token-1", "Bearer token-2"])

        valid = "never"
        const error = yield* Effect.flip(http.get(books))
        expect(error).toMatchObject({ reason: "Auth", status: 401 })
        expect(error.message).toMatch(/^books: the library API refused a fresh access token/)
        expect(renewals).toEqual(["renew 1", "renew 2"])
      }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive(
    "reads bodies as bytes, with or without a length, into memory reused only once the reader gives it back",
    () =>
      Effect.gen(function* () {
        // A body per request: its own bytes, large enough to arrive in many chunks; every other one is chunked.
        const bodyOf = (index: number) => Buffer.alloc(200_000 - index * 1_000, `page ${index};`)
        let count = 0
        const server = yield* serve((_request, _body, response) => {
          const body = bodyOf(count)
          response.writeHead(200, count++ % 2 === 0 ? { "content-length": String(body.length) } : {})
          response.end(body)
        })
        const http = yield* client(server.url)
        const first = yield* http.getBytes(books)
        const second = yield* http.getBytes(books)
        // Not given back: the second answer has memory of its own, and the first is intact.
        expect(second.body.buffer === first.body.buffer).toBe(false)
        expect(first.body.equals(bodyOf(0))).toBe(true)
        expect(second.body.equals(bodyOf(1))).toBe(true)
        expect(first.bytes).toBe(bodyOf(0).length)
        first.release?.()
        first.release?.()
        // Given back (twice, which counts once): the next answer of a size that fits reads into the same memory.
        const third = yield* http.getBytes(books)
        const fourth = yield* http.getBytes(books)
        expect(third.body.buffer === first.body.buffer).toBe(true)
        expect(fourth.body.buffer === first.body.buffer).toBe(false)
        expect(third.body.equals(bodyOf(2))).toBe(true)
        expect(fourth.body.equals(bodyOf(3))).toBe(true)
        expect(second.body.equals(bodyOf(1))).toBe(true)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("posts a JSON body and reads the JSON answer", () =>
    Effect.gen(function* () {
      const server = yield* serve((_request, body, response) =>
        json(response, 200, { echo: JSON.parse(body) })
      )
      const http = yield* client(server.url)
      const query = { query: "{ orders { results { id } } }", variables: { limit: 2 } }
      expect(yield* http.post({ path: "/graphql" }, query)).toEqual({
        body: { echo: query },
        requests: 1,
        bytes: JSON.stringify({ echo: query }).length
      })
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive("holds a concurrency slot only while a request is in flight, never while it backs off", () =>
    Effect.gen(function* () {
      let slowCalls = 0
      const server = yield* serve((request, _body, response) => {
        if (request.url === "/slow" && ++slowCalls === 1)
          return json(response, 503, {}, { "retry-after": "1" })
        json(response, 200, { path: request.url })
      })
      const http = yield* client(server.url, { concurrency: 1 })
      const started = Date.now()
      const [, quick] = yield* Effect.all(
        [
          http.get({ path: "/slow" }),
          Effect.sleep("100 millis").pipe(
            Effect.zipRight(http.get({ path: "/quick" })),
            Effect.map(() => Date.now() - started)
          )
        ],
        { concurrency: 2 }
      )
      // /quick went out while /slow waited out its Retry-After second.
      expect(quick).toBeLessThan(900)
      expect(server.seen.map((seen) => seen.path)).toEqual(["/slow", "/quick", "/slow"])
    }).pipe(Effect.provide(NodeHttpClient.layerUndici))
  )

  it.scopedLive(
    "a source on the HTTP layer proves its credentials once, by default, before tables sync",
    () =>
      Effect.gen(function* () {
        const server = yield* serve((request, _body, response) =>
          request.headers.authorization === "Bearer good" ? json(response, 200, {}) : json(response, 401, {})
        )
        class Api extends Context.Tag("test/Api")<Api, Http.HttpShape>() {}
        const Config = Schema.Struct({
          token: Settings.setting({ env: "T", title: "Token", description: "token", secret: true })(
            Schema.Redacted(Schema.String)
          )
        })
        const source = Source.make({
          name: "library",
          title: "Library",
          description: "d",
          config: Config,
          tables: [],
          layer: (config) =>
            Http.layer(Api, {
              baseUrl: server.url,
              api: "the library API",
              source: "library",
              auth: Http.bearer(config.token, { path: "/me" })
            }).pipe(Layer.provide(NodeHttpClient.layerUndici)),
          check: Effect.succeed({ tables: [], warnings: [] })
        })
        const bad = yield* source.connect({ token: "bad" })
        const error = yield* Effect.flip(bad.ready)
        expect(error).toBeInstanceOf(SourceError)
        expect(error).toMatchObject({ reason: "Auth", status: 401 })
        const good = yield* source.connect({ token: "good" })
        yield* good.ready
        expect(server.seen.map((seen) => seen.path)).toEqual(["/me", "/me"])
      })
  )
})

describe("Http backoff", () => {
  const now = Date.parse("2025-06-01T12:00:00.000Z")

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(Http.retryAfterMs("0", now)).toBe(0)
    expect(Http.retryAfterMs("2", now)).toBe(2000)
    expect(Http.retryAfterMs("Sun, 01 Jun 2025 12:00:03 GMT", now)).toBe(3000)
    expect(Http.retryAfterMs("Sun, 01 Jun 2025 11:00:00 GMT", now)).toBe(0)
    expect(Http.retryAfterMs("soon", now)).toBeUndefined()
    expect(Http.retryAfterMs(undefined, now)).toBeUndefined()
  })

  it("backs off exponentially with jitter, never past the cap, and waits at least Retry-After", () => {
    const policy = Http.defaultRetry
    expect(policy.maxAttempts).toBe(8)
    expect(Http.delayMs(policy, 1, undefined, 0)).toBe(policy.baseDelayMs / 2)
    expect(Http.delayMs(policy, 1, undefined, 0.999)).toBeLessThanOrEqual(policy.baseDelayMs)
    expect(Http.delayMs(policy, 3, undefined, 0)).toBe(policy.baseDelayMs * 2)
    expect(Http.delayMs(policy, 30, undefined, 0.999)).toBeLessThanOrEqual(policy.maxDelayMs)
    expect(Http.delayMs(policy, 1, 1000, 0)).toBe(1000)
    expect(Http.delayMs(policy, 1, 1000, 0.5)).toBeGreaterThan(1000)
    expect(Http.delayMs(policy, 1, 3_600_000, 0)).toBe(policy.maxDelayMs)
    // Retry-After is a floor: a short one does not stop the backoff from growing.
    expect(Http.delayMs(policy, 6, 0, 0)).toBe(policy.baseDelayMs * 2 ** 4)
    expect(Http.delayMs(policy, 6, 1000, 0)).toBe(policy.baseDelayMs * 2 ** 4)
  })

  it("retries 429 and the gateway errors, nothing else", () => {
    expect([...Http.retryableStatuses].sort()).toEqual([429, 502, 503, 504])
  })
})
