/**
 * The sync benchmark: `pnpm bench [--scales 10000,50000,200000] [--no-doc] [--sync-heap-mb 320]`.
 *
 * For each scale (orders; the other tables scale with them) it starts the sandbox server as its own process
 * (`commercetools-sandbox/src/bin.ts --cache-json`), then measures, in separate processes on the same data:
 *   - the sync: the real runner CLI, `sync commercetools --json` into a fresh PostgreSQL database;
 *   - limit 1, reads alone: every page of every table read as the sync reads it, discarded (`limits.ts read`);
 *   - limit 2, the database's bulk load: the same pages, pre-fetched into a file, their rows (id, version,
 *     instants, the record as jsonb) COPYed into one plain table of a fresh database, no merge (`limits.ts load`);
 *   - writes alone, for reference: the same pages written through the warehouse's writePage (`limits.ts write`);
 *   - embedded PGlite: the same sync into a PGlite directory, and its ratio to the bulk load into PGlite.
 * It prints a table and writes the figures to docs/benchmarks.md.
 *
 * PostgreSQL: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test (databases sluice_bench_* are created
 * beside it and dropped afterwards). Peak RSS comes from `/usr/bin/time -v` when present, else from polling
 * /proc/<pid>/status (VmHWM).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { cpus, tmpdir, totalmem } from "node:os"
import * as Path from "node:path"
import { parseArgs } from "node:util"
import { PostgresWarehouse, WarehouseSql } from "@sluice/warehouse-postgres"
import { Context, Effect, Exit, Layer, Redacted, Scope } from "effect"

const runnerRoot = Path.resolve(import.meta.dirname, "..")
const repoRoot = Path.resolve(runnerRoot, "..", "..")
const sandboxBin = Path.join(repoRoot, "packages", "commercetools-sandbox", "src", "bin.ts")
/** The source's table declarations, which the sandbox serves. */
const sourceTables = Path.join(repoRoot, "packages", "commercetools", "src", "Tables.ts")
const docPath = Path.join(repoRoot, "docs", "benchmarks.md")

const { values } = parseArgs({
  options: {
    scales: { type: "string" },
    "no-doc": { type: "boolean" },
    // Caps the sync process's V8 heap: shows whether memory is bounded by design rather than by V8's sizing.
    "sync-heap-mb": { type: "string" },
    keep: { type: "boolean" }
  },
  strict: true
})
const scales = (values.scales ?? "10000,50000,200000")
  .split(",")
  .map((s) => Number(s.trim().replace(/_/g, "")))
  .filter((n) => Number.isInteger(n) && n > 0)
if (scales.length === 0) throw new Error("--scales expects comma-separated positive integers")

const syncHeap = values["sync-heap-mb"] === undefined ? undefined : Number(values["sync-heap-mb"])
if (syncHeap !== undefined && !(syncHeap > 0)) throw new Error("--sync-heap-mb expects a positive number")

const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const log = (text: string) => process.stderr.write(`${text}\n`)

// --- PostgreSQL ---------------------------------------------------------------------------------------------------

const withDatabase = (url: string, database: string) => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

const adminQuery = async (sql: string): Promise<void> => {
  const scope = Effect.runSync(Scope.make())
  try {
    const context = await Effect.runPromise(
      Layer.buildWithScope(
        PostgresWarehouse.layer({ url: Redacted.make(withDatabase(baseUrl, "postgres")) }),
        scope
      )
    )
    await Effect.runPromise(Context.get(context, WarehouseSql).query(sql))
  } finally {
    await Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

const freshDatabase = async (name: string): Promise<string> => {
  await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await adminQuery(`CREATE DATABASE ${name}`)
  return withDatabase(baseUrl, name)
}
const dropDatabase = (name: string) => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)

// --- processes ----------------------------------------------------------------------------------------------------

const hasGnuTime = existsSync("/usr/bin/time")
const ticksPerSecond = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"]).toString().trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU seconds (user + system) a live process has used, from /proc. */
const cpuSeconds = (pid: number | undefined): number => {
  if (pid === undefined) return 0
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8")
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond
  } catch {
    return 0
  }
}

