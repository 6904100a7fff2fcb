/**
 * Measures the write path against the database's bulk load on the same rows (not a test: timings vary).
 *
 *   npx tsx scripts/write-path.ts [records=20000] [url=$TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]
 *
 * For PostgreSQL and in-memory PGlite: writePage in 500-record pages (merge, each loader), and a plain
 * `COPY … FROM STDIN` of (id, version, created_at, last_modified_at, record jsonb) into an unindexed table.
 */
import { type SourceRecord, Warehouse } from "@sluice/source-sdk"
import { Effect, Redacted } from "effect"
import { PostgresWarehouse, WarehouseSql } from "../src/index.js"
import { escapeCopy } from "../src/internal/PageData.js"
import { order, ordersTarget } from "../test/support/Fixtures.js"

const total = Number(process.argv[2] ?? 20_000)
const url = process.argv[3] ?? process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const pageSize = 500
const records: ReadonlyArray<SourceRecord> = Array.from({ length: total }, (_, i) =>
  order(`order-${i}`, 1 + (i % 5), new Date(Date.UTC(2023, 0, 1) + i * 3_600_000).toISOString(), {
    customerEmail: `customer-${i}@example.com`,
    shippingAddress: { city: "Berlin", streetName: "Main", postalCode: String(10_000 + (i % 999)) }
  })
)

/** The rows a bulk load writes: id, version, created_at, last_modified_at and the record as jsonb. */
const copyText = (page: ReadonlyArray<SourceRecord>) =>
  page
    .map(
      (r) =>
        `${escapeCopy(String(r.id))}\t${r.version}\t${r.createdAt}\t${r.lastModifiedAt}\t${escapeCopy(JSON.stringify(r))}\n`
    )
    .join("")
const plainTable = (name: string) =>
  `CREATE TABLE ${name} (id text, version bigint, created_at timestamptz, last_modified_at timestamptz, record jsonb)`

const pages = () => {
  const out: Array<ReadonlyArray<SourceRecord>> = []
  for (let offset = 0; offset < total; offset += pageSize) out.push(records.slice(offset, offset + pageSize))
  return out
}

const viaWarehouse = (options: PostgresWarehouse.Options, source: string) =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse.Warehouse
    const sql = yield* WarehouseSql
    const target = ordersTarget(source)
    yield* sql.query(`DROP SCHEMA IF EXISTS "${source}" CASCADE`)
    yield* warehouse.prepare(target, "merge", { resume: false })
    // Partitions first, so the timing is the page writes.
    yield* warehouse.writePage(target, "merge", records, { source, table: "orders", mode: "incremental" })
    yield* sql.query(`TRUNCATE "${source}".orders`)
    const started = performance.now()
    for (const page of pages()) {
      yield* warehouse.writePage(target, "merge", page, { source, table: "orders", mode: "incremental" })
    }
    const ms = Math.round(performance.now() - started)
    yield* sql.query(`DROP SCHEMA IF EXISTS "${source}" CASCADE`)
    return ms
  }).pipe(Effect.provide(PostgresWarehouse.layer(options)), Effect.runPromise)

/** The database's bulk load of the same rows, page by page, through the warehouse's own driver (so the same socket). */
const bulkLoad = (options: PostgresWarehouse.Options) =>
  Effect.scoped(
    Effect.gen(function* () {
      const driver = yield* PostgresWarehouse.driver(options)
      yield* driver.exec(`DROP TABLE IF EXISTS warehouse_bench_plain; ${plainTable("warehouse_bench_plain")}`)
      const columns = ["id", "version", "created_at", "last_modified_at", "record"]
      const load = Effect.forEach(
        pages(),
        (page) => driver.copyIn("warehouse_bench_plain", columns, Buffer.from(copyText(page), "utf8")),
        {
          discard: true
        }
      )
      yield* load // warm-up: JIT and caches, as the warehouse runs get from their own warm-up
      yield* driver.exec("TRUNCATE warehouse_bench_plain")
      const started = performance.now()
      yield* load
      const ms = Math.round(performance.now() - started)
      yield* driver.exec("DROP TABLE warehouse_bench_plain")
      return ms
    })
  ).pipe(Effect.runPromise)

const main = async () => {
  const lines: Array<string> = []
  const drivers: ReadonlyArray<readonly [string, PostgresWarehouse.Options]> = [
    ["postgres", { url: Redacted.make(url) }],
    ["pglite  ", { memory: true }]
  ]
  for (const [name, options] of drivers) {
    const copyMs = await bulkLoad(options)
    lines.push(`${name}  plain COPY (bulk load)      ${copyMs} ms`)
    for (const loader of ["copy", "recordset"] as const) {
      const ms = await viaWarehouse({ ...options, loader }, `warehouse_bench_${loader}`)
      lines.push(
        `${name}  writePage merge, ${loader.padEnd(9)}   ${ms} ms  (${(ms / copyMs).toFixed(2)} × bulk load)`
      )
    }
  }
  process.stdout.write(`${total} records in ${pageSize}-record pages\n${lines.join("\n")}\n`)
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`)
  process.exit(1)
})
