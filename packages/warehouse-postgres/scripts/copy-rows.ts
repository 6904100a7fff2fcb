/**
 * Measures the COPY encoder (`copyRowsScoped`) on a commercetools orders page as the source scans it (not a test:
 * timings vary). The hot path of a sync's write: nested values are raw bytes, copied as they are when `simple`.
 *
 * Also the same page with every raw value marked not `simple`: the byte-by-byte escaping path, which a value
 * with an escaped string takes.
 *
 *   npx tsx scripts/copy-rows.ts [rounds=200]
 */
import { JsonScan, RawJson, type SourceRecord, Warehouse } from "@sluice/source-sdk"
import { Effect } from "effect"
import { Tables } from "../../commercetools/src/index.js"
import { seedDemoData } from "../../commercetools-sandbox/src/DemoData.js"
import { Store } from "../../commercetools-sandbox/src/Store.js"
import { layoutOf } from "../src/internal/Layout.js"
import { copyRowsScoped } from "../src/internal/PageData.js"

const rounds = Number(process.argv[2] ?? 200)
const store = new Store()
seedDemoData(store, { orders: 2_000, deletionHistory: false })
const results = store.all("orders").slice(0, 500)
const page = Buffer.from(JSON.stringify({ limit: 500, count: results.length, results }), "utf8")
const scanned = JsonScan.scanList(page, "results")
if (scanned === undefined) throw new Error("the page did not scan")
const table = Tables.tables.find((candidate) => candidate.name === "orders")
if (table === undefined) throw new Error("no orders table")
const { columns } = layoutOf(Warehouse.target("commercetools", table))

/** The records with every raw value marked not `simple`. */
const escaping = scanned.items.map((record) => {
  const copy: Record<string, unknown> = {}
  for (const key in record) {
    const value = record[key]
    copy[key] =
      value instanceof RawJson.RawJson ? new RawJson.RawJson(value.bytes, value.start, value.end) : value
  }
  return copy as SourceRecord
})
const raw = scanned.items.flatMap((record) =>
  Object.values(record).filter((value) => value instanceof RawJson.RawJson)
)
const simpleShare = raw.filter((value) => value.simple).length / raw.length

const measure = (name: string, records: ReadonlyArray<SourceRecord>): string => {
  const time = (): number => {
    const started = process.hrtime.bigint()
    // As the writer uses it: the rows' memory goes back for the next page's once the scope closes.
    Effect.runSync(Effect.scoped(copyRowsScoped(columns, records)))
    return Number(process.hrtime.bigint() - started)
  }
  for (let round = 0; round < 50; round++) time() // warm-up: JIT, and the buffer sized from the last page
  const samples = Array.from({ length: rounds }, time).sort((a, b) => a - b)
  const median = samples[Math.floor(samples.length / 2)] as number
  const best = samples[0] as number
  return (
    `${name}: median ${(median / 1e6).toFixed(2)} ms (${(median / page.length).toFixed(2)} ns/byte), ` +
    `best ${(best / 1e6).toFixed(2)} ms (${(best / page.length).toFixed(2)} ns/byte)`
  )
}

process.stdout.write(
  `${results.length} orders, ${(page.length / 1e6).toFixed(2)} MB page, ${raw.length} raw values (${(simpleShare * 100).toFixed(1)}% simple)\n` +
    `${measure("as scanned      ", scanned.items)}\n${measure("none simple     ", escaping)}\n`
)
