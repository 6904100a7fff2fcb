import { connect, type Socket } from "node:net"
import type { Writable } from "node:stream"
import { Cause, Chunk, Duration, Effect, Exit, Redacted, Schedule, type Scope } from "effect"
import postgres from "postgres"
import { parseInt8 } from "./Int8.js"
import {
  codeOf,
  type Driver,
  type Loader,
  lockNotAvailable,
  messageOf,
  type Row,
  type Session,
  SqlFailure,
  statementFailure
} from "./Session.js"

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
    return statementFailure(error, scrub)
  }

type Client = postgres.Sql<{ bigint: number | string; json: unknown }>

const connectTimeoutSeconds = 10

/**
 * The connection's socket, through postgres.js's documented `socket` option, with Nagle's algorithm off: with it on,
 * the small CopyDone that ends each COPY waits for the server's delayed ACK (~40 ms a page). Returned while still
 * connecting, so postgres.js sees its errors and close as with its own socket (and its connect timeout applies);
 * writes wait in the socket until it connects. First host only.
 */
const openSocket = (options: {
  readonly host: ReadonlyArray<string>
  readonly port: ReadonlyArray<number>
  /** A unix socket's path, or false (postgres.js's spelling of none). */
  readonly path?: string | false
}): Socket =>
  (typeof options.path === "string" && options.path !== ""
    ? connect(options.path)
    : connect(options.port[0] ?? 5432, options.host[0] ?? "localhost")
  ).setNoDelay(true)

const clientOptions = {
  connect_timeout: connectTimeoutSeconds,
  socket: openSocket,
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

/** Who holds the advisory lock on `$1` in this database (pg_locks lists every database's), for the message of a refused run. */
const lockHolder = `SELECT a.pid, a.application_name, a.client_addr::text AS client, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS since
FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND ((l.classid::bigint << 32) | l.objid::bigint) = hashtextextended($1, 0)`
type Parameters = Array<postgres.ParameterOrJSON<never>>

/**
 * COPY data goes to the socket in pieces of this size. postgres.js copies each piece into a message of its own, and
 * a page's rows are megabytes: one write of a page costs a fresh multi-megabyte buffer and a socket write the
 * kernel takes in many rounds, twice the CPU of writing it in pieces of 64 KB (`pnpm bench`'s CPU per record);
 * pieces of 256 KB cost a tenth less than 64 KB ones (the CPU of writing one orders page straight into its table,
 * 9.1–10.4 ms against 10.3–14.1 ms, run alternately), as four times fewer messages and socket writes.
 */
const copyPiece = 256 * 1024

/** Settles once the writable has taken `data`, in pieces (the server may still reject it). */
const written = (writable: Writable, data: Uint8Array) =>
  new Promise<void>((resolve, reject) => {
    for (let at = 0; at < data.length; at += copyPiece) {
      const end = Math.min(data.length, at + copyPiece)
      // Writes complete in order: the last one's callback settles them all (an error reaches every callback).
      if (end < data.length) writable.write(data.subarray(at, end))
      else writable.write(data.subarray(at, end), (error) => (error ? reject(error) : resolve()))
    }
    if (data.length === 0) resolve()
  })

/**
 * `COPY … FROM STDIN` through postgres.js's documented `writable()`, on a connection in a transaction.
 * postgres.js never settles the writable of a COPY the server rejects after the data is sent (porsager/postgres
 * #1173), so the statement queued behind it on the same connection settles the wait: it succeeds after a
 * COPY that did, and fails after one that did not (the transaction is aborted) or when the connection is lost.
 */
const copyInTransaction = async (sql: Client, statement: string, data: Uint8Array): Promise<void> => {
  const writable = await sql.unsafe(statement).writable()
  const failed = new Promise<never>((_, reject) => writable.once("error", reject))
  failed.catch(() => {})
  await Promise.race([written(writable, data), failed])
  // Node calls end()'s callback with the error when the stream is destroyed before it finishes.
  const finished = new Promise<void>((resolve, reject) =>
    writable.end((error?: Error | null) => (error ? reject(error) : resolve()))
  )
  finished.catch(() => {})
  // end() has sent CopyDone synchronously (nothing was left to flush), so the next statement follows the COPY.
  const after = sql.unsafe("SELECT 1").simple()
  const settled = after.then(() => finished)
  settled.catch(() => {})
  await Promise.race([finished, settled, failed])
}

const sessionOf = (
  sql: Client,
  fail: (error: unknown) => SqlFailure,
  copyTimeout: Duration.Duration
): Session => ({
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
        try: () => copyInTransaction(sql, `COPY ${table} (${columns.join(", ")}) FROM STDIN`, data),
        catch: (error) => {
          const failure = fail(error)
          return failure.code === "25P02"
            ? new SqlFailure({ ...failure, message: `the server rejected the COPY into ${table}` })
            : failure
        }
      }).pipe(
        // A connection lost while nothing is in flight leaves nothing to settle the wait: bound it.
        Effect.timeoutFail({
          duration: copyTimeout,
          onTimeout: () =>
            new SqlFailure({
              connection: true,
              message: `the COPY into ${table} got no answer within ${Duration.format(copyTimeout)}`
            })
        })
      )
    )
})

