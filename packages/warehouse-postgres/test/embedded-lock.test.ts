import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { WarehouseError } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"
import { afterAll } from "vitest"
import { PostgresWarehouse } from "../src/index.js"
import { initialisedDataDir } from "./support/Databases.js"

const root = mkdtempSync(join(tmpdir(), "sluice-warehouse-lock-"))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const open = (dataDir: string) => Layer.build(PostgresWarehouse.layer({ dataDir }))

/** A pid no process has: a child that has already exited. */
const deadPid = (): number => {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"])
  return Number(child.stdout.toString())
}

describe("embedded PGlite: one process per data directory", () => {
  it.scoped(
    "a second opening of a directory in use is refused with reason Locked; the lock file goes with the first",
    () =>
      Effect.gen(function* () {
        const dataDir = initialisedDataDir(join(root, "in-use"))
        yield* Effect.scoped(
          Effect.gen(function* () {
            yield* open(dataDir)
            expect(existsSync(`${dataDir}.lock`)).toBe(true)
            const refused = yield* Effect.scoped(open(dataDir)).pipe(Effect.flip)
            expect(refused).toBeInstanceOf(WarehouseError)
            expect(refused.reason).toBe("Locked")
            expect(refused.message).toContain(`embedded PGlite at ${dataDir} is in use`)
            expect(refused.message).toContain(`pid ${process.pid}`)
          })
        )
        expect(existsSync(`${dataDir}.lock`)).toBe(false)
        // Free again: the next run opens it.
        yield* open(dataDir)
      }),
    60_000
  )

  it.scoped(
    "a lock file left by a process that died is taken over",
    () =>
      Effect.gen(function* () {
        const dataDir = initialisedDataDir(join(root, "stale"))
        writeFileSync(`${dataDir}.lock`, `${deadPid()}\n`)
        yield* open(dataDir)
      }),
    60_000
  )

  it.scoped(
    "a first run on a fresh clone opens a data directory whose parent does not exist yet (.data/warehouse)",
    () =>
      Effect.gen(function* () {
        const dataDir = join(root, "fresh-clone", ".data", "warehouse")
        yield* open(dataDir)
        expect(existsSync(`${dataDir}.lock`)).toBe(true)
      }),
    60_000
  )
})
