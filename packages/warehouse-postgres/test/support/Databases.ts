import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { it, layer, type Vitest } from "@effect/vitest"
import { PGlite } from "@electric-sql/pglite"
import type { Warehouse } from "@sluice/source-sdk"
import { Effect, Redacted } from "effect"
import postgres from "postgres"
import { afterAll, describe } from "vitest"
import { PostgresWarehouse, WarehouseSql } from "../../src/index.js"

/** The PostgreSQL server the suite runs against (trust auth in CI and the sandbox). */
export const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const probe = async (): Promise<string | undefined> => {
  const sql = postgres(serverUrl, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    await sql`select 1`
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  } finally {
    await sql.end({ timeout: 1 })
  }
}

export const serverUnreachable = await probe()
const unreachable = serverUnreachable
if (unreachable !== undefined) {
  console.warn(
    `\n[warehouse-postgres] PostgreSQL at ${PostgresWarehouse.describeTarget({ url: Redacted.make(serverUrl) })} is unreachable (${unreachable}): ` +
      (process.env.CI === "true"
        ? "the server suite FAILS (CI=true).\n"
        : "skipping the server suite; PGlite still runs.\n")
  )
}

export interface DriverCase {
  readonly kind: "postgres" | "pglite"
  readonly name: string
  readonly options: PostgresWarehouse.Options
}

export const server: DriverCase = {
  kind: "postgres",
  name: "postgres",
  options: { url: Redacted.make(serverUrl) }
}
/**
 * PGlite's initdb takes seconds; opening an initialised directory takes about one. Each file's PGlite suite copies a
 * template directory (built once per machine) and persists its warehouse there, exercising the `dataDir` path.
 */
const pgliteTemplate = async (): Promise<string> => {
  const template = join(tmpdir(), "sluice-warehouse-pglite-template-0.5.16")
  if (!existsSync(template)) {
    const building = mkdtempSync(join(tmpdir(), "sluice-warehouse-pglite-build-"))
    const db = await PGlite.create({ dataDir: building })
    await db.close()
    try {
      renameSync(building, template)
    } catch {
      rmSync(building, { recursive: true, force: true })
    }
  }
  return template
}

const template = await pgliteTemplate()

/** Makes `dir` an initialised PGlite data directory (a copy of the template), without initdb's seconds. */
export const initialisedDataDir = (dir: string): string => {
  cpSync(template, dir, { recursive: true })
  return dir
}

/** A copy of the template for the suite being declared, removed when that suite ends. */
const pgliteDataDir = (): string => {
  const dir = initialisedDataDir(mkdtempSync(join(tmpdir(), "sluice-warehouse-pglite-")))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** PGlite: `dataDir` names the template, never opened; `onEachDriver` gives each suite a copy of its own. */
export const embedded: DriverCase = {
  kind: "pglite",
  name: "pglite",
  options: { dataDir: template }
}
export const cases: ReadonlyArray<DriverCase> = [server, embedded]

/** The same driver with a given page loader. */
export const withLoader = (driver: DriverCase, loader: "copy" | "recordset"): DriverCase => ({
  ...driver,
  name: `${driver.name}, ${loader}`,
  options: { ...driver.options, loader }
})

/** Every driver with every loader. */
export const casesWithLoaders: ReadonlyArray<DriverCase> = cases.flatMap((driver) => [
  withLoader(driver, "copy"),
  withLoader(driver, "recordset")
])

/** A source (schema) name no other test uses. */
export const uniqueSource = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 8)}`

/** Provides a fresh source name and drops its schemas (and the shadow's) when the test ends. */
export const withSource = (prefix: string) =>
  Effect.acquireRelease(Effect.succeed(uniqueSource(prefix)), (source) =>
    Effect.gen(function* () {
      const sql = yield* WarehouseSql
      yield* sql.query(`DROP SCHEMA IF EXISTS "${source}" CASCADE`)
      yield* sql.query(`DROP SCHEMA IF EXISTS "${source}__shadow" CASCADE`)
    }).pipe(Effect.orDie)
  )

export type Methods = Vitest.MethodsNonLive<Services, true>

/**
 * Runs the same tests on each driver with one warehouse layer per driver and file. When the server is unreachable,
 * its suite is skipped with a notice, or fails when CI=true.
 */
export const onEachDriver = (
  title: string,
  body: (it: Methods, driver: DriverCase) => void,
  drivers: ReadonlyArray<DriverCase> = cases
) => {
  for (const driver of drivers) {
    if (driver.kind === "postgres" && unreachable !== undefined) {
      describe(`${title} [${driver.name}]`, () => {
        if (process.env.CI === "true") {
          it("reaches the PostgreSQL server", () => {
            throw new Error(`PostgreSQL at ${serverUrl} is unreachable: ${unreachable}`)
          })
        } else {
          it.skip(`PostgreSQL at ${serverUrl} is unreachable: skipped`, () => {})
        }
      })
      continue
    }
    describe(`${title} [${driver.name}]`, () => {
      // Test files share this module (vitest's isolate: false), so the directory is copied here, per suite.
      const options =
        driver.kind === "pglite" ? { ...driver.options, dataDir: pgliteDataDir() } : driver.options
      layer(PostgresWarehouse.layer(options), { timeout: 60_000, excludeTestServices: true })((it) =>
        body(it, { ...driver, options })
      )
    })
  }
}

export type Services = Warehouse.Warehouse | WarehouseSql
