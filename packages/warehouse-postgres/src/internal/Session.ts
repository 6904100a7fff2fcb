import { Data, type Effect, type Scope } from "effect"

/** A row as the driver returns it. int8 values are numbers when they fit, timestamps `Date`s, jsonb parsed. */
export type Row = Readonly<Record<string, unknown>>

/**
 * A statement that failed. `connection` says the database could not be reached or refused the session (as
 * opposed to refusing one statement); `code` is the SQLSTATE when the server sent one. Messages never hold passwords.
 */
export class SqlFailure extends Data.TaggedError("SqlFailure")<{
  readonly connection: boolean
  readonly message: string
  readonly code?: string
}> {}

/** The SQLSTATE code of a driver's error, when it carries one. */
export const codeOf = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : undefined

/** The driver's message of an error. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

/** One statement refused (not the connection): the driver's message with PostgreSQL's detail, and its code. */
export const statementFailure = (
  error: unknown,
  scrub: (text: string) => string = (text) => text
): SqlFailure => {
  const code = codeOf(error)
  const detail =
    typeof error === "object" && error !== null && "detail" in error && typeof error.detail === "string"
      ? ` (${error.detail})`
      : ""
  return new SqlFailure({
    connection: false,
    message: scrub(`${messageOf(error)}${detail}`),
    ...(code !== undefined ? { code } : {})
  })
}

/** What runs statements: the whole database, or one transaction. */
export interface Session {
  /** One statement with `$1`-style parameters. */
  readonly query: (
    sql: string,
    params?: ReadonlyArray<unknown>
  ) => Effect.Effect<ReadonlyArray<Row>, SqlFailure>
  /** One or more statements without parameters. */
  readonly exec: (sql: string) => Effect.Effect<void, SqlFailure>
  /** `COPY table (columns) FROM` the given text-format data (UTF-8, tab-separated, `\N` for null). */
  readonly copyIn: (
    table: string,
    columns: ReadonlyArray<string>,
    data: Uint8Array
  ) => Effect.Effect<void, SqlFailure>
}

/** The SQLSTATE of a lock someone else holds (`lock_not_available`): a run lock, or a data directory in use. */
export const lockNotAvailable = "55P03"

/**
 * How to load a page into the database: `COPY` into a staging table, one `jsonb_to_recordset` statement, or `auto`:
 * a small page (`Writer.smallPage`) as a recordset, a larger one by COPY.
 */
export type Loader = "copy" | "recordset" | "auto"

export type Compression = "lz4" | "default"

/** A database the warehouse writes to: postgres.js over the network or PGlite in this process. */
export interface Driver extends Session {
  readonly kind: "postgres" | "pglite"
  /** Where the data lives, safe to print (the password masked). */
  readonly location: string
  /** The page loader measured fastest for this driver (see the README). */
  readonly loader: Loader
  /**
   * How new tables compress their large values: `lz4` where the server was built with it (about a quarter less
   * server CPU than the default pglz to write them, and faster to read), else the server's default.
   */
  readonly compression: Compression
  /**
   * Runs `use` in a transaction on one connection: COMMIT when it succeeds, ROLLBACK when it fails or is
   * interrupted, so a connection never goes back to the pool inside an aborted transaction.
   */
  readonly transaction: <A, E, R>(
    use: (session: Session) => Effect.Effect<A, E, R>
  ) => Effect.Effect<A, E | SqlFailure, R>
  /**
   * Holds an exclusive lock named `key` for the scope, across processes. When someone else holds it, fails at once
   * with code `lockNotAvailable` and a message saying who.
   */
  readonly lock: (key: string) => Effect.Effect<void, SqlFailure, Scope.Scope>
}
