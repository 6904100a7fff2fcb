import { mkdirSync } from "node:fs"
import { resolve } from "node:path"
import { PGlite, types } from "@electric-sql/pglite"
import { Effect, Exit, type Scope } from "effect"
import * as DirectoryLock from "./DirectoryLock.js"
import { parseInt8 } from "./Int8.js"
import {
  type Driver,
  type Loader,
  lockNotAvailable,
  type Row,
  type Session,
  SqlFailure,
  statementFailure
} from "./Session.js"

const failureOf = (error: unknown): SqlFailure => statementFailure(error)

const parsers = { [types.INT8]: parseInt8 }

const sessionOf = (db: PGlite): Session => ({
  query: (text, params = []) =>
    Effect.tryPromise({
      try: async (): Promise<ReadonlyArray<Row>> =>
        (await db.query<Row>(text, [...params], { parsers })).rows,
      catch: failureOf
    }),
  exec: (text) => Effect.tryPromise({ try: () => db.exec(text), catch: failureOf }).pipe(Effect.asVoid),
  copyIn: (table, columns, data) =>
    Effect.tryPromise({
      try: () =>
        db.query(`COPY ${table} (${columns.join(", ")}) FROM '/dev/blob'`, [], { blob: new Blob([data]) }),
      catch: failureOf
    }).pipe(Effect.asVoid)
})

/**
 * PGlite is one session in this process, so every statement takes a single permit: a transaction holds it from
 * BEGIN to COMMIT and no other fiber's statement can slip into it.
 */
export const make = (options: {
  readonly dataDir?: string
  readonly loader?: Loader
}): Effect.Effect<Driver, SqlFailure, Scope.Scope> =>
  Effect.gen(function* () {
    const dataDir = options.dataDir === undefined ? undefined : resolve(options.dataDir)
    const location = dataDir === undefined ? "embedded PGlite in memory" : `embedded PGlite at ${dataDir}`
    // Two processes writing one PGlite directory corrupt it: the second is refused before it opens anything.
    if (dataDir !== undefined) yield* DirectoryLock.hold(dataDir, location)
    const db = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true })
          const created = await PGlite.create(dataDir === undefined ? { parsers } : { dataDir, parsers })
          await created.waitReady
          return created
        },
        catch: (error) =>
          new SqlFailure({
            connection: true,
            message: `cannot open embedded PGlite ${dataDir === undefined ? "in memory" : `at ${dataDir}`}: ${error instanceof Error ? error.message : String(error)}`
          })
      }),
      (opened) => Effect.promise(() => opened.close())
    )
    const lock = yield* Effect.makeSemaphore(1)
    /** Run locks held in this process: the directory lock already keeps other processes out. */
    const held = new Set<string>()
    const raw = sessionOf(db)
    const locked: Session = {
      query: (text, params) => lock.withPermits(1)(raw.query(text, params)),
      exec: (text) => lock.withPermits(1)(raw.exec(text)),
      copyIn: (table, columns, data) => lock.withPermits(1)(raw.copyIn(table, columns, data))
    }
    const driver: Driver = {
      ...locked,
      kind: "pglite",
      location,
      loader: options.loader ?? "recordset",
      // PGlite is built without lz4.
      compression: "default",
      transaction: (use) =>
        lock.withPermits(1)(
          Effect.acquireUseRelease(
            raw.exec("BEGIN"),
            () => use(raw).pipe(Effect.zipLeft(raw.exec("COMMIT"))),
            (_, exit) => (Exit.isSuccess(exit) ? Effect.void : raw.exec("ROLLBACK").pipe(Effect.ignore))
          )
        ),
      lock: (key) =>
        Effect.acquireRelease(
          Effect.suspend(() => {
            if (held.has(key)) {
              return Effect.fail(
                new SqlFailure({
                  connection: false,
                  code: lockNotAvailable,
                  message: `held in this process, pid ${process.pid}`
                })
              )
            }
            held.add(key)
            return Effect.void
          }),
          () => Effect.sync(() => held.delete(key))
        )
    }
    return driver
  })
