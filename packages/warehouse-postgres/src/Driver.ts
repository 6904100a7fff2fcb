import type { Duration, Effect, Redacted, Schedule, Scope } from "effect"
import * as PgliteDriver from "./internal/PgliteDriver.js"
import * as PostgresJsDriver from "./internal/PostgresJsDriver.js"
import type { Driver, Loader, SqlFailure } from "./internal/Session.js"

export { escapeCopy } from "./internal/PageData.js"
export { type Driver, type Loader, type Row, type Session, SqlFailure } from "./internal/Session.js"

/** postgres.js on a connection URL. Checks the connection once, so a misconfigured URL fails here. */
export const postgresJs = (options: {
  readonly url: Redacted.Redacted<string>
  readonly max?: number
  readonly loader?: Loader
  /** How long a lost connection is retried (default about 75 s: a restart is ridden out). */
  readonly reconnect?: Schedule.Schedule<unknown>
  readonly copyTimeout?: Duration.Duration
}): Effect.Effect<Driver, SqlFailure, Scope.Scope> => PostgresJsDriver.make(options)

/** PGlite (Postgres compiled to WASM) persisted in `dataDir`, or in memory. */
export const pglite = (options: {
  readonly dataDir?: string
  readonly loader?: Loader
}): Effect.Effect<Driver, SqlFailure, Scope.Scope> => PgliteDriver.make(options)

/** A printable location for a connection URL: `postgres://app:***@127.0.0.1:5432/test`. */
export const describeUrl = (url: string): string => PostgresJsDriver.describeUrl(url)
