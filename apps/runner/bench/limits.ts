/**
 * The two limits a sync is compared with, each measured in its own process on the same data:
 *
 *   tsx bench/limits.ts read            every page of every table read as the sync reads it, and discarded
 *   tsx bench/limits.ts dump <file>     the same read, each page written to <file> as one JSON line (not timed)
 *   tsx bench/limits.ts write <file>    the pages of <file> written through the warehouse's writePage (no API)
 *   tsx bench/limits.ts load <file>     the database's bulk load: the same rows (id, version, created and modified
 *                                       instants, the record as jsonb) COPYed page by page into one plain table,
 *                                       no merge, no keys; PostgreSQL at DATABASE_URL, else embedded PGlite in a
 *                                       temporary directory
 *
 * Settings come from the environment as the runner's (CTP_*, DATABASE_URL). Prints one JSON line with the figures.
 * Timings start after the process has loaded its modules (and, for write, exclude parsing the file), as the
 * sync's own `durationMs` does.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { createInterface } from "node:readline"
import { CommercetoolsSource } from "@sluice/commercetools"
import { type SourceRecord, Warehouse } from "@sluice/source-sdk"
import { Driver, PostgresWarehouse } from "@sluice/warehouse-postgres"
import { Effect, Option, Redacted, Stream } from "effect"

const [command, file] = process.argv.slice(2)
const source = CommercetoolsSource

const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)

/** Reads every table as the first incremental sync does (a full import: sliced, no cursor yet). */
const readAll = (onPage: (table: string, records: ReadonlyArray<SourceRecord>) => Effect.Effect<void>) =>
  Effect.scoped(
    Effect.gen(function* () {
      const connection = yield* source.connect({})
      const totals = { records: 0, pages: 0, requests: 0 }
      const startedAt = Date.now()
      for (const table of source.tables) {
        yield* connection.read(table, { strategy: "incremental", since: Option.none(), resume: {} }).pipe(
          Stream.runForEach((page) =>
            Effect.suspend(() => {
              totals.records += page.records.length
              totals.pages += 1
              totals.requests += page.requests
              return onPage(table.name, page.records)
            })
          )
        )
      }
      return { ...totals, durationMs: Date.now() - startedAt }
    })
  )

const read = readAll(() => Effect.void).pipe(Effect.map((totals) => ({ limit: "read", ...totals })))

const dump = (path: string) =>
  Effect.acquireUseRelease(
    Effect.sync(() => createWriteStream(path)),
    (out) =>
      readAll((table, records) =>
        Effect.async<void>((resume) => {
          const ok = out.write(`${JSON.stringify({ table, records })}\n`)
          if (ok) resume(Effect.void)
          else {
            out.once("drain", () => {
              resume(Effect.void)
            })
          }
        })
      ),
    (out) =>
      Effect.async<void>((resume) => {
        out.end(() => resume(Effect.void))
      })
  ).pipe(Effect.map((totals) => ({ limit: "dump", ...totals })))

/** Runs `f` on each page of a pre-fetched pages file (one JSON line a page), one at a time, in file order. */
const forEachPage = <E, R>(
  path: string,
  f: (
    table: (typeof source.tables)[number],
    records: ReadonlyArray<SourceRecord>
  ) => Effect.Effect<void, E, R>
): Effect.Effect<void, E, R> =>
  Effect.gen(function* () {
    const tables = new Map(source.tables.map((table) => [table.name, table]))
    const lines = createInterface({ input: createReadStream(path), crlfDelay: Number.POSITIVE_INFINITY })[
      Symbol.asyncIterator
    ]()
    while (true) {
      const next = yield* Effect.promise(() => lines.next())
      if (next.done === true) return
      const line: string = next.value
      if (line === "") continue
      const page = JSON.parse(line) as { table: string; records: ReadonlyArray<SourceRecord> }
      const table = tables.get(page.table)
      if (table === undefined) throw new Error(`unknown table ${page.table}`)
      yield* f(table, page.records)
    }
  })

