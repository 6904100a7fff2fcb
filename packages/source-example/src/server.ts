import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { type Source, SourceError } from "@sluice/source-sdk"
import { Effect, type Scope } from "effect"

/**
 * A tiny in-memory library API on loopback, for tests and the sandbox. It enforces what a real API would: the
 * bearer token, per-endpoint permissions, key-set paging with a `limit` of at most 100, and strict ordering.
 */

export type ApiRecord = {
  readonly id: string
  readonly version: number
  readonly createdAt: string
  readonly lastModifiedAt: string
  readonly [field: string]: unknown
}

export type Collection = "authors" | "books"

export type DemoData = Readonly<Record<Collection, ReadonlyArray<ApiRecord>>>

export interface ServerOptions {
  readonly records: DemoData
  readonly token: string
  /** What the token may read (default: everything). */
  readonly permissions?: ReadonlyArray<string>
  /** Answers every n-th request with 503, to exercise retries. */
  readonly unavailableEvery?: number
  /** The loopback port to listen on (default: any free one). */
  readonly port?: number
}

export interface ExampleServer {
  /** Base URL, e.g. `http://127.0.0.1:53211`. */
  readonly url: string
  readonly token: string
  /** Modifies `count` existing records: bumps their version and sets `lastModifiedAt` to now. Returns their ids. */
  readonly touch: (collection: string, count: number) => Effect.Effect<ReadonlyArray<string>>
  /** The records as the server holds them now. */
  readonly records: (collection: Collection) => ReadonlyArray<ApiRecord>
  /** Requests served so far. */
  readonly requests: () => number
}

const maxLimit = 100
const permissionOf: Record<Collection, ReadonlyArray<string>> = {
  authors: ["read_authors"],
  books: ["read_books", "read_catalogue"]
}

// Deterministic demo data: a small seeded generator (mulberry32), so every sandbox run serves the same library.
const generator = (seed: number) => {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const uuid = (random: () => number) => {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = "4"
  hex[16] = "8"
  const s = hex.join("")
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

const words = ["River", "Glass", "Winter", "Salt", "Quiet", "Iron", "Paper", "Orchard", "Harbor", "Lantern"]
const names = ["Ada", "Bram", "Chen", "Dara", "Eli", "Farah", "Goran", "Hana", "Ines", "Jonas", "Kemi"]
const surnames = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Varga", "Novak", "Silva", "Haddad"]
const countries = ["NG", "SE", "FR", "JP", "HU", "CZ", "BR", "LB"]
const genres = ["fiction", "poetry", "history", "science", "travel", "crime"]

/**
 * A library of `authors` and `books` over the two years before `until`. The first books arrive in one bulk import
 * (the same `lastModifiedAt` millisecond), so key-set paging must break ties by id.
 */
export const demoData = (
  options: {
    readonly authors?: number
    readonly books?: number
    readonly seed?: number
    readonly until?: string
  } = {}
): DemoData => {
  const random = generator(options.seed ?? 42)
  const until = Date.parse(options.until ?? "2025-06-30T00:00:00.000Z")
  const span = 2 * 365 * 24 * 3600 * 1000
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)] as A
  const stamp = (from: number) => {
    const createdAt = from + Math.floor(random() * (until - from))
    const edited = random() < 0.4
    const lastModifiedAt = edited ? createdAt + Math.floor(random() * (until - createdAt)) : createdAt
    return {
      createdAt: new Date(createdAt).toISOString(),
      lastModifiedAt: new Date(lastModifiedAt).toISOString(),
      edited
    }
  }
  const authors: Array<ApiRecord> = Array.from({ length: options.authors ?? 25 }, () => {
    const { createdAt, lastModifiedAt, edited } = stamp(until - span)
    const born = random() < 0.8 ? { birthYear: 1920 + Math.floor(random() * 80) } : {}
    return {
      id: uuid(random),
      version: edited ? 2 + Math.floor(random() * 3) : 1,
      createdAt,
      lastModifiedAt,
      name: `${pick(names)} ${pick(surnames)}`,
      country: random() < 0.9 ? pick(countries) : null,
      ...born
    }
  })
  const bulk = new Date(until - span + 3600 * 1000).toISOString()
  const books: Array<ApiRecord> = Array.from({ length: options.books ?? 100 }, (_, index) => {
    const imported = index < 20
    const { createdAt, lastModifiedAt, edited } = imported
      ? { createdAt: bulk, lastModifiedAt: bulk, edited: false }
      : stamp(until - span)
    const price =
      random() < 0.7 ? { price: { amount: 500 + Math.floor(random() * 3000), currency: "EUR" } } : {}
    return {
      id: uuid(random),
      version: edited ? 2 + Math.floor(random() * 3) : 1,
      createdAt,
      lastModifiedAt,
      title: `The ${pick(words)} ${pick(words)}`,
      authorId: pick(authors).id,
      isbn: `978${String(Math.floor(random() * 1e10)).padStart(10, "0")}`,
      pages: 80 + Math.floor(random() * 700),
      genres: [pick(genres), ...(random() < 0.3 ? [pick(genres)] : [])],
      available: random() < 0.85,
      ...price,
      // A field the example schema does not name: the warehouse keeps it in `_extra`.
      ...(random() < 0.2 ? { shelf: `${pick(["A", "B", "C"])}${Math.floor(random() * 40)}` } : {})
    }
  })
  return { authors, books }
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

class BadRequest extends Error {}

/** The records one list request returns, as the API defines its key-set parameters. */
export const listPage = (
  records: ReadonlyArray<ApiRecord>,
  params: URLSearchParams
): ReadonlyArray<ApiRecord> => {
  const order = params.get("order")
  if (order !== "cursor" && order !== "id") throw new BadRequest("order must be cursor or id")
  const limit = Number(params.get("limit"))
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw new BadRequest(`limit must be an integer from 1 to ${maxLimit}`)
  }
  const since = params.get("since")
  const afterCursor = params.get("after_cursor")
  const afterId = params.get("after_id")
  const from = params.get("from")
  const to = params.get("to")
  if (order === "cursor" && afterId !== null && afterCursor === null) {
    throw new BadRequest("after_id needs after_cursor when order is cursor")
  }
  const selected = records.filter((record) => {
    if (from !== null && record.id < from) return false
    if (to !== null && record.id >= to) return false
    if (since !== null && record.lastModifiedAt < since) return false
    if (afterId === null) return true
    if (order === "id") return record.id > afterId
    return (
      record.lastModifiedAt > (afterCursor ?? "") ||
      (record.lastModifiedAt === afterCursor && record.id > afterId)
    )
  })
  selected.sort((a, b) =>
    order === "id" ? compare(a.id, b.id) : compare(a.lastModifiedAt, b.lastModifiedAt) || compare(a.id, b.id)
  )
  return selected.slice(0, limit)
}

