import { Effect, Exit, Redacted, type Scope } from "effect"
import postgres from "postgres"
import { parseInt8 } from "./Int8.js"
import { type Driver, type Loader, lockNotAvailable, type Row, type Session, SqlFailure } from "./Session.js"

/** Where a URL points, for messages. Never holds the password. */
export interface Endpoint {
  readonly host: string
  readonly port: string
  readonly database: string
  readonly user: string
}

export const endpointOf = (url: string): Endpoint => {
  try {
    const parsed = new URL(url)
    return {
      host: parsed.hostname || "localhost",
      port: parsed.port || "5432",
      database: decodeURIComponent(parsed.pathname.replace(/^\//, "")) || decodeURIComponent(parsed.username),
      user: decodeURIComponent(parsed.username)
    }
  } catch {
    return { host: "(unparseable URL)", port: "", database: "", user: "" }
  }
}

/** The URL with its password masked: `postgres://app:***@127.0.0.1:5432/test`. */
export const describeUrl = (url: string): string => {
  try {
    const parsed = new URL(url)
    if (parsed.password !== "") parsed.password = "***"
    return parsed.toString()
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@")
  }
}

const networkCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "SASL_SIGNATURE_MISMATCH",
  "AUTH_TYPE_NOT_IMPLEMENTED"
])

/** SQLSTATEs that mean the session itself is refused or lost: 08 connection, 28 auth, 3D000 no such database. */
const isConnectionState = (code: string) =>
  code.startsWith("08") ||
  code.startsWith("28") ||
  code === "3D000" ||
  /^57P0[123]$/.test(code) ||
  code === "53300"

const reasonOf = (code: string, message: string): string => {
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (is PostgreSQL running and listening on that port?)"
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found"
    case "CONNECT_TIMEOUT":
    case "ETIMEDOUT":
      return "timed out"
    default:
      return message
  }
}

const codeOf = (error: unknown): string | undefined => {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined
  return typeof error.code === "string" ? error.code : undefined
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** Translates a postgres.js error; connection problems name host:port, and the password is scrubbed regardless. */
export const failureOf =
  (endpoint: Endpoint, password: string) =>
  (error: unknown): SqlFailure => {
    const code = codeOf(error)
    const scrub = (text: string) => (password.length > 0 ? text.replaceAll(password, "***") : text)
    const message = messageOf(error)
    if (code !== undefined && (networkCodes.has(code) || isConnectionState(code))) {
      return new SqlFailure({
        connection: true,
        code,
        message: scrub(
          `cannot connect to PostgreSQL at ${endpoint.host}:${endpoint.port} (database "${endpoint.database}", user "${endpoint.user}"): ${reasonOf(code, message)}`
        )
      })
    }
    const detail =
      typeof error === "object" && error !== null && "detail" in error && typeof error.detail === "string"
        ? ` (${error.detail})`
        : ""
    return new SqlFailure({
      connection: false,
      message: scrub(`${message}${detail}`),
      ...(code !== undefined ? { code } : {})
    })
  }

type Client = postgres.Sql<{ bigint: number | string; json: unknown }>

const clientOptions = {
  connect_timeout: 10,
  onnotice: () => {},
  connection: { application_name: "sluice" },
  types: {
    bigint: {
      to: 20,
      from: [20],
      serialize: (value: number | string) => String(value),
      parse: parseInt8
    },
    // As PGlite does: a string is JSON text already (drizzle and the writer serialize before binding).
    json: {
      to: 3802,
      from: [114, 3802],
      serialize: (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value)),
      parse: (text: string) => JSON.parse(text)
    }
  }
}

/** Who holds the advisory lock on `$1`, for the message of a refused run. */
const lockHolder = `SELECT a.pid, a.application_name, a.client_addr::text AS client, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`
type Parameters = Array<postgres.ParameterOrJSON<never>>