interface Measured {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
  readonly wallMs: number
  readonly maxRssKb: number | undefined
  readonly cpuSeconds: number | undefined
}

/** Runs `node --import tsx <args>` from apps/runner, measuring its peak RSS and CPU time. */
const measure = (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  nodeFlags: ReadonlyArray<string> = []
): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const dir = mkdtempSync(Path.join(tmpdir(), "sluice-bench-time-"))
    const timeFile = Path.join(dir, "time.txt")
    const node = [process.execPath, ...nodeFlags, "--import", "tsx", ...args]
    const [command, ...rest] = hasGnuTime ? ["/usr/bin/time", "-v", "-o", timeFile, ...node] : node
    const started = performance.now()
    const child = spawn(command as string, rest, {
      cwd: runnerRoot,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let hwmKb = 0
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    const poll = hasGnuTime
      ? undefined
      : setInterval(() => {
          try {
            const status = readFileSync(`/proc/${child.pid}/status`, "utf8")
            const match = /VmHWM:\s+(\d+)/.exec(status)
            if (match !== null) hwmKb = Math.max(hwmKb, Number(match[1]))
          } catch {}
        }, 100)
    child.on("error", reject)
    child.on("close", (code) => {
      if (poll !== undefined) clearInterval(poll)
      const wallMs = performance.now() - started
      let maxRssKb: number | undefined = hwmKb > 0 ? hwmKb : undefined
      let cpu: number | undefined
      if (hasGnuTime && existsSync(timeFile)) {
        const text = readFileSync(timeFile, "utf8")
        const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)
        const user = /User time \(seconds\): ([\d.]+)/.exec(text)
        const system = /System time \(seconds\): ([\d.]+)/.exec(text)
        if (rss !== null) maxRssKb = Number(rss[1])
        if (user !== null && system !== null) cpu = Number(user[1]) + Number(system[1])
      }
      rmSync(dir, { recursive: true, force: true })
      resolve({ code, stdout, stderr, wallMs, maxRssKb, cpuSeconds: cpu })
    })
  })

interface Sandbox {
  readonly child: ChildProcess
  readonly env: Record<string, string>
  readonly stop: () => Promise<void>
}

/** The sandbox server as its own process, with pre-serialised records. */
const startSandbox = (orders: number): Promise<Sandbox> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--max-old-space-size=16384",
        "--import",
        "tsx",
        sandboxBin,
        "--resources",
        sourceTables,
        "--orders",
        String(orders),
        "--port",
        "0",
        "--cache-json",
        "--client-secret",
        "bench-secret"
      ],
      { cwd: runnerRoot, stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk
      const newline = out.indexOf("\n")
      if (newline < 0) return
      const ready = JSON.parse(out.slice(0, newline)) as {
        url: string
        projectKey: string
        clientId: string
        clientSecret: string
      }
      resolve({
        child,
        env: {
          CTP_PROJECT_KEY: ready.projectKey,
          CTP_CLIENT_ID: ready.clientId,
          CTP_CLIENT_SECRET: ready.clientSecret,
          CTP_AUTH_URL: ready.url,
          CTP_API_URL: ready.url
        },
        stop: () =>
          new Promise((done) => {
            child.once("close", () => done())
            child.kill("SIGTERM")
          })
      })
    })
    child.on("error", reject)
    child.on("close", (code) => reject(new Error(`the sandbox exited (${code}) before it was ready`)))
  })

const lastJson = (text: string): Record<string, unknown> => {
  const lines = text.split("\n").filter((line) => line.trim().startsWith("{"))
  const last = lines.at(-1)
  if (last === undefined) throw new Error(`no JSON output:\n${text.slice(-2000)}`)
  return JSON.parse(last) as Record<string, unknown>
}

// --- one scale ----------------------------------------------------------------------------------------------------

