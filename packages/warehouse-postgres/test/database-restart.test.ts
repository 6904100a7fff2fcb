/**
 * The write path rides out a PostgreSQL restart. Runs on a cluster of its own (port 5499) that it creates, restarts,
 * stops and drops; skipped with a notice where the Debian cluster tools are absent. Never touches the shared server.
 */
import { execFileSync, spawn } from "node:child_process"
import { existsSync } from "node:fs"
import { describe, expect, it } from "@effect/vitest"
import { Warehouse, WarehouseError } from "@sluice/source-sdk"
import { Effect, Fiber, Layer, Redacted, Schedule } from "effect"
import { afterAll, beforeAll } from "vitest"
import { PostgresWarehouse, WarehouseSql } from "../src/index.js"
import { order, ordersTarget, stateOf } from "./support/Fixtures.js"

const version = "15"
const cluster = "sluicewh"
const port = 5499
const url = `postgres://postgres@127.0.0.1:${port}/postgres`
const tools = ["/usr/bin/pg_createcluster", "/usr/bin/pg_ctlcluster", "/usr/bin/pg_dropcluster"]
const missing = tools.filter((tool) => !existsSync(tool))
if (missing.length > 0) {
  console.warn(
    `\n[warehouse-postgres] ${missing.join(", ")} not found: skipping the database restart tests.\n`
  )
}

const ctl = (...args: Array<string>) =>
  execFileSync(tools[1]!, [version, cluster, ...args], { stdio: "pipe" })
const drop = () => {
  try {
    execFileSync(tools[2]!, [version, cluster, "--stop"], { stdio: "pipe" })
  } catch {
    // Not there: nothing to drop.
  }
}

/** Restarts the cluster in the background; settles when it is up again. */
const restartLater = (afterMs: number) =>
  Effect.async<void, Error>((resume) => {
    const timer = setTimeout(() => {
      const child = spawn(tools[1]!, [version, cluster, "restart", "-m", "fast"], { stdio: "ignore" })
      child.on("exit", (code) =>
        resume(code === 0 ? Effect.void : Effect.fail(new Error(`pg_ctlcluster restart exited ${code}`)))
      )
    }, afterMs)
    return Effect.sync(() => clearTimeout(timer))
  })

const total = 6_000
const pageSize = 200
const records = Array.from({ length: total }, (_, i) =>
  order(`o-${i}`, 1, new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString())
)

describe.skipIf(missing.length > 0)("a database that goes away", () => {
  beforeAll(() => {
    drop()
    execFileSync(tools[0]!, [version, cluster, "-p", String(port), "--", "--auth=trust"], { stdio: "pipe" })
    ctl("start")
  }, 120_000)
  afterAll(() => drop(), 60_000)

  it.live(
    "restarts in the middle of a sync are ridden out: every page lands once, with its state",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = "restart"
        const target = ordersTarget(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        const startedAt = "SELECT pg_postmaster_start_time()::text AS at"
        const before = yield* sql.query(startedAt)
        // Two restarts at different points of the sync.
        const restart = yield* Effect.fork(restartLater(300).pipe(Effect.zipRight(restartLater(300))))
        let pages = 0
        for (let offset = 0; offset < total; offset += pageSize) {
          yield* warehouse.writePage(target, "merge", records.slice(offset, offset + pageSize), {
            ...stateOf(source),
            cursor: `page-${++pages}`
          })
          // Paced, so the restart falls inside the sync and not after it.
          yield* Effect.sleep("50 millis")
        }
        yield* Fiber.join(restart)
        // And the server is used again after the restart.
        yield* warehouse.writePage(target, "merge", [order("o-last", 1, "2024-06-01T00:00:00.000Z")], {
          ...stateOf(source),
          cursor: "last"
        })
        expect(yield* sql.query(`SELECT count(*)::int AS n FROM "${source}".orders`)).toEqual([
          { n: total + 1 }
        ])
        const [state] = yield* warehouse.states(source)
        expect(state?.cursor).toBe("last")
        // The server did restart while the pages were written.
        expect(yield* sql.query(startedAt)).not.toEqual(before)
      }).pipe(Effect.provide(PostgresWarehouse.layer({ url: Redacted.make(url) }))),
    180_000
  )

  it.live(
    "a database that stays away fails the call with one WarehouseError naming it, never a driver stack trace",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const target = ordersTarget("stays_away")
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* Effect.sync(() => ctl("stop", "-m", "fast"))
        const failure = yield* warehouse
          .writePage(target, "merge", records.slice(0, 10), stateOf("stays_away"))
          .pipe(Effect.flip, Effect.ensuring(Effect.sync(() => ctl("start"))))
        expect(failure).toBeInstanceOf(WarehouseError)
        expect(failure.reason).toBe("Connection")
        expect(failure.message).toContain(`127.0.0.1:${port}`)
        expect(failure.message).not.toMatch(/TypeError|Cannot read properties/)
      }).pipe(
        Effect.provide(
          Layer.fresh(
            PostgresWarehouse.layer({
              url: Redacted.make(url),
              reconnect: Schedule.spaced("200 millis").pipe(Schedule.upTo("2 seconds"))
            })
          )
        )
      ),
    120_000
  )
})