const sessionOf = (sql: Client, fail: (error: unknown) => SqlFailure): Session => ({
  query: (text, params = []) =>
    Effect.tryPromise({
      try: async (): Promise<ReadonlyArray<Row>> =>
        params.length === 0
          ? await sql.unsafe(text)
          : await sql.unsafe(text, params as Parameters, { prepare: true }),
      catch: fail
    }),
  exec: (text) =>
    Effect.tryPromise({
      try: () => sql.unsafe(text).simple(),
      catch: fail
    }).pipe(Effect.asVoid),
  copyIn: (table, columns, data) =>
    // Uninterruptible: a half-sent COPY would leave the connection mid-protocol; a failed one fails the transaction.
    Effect.uninterruptible(
      Effect.tryPromise({
        try: async () => {
          const copy = sql.unsafe(`COPY ${table} (${columns.join(", ")}) FROM STDIN`)
          // postgres.js resolves a COPY query to its stream, so when the server then rejects the data the stream
          // never finishes and the rejection goes to the already-settled query: observe it there.
          const internals = copy as unknown as { reject?: (error: unknown) => void }
          let onRejected: (error: unknown) => void = () => {}
          const reject = internals.reject
          if (typeof reject === "function") {
            internals.reject = (error: unknown) => {
              onRejected(error)
              reject(error)
            }
          }
          const target = await copy.writable()
          await new Promise<void>((resolve, fail) => {
            onRejected = fail
            target.on("error", fail)
            target.on("finish", resolve)
            target.end(Buffer.from(data, "utf8"))
          })
        },
        catch: fail
      })
    )
})

export const make = (options: {
  readonly url: Redacted.Redacted<string>
  readonly max?: number
  readonly loader?: Loader
}): Effect.Effect<Driver, SqlFailure, Scope.Scope> =>
  Effect.gen(function* () {
    const url = Redacted.value(options.url)
    const endpoint = endpointOf(url)
    let password = ""
    try {
      password = decodeURIComponent(new URL(url).password)
    } catch {
      password = ""
    }
    const fail = failureOf(endpoint, password)
    const open = (settings: {
      readonly max: number
      readonly idle_timeout: number
      readonly max_lifetime?: number
    }) =>
      Effect.acquireRelease(
        Effect.try({ try: (): Client => postgres(url, { ...clientOptions, ...settings }), catch: fail }),
        (client) => Effect.promise(() => client.end({ timeout: 5 }))
      )
    const sql = yield* open({ max: options.max ?? 4, idle_timeout: 60 })
    const session = sessionOf(sql, fail)
    yield* session.query("select 1")
    const driver: Driver = {
      ...session,
      kind: "postgres",
      location: describeUrl(url),
      loader: options.loader ?? "recordset",
      transaction: (use) =>
        Effect.acquireUseRelease(
          Effect.tryPromise({ try: () => sql.reserve(), catch: fail }),
          (reserved) => {
            const inner = sessionOf(reserved, fail)
            return inner.exec("BEGIN").pipe(Effect.zipRight(use(inner)), Effect.zipLeft(inner.exec("COMMIT")))
          },
          (reserved, exit) =>
            (Exit.isSuccess(exit)
              ? Effect.void
              : sessionOf(reserved, fail).exec("ROLLBACK").pipe(Effect.ignore)
            ).pipe(Effect.ensuring(Effect.sync(() => reserved.release())))
        ),
      // A session-level advisory lock on a connection of its own, never recycled while held: ending it unlocks.
      lock: (key) =>
        Effect.gen(function* () {
          const own = sessionOf(yield* open({ max: 1, idle_timeout: 0, max_lifetime: 0 }), fail)
          const rows = yield* own.query("SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS acquired", [
            key
          ])
          if (rows[0]?.acquired === true) return
          const holder = (yield* session.query(lockHolder, [key]).pipe(Effect.orElseSucceed(() => [])))[0]
          return yield* new SqlFailure({
            connection: false,
            code: lockNotAvailable,
            message:
              holder === undefined
                ? "PostgreSQL advisory lock held by another session"
                : `PostgreSQL advisory lock held by backend pid ${String(holder.pid)}, application ${String(holder.application_name)}${holder.client == null ? "" : ` from ${String(holder.client)}`}, connected since ${String(holder.since)}`
          })
        })
    }
    return driver
  })