const write = (path: string) =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse.Warehouse
    const prepared = new Set<string>()
    const totals = { records: 0, pages: 0, inserted: 0, writeMs: 0 }
    const startedAt = Date.now()
    yield* forEachPage(path, (table, records) =>
      Effect.gen(function* () {
        const target = Warehouse.target(source.name, table)
        const began = performance.now()
        if (!prepared.has(table.name)) {
          yield* warehouse.prepare(target, "merge", { resume: false })
          prepared.add(table.name)
        }
        const written = yield* warehouse.writePage(target, "merge", records, {
          source: source.name,
          table: table.name,
          mode: "incremental",
          lastStartedAt: new Date(startedAt).toISOString()
        })
        totals.writeMs += performance.now() - began
        totals.records += records.length
        totals.pages += 1
        totals.inserted += written.inserted
      })
    )
    return {
      limit: "write",
      ...totals,
      writeMs: Math.round(totals.writeMs),
      // Time spent in the warehouse only (prepare + writePage), without reading and parsing the file.
      durationMs: Math.round(totals.writeMs),
      wallMs: Date.now() - startedAt
    }
  })

/** One page's rows in COPY text format: id, version, created and modified instants, the record as jsonb. */
const loadRows = (table: (typeof source.tables)[number], records: ReadonlyArray<SourceRecord>) => {
  let out = ""
  for (const record of records) {
    const cell = (value: unknown) =>
      value === undefined || value === null ? "\\N" : Driver.escapeCopy(String(value))
    out += `${cell(record[table.primaryKey])}\t${cell(record[table.versionField])}\t${cell(record[table.partition.field])}\t${cell(record[table.cursorField])}\t${Driver.escapeCopy(JSON.stringify(record))}\n`
  }
  return out
}

const load = (path: string, options: PostgresWarehouse.Options) =>
  Effect.scoped(
    Effect.gen(function* () {
      const driver = yield* PostgresWarehouse.driver(options)
      yield* driver.exec(
        "DROP TABLE IF EXISTS bulk_load; CREATE TABLE bulk_load (id text, version bigint, created_at timestamptz, last_modified_at timestamptz, record jsonb)"
      )
      const columns = ["id", "version", "created_at", "last_modified_at", "record"]
      const totals = { records: 0, pages: 0, loadMs: 0 }
      yield* forEachPage(path, (table, records) =>
        Effect.gen(function* () {
          const began = performance.now()
          yield* driver.copyIn("bulk_load", columns, Buffer.from(loadRows(table, records), "utf8"))
          totals.loadMs += performance.now() - began
          totals.records += records.length
          totals.pages += 1
        })
      )
      // Time spent encoding and loading only, without reading and parsing the file (as for write).
      return { limit: "load", database: driver.kind, ...totals, durationMs: Math.round(totals.loadMs) }
    })
  )

const url = process.env.DATABASE_URL
const embedded = () => {
  const dir = mkdtempSync(Path.join(tmpdir(), "sluice-bench-load-"))
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }))
  return { dataDir: Path.join(dir, "warehouse") }
}
const program =
  command === "read"
    ? read
    : command === "dump" && file !== undefined
      ? dump(file)
      : command === "write" && file !== undefined && url !== undefined
        ? write(file).pipe(Effect.provide(PostgresWarehouse.layer({ url: Redacted.make(url) })))
        : command === "load" && file !== undefined
          ? load(file, url !== undefined && url !== "" ? { url: Redacted.make(url) } : embedded())
          : Effect.die(
              new Error(
                "usage: limits.ts read | dump <file> | write <file> (with DATABASE_URL) | load <file>"
              )
            )

Effect.runPromise(program as Effect.Effect<unknown, unknown>).then(
  (figures) => {
    print({ ...(figures as object), maxRssKb: process.resourceUsage().maxRSS })
    process.exit(0)
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`)
    process.exit(1)
  }
)