interface Figures {
  readonly orders: number
  readonly records: number
  readonly requests: number
  readonly pages: number
  readonly syncMs: number
  readonly syncWallMs: number
  readonly syncCpuS: number | undefined
  readonly recordsPerSecond: number
  readonly peakRssMb: number | undefined
  readonly readMs: number
  readonly readRequests: number
  readonly writeMs: number
  readonly loadMs: number
  readonly pgliteSyncMs: number
  readonly pgliteLoadMs: number
  readonly serverCpuS: number
  readonly seedMs: number
  readonly tables: ReadonlyArray<{ table: string; rows: number; pages: number; requests: number; ms: number }>
}

const benchScale = async (orders: number): Promise<Figures> => {
  const seedStarted = performance.now()
  log(`\n▶ ${orders.toLocaleString("en-US")} orders: seeding the sandbox server…`)
  const sandbox = await startSandbox(orders)
  const seedMs = performance.now() - seedStarted
  const syncDb = `sluice_bench_sync_${orders}`
  const writeDb = `sluice_bench_write_${orders}`
  const loadDb = `sluice_bench_load_${orders}`
  const dir = mkdtempSync(Path.join(tmpdir(), "sluice-bench-"))
  const dumpFile = Path.join(dir, "pages.ndjson")
  try {
    log("  pre-fetching the pages for limit 2 (also warms the server) …")
    const dump = await measure(["bench/limits.ts", "dump", dumpFile], sandbox.env)
    if (dump.code !== 0) throw new Error(`the dump failed:\n${dump.stderr}`)

    // The sync runs after the pre-fetch, so it finds the server as warm (JSON cached, indexes sorted) as the read limit.
    const syncUrl = await freshDatabase(syncDb)
    log("  sync …")
    const serverBefore = cpuSeconds(sandbox.child.pid)
    const sync = await measure(
      ["src/bin.ts", "sync", "commercetools", "--json"],
      { ...sandbox.env, DATABASE_URL: syncUrl },
      syncHeap === undefined ? [] : [`--max-old-space-size=${syncHeap}`]
    )
    const serverCpuS = cpuSeconds(sandbox.child.pid) - serverBefore
    if (sync.code !== 0)
      throw new Error(`the sync failed (${sync.code}):\n${sync.stderr}\n${sync.stdout.slice(-3000)}`)
    const finished = lastJson(sync.stdout) as {
      durationMs: number
      tables: ReadonlyArray<{
        table: string
        rows: number
        pages: number
        requests: number
        durationMs: number
      }>
    }
    const records = finished.tables.reduce((n, t) => n + t.rows, 0)
    const syncMs = finished.durationMs

    log("  limit 1: reads alone …")
    const read = await measure(["bench/limits.ts", "read"], sandbox.env)
    if (read.code !== 0) throw new Error(`the read limit failed:\n${read.stderr}`)
    const readFigures = lastJson(read.stdout) as { durationMs: number; records: number; requests: number }

    log("  limit 2: writes alone …")
    const writeUrl = await freshDatabase(writeDb)
    const write = await measure(["bench/limits.ts", "write", dumpFile], { DATABASE_URL: writeUrl })
    if (write.code !== 0) throw new Error(`the write limit failed:\n${write.stderr}`)
    const writeFigures = lastJson(write.stdout) as { durationMs: number; records: number }

    log("  limit 2: the database's bulk load …")
    const loadUrl = await freshDatabase(loadDb)
    const load = await measure(["bench/limits.ts", "load", dumpFile], { DATABASE_URL: loadUrl })
    if (load.code !== 0) throw new Error(`the bulk load failed:\n${load.stderr}`)
    const loadFigures = lastJson(load.stdout) as { durationMs: number; records: number }

    log("  embedded PGlite: sync, and its bulk load …")
    const embedded = { DATABASE_URL: "", SLUICE_DATA_DIR: Path.join(dir, "pglite-sync") }
    const pgliteSync = await measure(["src/bin.ts", "sync", "commercetools", "--json"], {
      ...sandbox.env,
      ...embedded
    })
    if (pgliteSync.code !== 0) throw new Error(`the PGlite sync failed:\n${pgliteSync.stderr}`)
    const pgliteLoad = await measure(["bench/limits.ts", "load", dumpFile], { DATABASE_URL: "" })
    if (pgliteLoad.code !== 0) throw new Error(`the PGlite bulk load failed:\n${pgliteLoad.stderr}`)
    if (readFigures.records !== records || writeFigures.records !== records) {
      log(
        `  note: record counts differ: sync ${records}, read ${readFigures.records}, write ${writeFigures.records}`
      )
    }

    const figures: Figures = {
      orders,
      records,
      requests: finished.tables.reduce((n, t) => n + t.requests, 0),
      pages: finished.tables.reduce((n, t) => n + t.pages, 0),
      syncMs,
      syncWallMs: sync.wallMs,
      syncCpuS: sync.cpuSeconds,
      recordsPerSecond: Math.round((records * 1000) / syncMs),
      peakRssMb: sync.maxRssKb === undefined ? undefined : Math.round(sync.maxRssKb / 1024),
      readMs: readFigures.durationMs,
      readRequests: readFigures.requests,
      writeMs: writeFigures.durationMs,
      loadMs: loadFigures.durationMs,
      pgliteSyncMs: (lastJson(pgliteSync.stdout) as { durationMs: number }).durationMs,
      pgliteLoadMs: (lastJson(pgliteLoad.stdout) as { durationMs: number }).durationMs,
      serverCpuS,
      seedMs,
      tables: finished.tables.map((t) => ({
        table: t.table,
        rows: t.rows,
        pages: t.pages,
        requests: t.requests,
        ms: t.durationMs
      }))
    }
    log(`  ${JSON.stringify({ ...figures, tables: undefined })}`)
    return figures
  } finally {
    rmSync(dir, { recursive: true, force: true })
    await sandbox.stop()
    if (values.keep !== true) {
      await dropDatabase(syncDb)
      await dropDatabase(writeDb)
      await dropDatabase(loadDb)
    }
  }
}