const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

const failure = (
  response: ServerResponse,
  status: number,
  code: string,
  message: string,
  permission?: string
) => send(response, status, { error: { code, message, ...(permission !== undefined ? { permission } : {}) } })

/** Starts the library API on an ephemeral loopback port; it stops when the scope closes. */
export const startExampleServer = (
  options: ServerOptions
): Effect.Effect<ExampleServer, SourceError, Scope.Scope> =>
  Effect.gen(function* () {
    const data: Record<Collection, Array<ApiRecord>> = {
      authors: [...options.records.authors],
      books: [...options.records.books]
    }
    const permissions = options.permissions ?? ["read_authors", "read_books"]
    let served = 0
    let lastTouch = 0

    const handle = (request: IncomingMessage, response: ServerResponse) => {
      served++
      if (options.unavailableEvery !== undefined && served % options.unavailableEvery === 0) {
        return failure(response, 503, "unavailable", "try again later")
      }
      if (request.headers.authorization !== `Bearer ${options.token}`) {
        return failure(response, 401, "invalid_token", "the token is missing, wrong or expired")
      }
      const url = new URL(request.url ?? "/", "http://localhost")
      if (request.method !== "GET")
        return failure(response, 405, "method_not_allowed", "this API is read-only")
      if (url.pathname === "/me") return send(response, 200, { name: "demo", permissions })
      const collection = url.pathname.slice(1)
      if (collection !== "authors" && collection !== "books") {
        return failure(response, 404, "not_found", `no endpoint ${url.pathname}`)
      }
      const needed = permissionOf[collection]
      if (!needed.some((permission) => permissions.includes(permission))) {
        return failure(
          response,
          403,
          "missing_permission",
          `reading ${collection} needs ${needed[0]}`,
          needed[0]
        )
      }
      try {
        return send(response, 200, { results: listPage(data[collection], url.searchParams) })
      } catch (error) {
        if (error instanceof BadRequest) return failure(response, 400, "invalid_query", error.message)
        throw error
      }
    }

    const server = yield* Effect.acquireRelease(
      Effect.async<ReturnType<typeof createServer>, SourceError>((resume) => {
        const server = createServer(handle)
        server.once("error", (error) =>
          resume(
            Effect.fail(
              new SourceError({ reason: "Unavailable", message: `the example server: ${error.message}` })
            )
          )
        )
        server.listen(options.port ?? 0, "127.0.0.1", () => resume(Effect.succeed(server)))
      }),
      (server) =>
        Effect.async<void>((resume) => {
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        })
    )
    const { port } = server.address() as AddressInfo

    const touch = (collection: string, count: number) =>
      Effect.sync(() => {
        if (collection !== "authors" && collection !== "books") return []
        const records = data[collection]
        // Strictly increasing timestamps, so each touch is after the previous one.
        lastTouch = Math.max(Date.now(), lastTouch + 1)
        const lastModifiedAt = new Date(lastTouch).toISOString()
        const step = Math.max(1, Math.floor(records.length / Math.max(1, count)))
        const ids: Array<string> = []
        for (let index = 0; index < records.length && ids.length < count; index += step) {
          const record = records[index]
          if (record === undefined) continue
          records[index] = { ...record, version: record.version + 1, lastModifiedAt }
          ids.push(record.id)
        }
        return ids
      })

    return {
      url: `http://127.0.0.1:${port}`,
      token: options.token,
      touch,
      records: (collection) => [...data[collection]],
      requests: () => served
    } satisfies ExampleServer
  })

/** The source's sandbox: this server with demo data, for `--sandbox` (scale: the number of books). */
export const sandbox = (options: Source.SandboxOptions) =>
  Effect.gen(function* () {
    const books = options.scale ?? 200
    const records = demoData({ authors: Math.max(5, Math.round(books / 4)), books })
    const server = yield* startExampleServer({ records, token: "sandbox-token" })
    const description = `a local library API at ${server.url} with ${books} books`
    return { settings: { apiUrl: server.url, apiToken: server.token }, description } satisfies Source.Sandbox
  })