/** A lost or refused connection that may come back; a wrong password or database will not. */
const transient = (failure: SqlFailure) =>
  failure.connection && !(failure.code?.startsWith("28") ?? false) && failure.code !== "3D000"

/** A failure that ends the connection (as opposed to one statement): the server rolled the transaction back. */
const lostConnection = <E>(exit: Exit.Exit<unknown, E>) =>
  Exit.isFailure(exit) &&
  Cause.failures(exit.cause).pipe(Chunk.some((error) => error instanceof SqlFailure && error.connection))

/**
 * How long the warehouse waits for PostgreSQL to come back: retries with jittered exponential backoff (0.2 s,
 * doubling, at most 5 s apart) for about 75 s, so a restart in the middle of a sync is ridden out.
 */
export const reconnect = Schedule.exponential("200 millis").pipe(
  Schedule.union(Schedule.spaced("5 seconds")),
  Schedule.jittered,
  Schedule.upTo("75 seconds")
)

export interface Options {
  readonly url: Redacted.Redacted<string>
  readonly max?: number
  readonly loader?: Loader
  /** How long to retry a lost connection (default `reconnect`, about 75 s: a restart is ridden out). */
  readonly reconnect?: Schedule.Schedule<unknown>
  /** How long a COPY may go unanswered before its connection counts as lost (default 2 minutes). */
  readonly copyTimeout?: Duration.Duration
}

export const make = (options: Options): Effect.Effect<Driver, SqlFailure, Scope.Scope> =>
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
    const copyTimeout = options.copyTimeout ?? Duration.minutes(2)
    const session = sessionOf(sql, fail, copyTimeout)
    const offered = yield* session.query(
      "SELECT 'lz4' = ANY (enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'"
    )
    const schedule = options.reconnect ?? reconnect
    const retried = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
      effect.pipe(
        Effect.retry({
          schedule,
          while: (error) => error instanceof SqlFailure && transient(error)
        })
      )
    const transaction: Driver["transaction"] = (use) =>
      Effect.acquireUseRelease(
        Effect.tryPromise({ try: () => sql.reserve(), catch: fail }),
        (reserved) => {
          const inner = sessionOf(reserved, fail, copyTimeout)
          return inner.exec("BEGIN").pipe(Effect.zipRight(use(inner)), Effect.zipLeft(inner.exec("COMMIT")))
        },
        (reserved, exit) =>
          // A lost connection is left alone: the server has rolled back, postgres.js has already retired it, and
          // a ROLLBACK or a release would hand its dead socket a write (the `reading 'write'` crash).
          Exit.isSuccess(exit)
            ? Effect.sync(() => reserved.release())
            : lostConnection(exit)
              ? Effect.void
              : sessionOf(reserved, fail, copyTimeout)
                  .exec("ROLLBACK")
                  .pipe(Effect.ignore, Effect.ensuring(Effect.sync(() => reserved.release())))
      )
    const driver: Driver = {
      // Every statement and transaction outside a transaction rides out a lost connection (see `reconnect`).
      query: (text, params) => retried(session.query(text, params)),
      exec: (text) => retried(session.exec(text)),
      copyIn: (table, columns, data) => retried(transaction((inner) => inner.copyIn(table, columns, data))),
      kind: "postgres",
      location: describeUrl(url),
      loader: options.loader ?? "auto",
      compression: offered[0]?.lz4 === true ? "lz4" : "default",
      transaction: (use) => retried(transaction(use)),
      // A session-level advisory lock on a connection of its own, never recycled while held: ending it unlocks.
      lock: (key) =>
        Effect.gen(function* () {
          const own = sessionOf(yield* open({ max: 1, idle_timeout: 0, max_lifetime: 0 }), fail, copyTimeout)
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