// --- report -------------------------------------------------------------------------------------------------------

const n = (value: number) => value.toLocaleString("en-US")
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const ratio = (f: Figures) => f.syncMs / Math.max(f.readMs, f.loadMs)
const pgliteRatio = (f: Figures) => f.pgliteSyncMs / f.pgliteLoadMs

const table = (rows: ReadonlyArray<Figures>): string => {
  const header = [
    "orders",
    "records",
    "sync",
    "records/s",
    "requests",
    "pages",
    "peak RSS",
    "reads alone",
    "bulk load",
    "sync / max(limits)",
    "writes alone",
    "PGlite sync",
    "PGlite sync / its bulk load",
    "server CPU"
  ]
  const body = rows.map((f) => [
    n(f.orders),
    n(f.records),
    s(f.syncMs),
    n(f.recordsPerSecond),
    n(f.requests),
    n(f.pages),
    f.peakRssMb === undefined ? "?" : `${n(f.peakRssMb)} MB`,
    s(f.readMs),
    s(f.loadMs),
    `${ratio(f).toFixed(2)} ×`,
    s(f.writeMs),
    s(f.pgliteSyncMs),
    `${pgliteRatio(f).toFixed(2)} ×`,
    `${f.serverCpuS.toFixed(1)} s (${Math.round((f.serverCpuS * 100000) / f.syncMs)}% of sync)`
  ])
  const all = [header, ...body]
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)))
  const line = (row: ReadonlyArray<string>) =>
    `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n")
}

const targets = (rows: ReadonlyArray<Figures>) => {
  const speed = rows.map((f) => ({ orders: f.orders, ratio: ratio(f), holds: ratio(f) <= 1.3 }))
  const smallest = rows[0]
  const largest = rows.at(-1)
  const memory =
    smallest?.peakRssMb !== undefined && largest?.peakRssMb !== undefined && rows.length > 1
      ? {
          ratio: largest.peakRssMb / smallest.peakRssMb,
          holds: largest.peakRssMb <= 1.25 * smallest.peakRssMb
        }
      : undefined
  const server = rows.map((f) => ({ orders: f.orders, share: f.serverCpuS / (f.syncMs / 1000) }))
  return { speed, memory, server }
}

const main = async () => {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform} ${process.arch}`
  log(`sluice benchmark: scales ${scales.map(n).join(", ")} on ${machine}`)
  const rows: Array<Figures> = []
  for (const orders of scales) rows.push(await benchScale(orders))
  const result = targets(rows)
  const printed = table(rows)
  process.stdout.write(`\n${printed}\n\n`)
  for (const t of result.speed) {
    process.stdout.write(
      `speed   ${n(t.orders)} orders: sync = ${t.ratio.toFixed(2)} × the larger limit (target ≤ 1.3): ${t.holds ? "holds" : "MISSES"}\n`
    )
  }
  if (result.memory !== undefined) {
    process.stdout.write(
      `memory  peak RSS largest / smallest = ${result.memory.ratio.toFixed(2)} (target ≤ 1.25): ${result.memory.holds ? "holds" : "MISSES"}\n`
    )
  }
  for (const f of rows) {
    process.stdout.write(
      `pglite  ${n(f.orders)} orders: sync ${s(f.pgliteSyncMs)} = ${pgliteRatio(f).toFixed(2)} × a bulk load into PGlite\n`
    )
  }
  for (const t of result.server) {
    process.stdout.write(
      `server  ${n(t.orders)} orders: the sandbox used ${(t.share * 100).toFixed(0)}% of one core during the sync\n`
    )
  }
  const json = JSON.stringify({ command: `pnpm bench --scales ${scales.join(",")}`, machine, rows }, null, 2)
  const out = Path.join(tmpdir(), "sluice-bench-last.json")
  writeFileSync(out, json)
  log(`figures: ${out}`)
  if (values["no-doc"] !== true) writeDoc(rows, machine, printed, result)
}

/** Rewrites the generated section of docs/benchmarks.md (between the markers), keeping the rest of the page. */
const writeDoc = (
  rows: ReadonlyArray<Figures>,
  machine: string,
  printed: string,
  result: ReturnType<typeof targets>
) => {
  const begin = "<!-- bench:begin -->"
  const end = "<!-- bench:end -->"
  const perTable = rows
    .map(
      (f) =>
        `- ${n(f.orders)} orders: ${f.tables.map((t) => `${t.table} ${n(t.rows)} rows / ${n(t.pages)} pages / ${s(t.ms)}`).join("; ")}; wall time of the sync process ${s(f.syncWallMs)}${f.syncCpuS === undefined ? "" : `, its CPU ${f.syncCpuS.toFixed(1)} s`}; seeding the sandbox ${s(f.seedMs)}.`
    )
    .join("\n")
  const generated = [
    begin,
    "",
    `Last run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, \`pnpm bench --scales ${scales.join(",")}\`, on ${machine}.`,
    "",
    printed,
    "",
    ...result.speed.map(
      (t) =>
        `- speed, ${n(t.orders)} orders: sync ${t.ratio.toFixed(2)} × the larger limit: ${t.holds ? "holds" : "misses"}`
    ),
    result.memory === undefined
      ? "- memory: needs two scales"
      : `- memory: peak RSS at the largest scale is ${result.memory.ratio.toFixed(2)} × that at the smallest: ${result.memory.holds ? "holds" : "misses"}`,
    ...result.server.map(
      (t) =>
        `- server, ${n(t.orders)} orders: the sandbox process used ${(t.share * 100).toFixed(0)}% of one core during the sync`
    ),
    "",
    "Per table:",
    "",
    perTable,
    "",
    end
  ].join("\n")
  const current = existsSync(docPath) ? readFileSync(docPath, "utf8") : ""
  const at = current.indexOf(begin)
  const stop = current.indexOf(end)
  const next =
    at >= 0 && stop > at
      ? `${current.slice(0, at)}${generated}${current.slice(stop + end.length)}`
      : `${current === "" ? "# Benchmarks\n\n" : `${current.trimEnd()}\n\n`}${generated}\n`
  writeFileSync(docPath, next)
  log(`wrote ${Path.relative(repoRoot, docPath)}`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(error instanceof Error ? (error.stack ?? error.message) : String(error))
    process.exit(1)
  }
)
