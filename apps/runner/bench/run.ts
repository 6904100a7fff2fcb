/**
 * The sync benchmark: `pnpm bench [--scales 10000,50000,200000] [--no-doc] [--sync-heap-mb 320]`.
 *
 * For each scale (orders; the other tables scale with them) it starts the sandbox server as its own process
 * (`commercetools-sandbox/src/bin.ts --cache-json`), then measures, in separate processes on the same data:
 *   - the sync: the built runner (`node dist/bin.js`, built first if stale), `sync commercetools --json`, into a
 *     fresh PostgreSQL database;
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
import { cpus, loadavg, tmpdir, totalmem } from "node:os"
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

/** The built runner (`node build.mjs` builds it if a source changed): what `pnpm runner` runs, no tsx. */
const runnerBin = Path.join(runnerRoot, "dist", "bin.js")
const buildRunner = () =>
  execFileSync(process.execPath, [Path.join(runnerRoot, "build.mjs")], { stdio: "inherit" })

/**
 * Runs a command from apps/runner, measuring its peak RSS and CPU time: `node --import tsx <args>` for the bench's
 * own scripts, `node dist/bin.js <args>` for the runner, any other command as given.
 */
const measure = (
  args: ReadonlyArray<string>,
  env: Record<string, string>,
  nodeFlags: ReadonlyArray<string> = [],
  how: "tsx" | "runner" | "command" = "tsx"
): Promise<Measured> =>
  new Promise((resolve, reject) => {
    const dir = mkdtempSync(Path.join(tmpdir(), "sluice-bench-time-"))
    const timeFile = Path.join(dir, "time.txt")
    const node =
      how === "command"
        ? args
        : how === "runner"
          ? [process.execPath, ...nodeFlags, runnerBin, ...args]
          : [process.execPath, ...nodeFlags, "--import", "tsx", ...args]
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
  /** Pages of 500 records the tables fill: the fewest requests a first import can take. */
  readonly pagesFilled: number
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
      ["sync", "commercetools", "--json"],
      { ...sandbox.env, DATABASE_URL: syncUrl },
      syncHeap === undefined ? [] : [`--max-old-space-size=${syncHeap}`],
      "runner"
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
    const pgliteSync = await measure(
      ["sync", "commercetools", "--json"],
      { ...sandbox.env, ...embedded },
      [],
      "runner"
    )
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
      pagesFilled: finished.tables.reduce((n, t) => n + Math.max(1, Math.ceil(t.rows / 500)), 0),
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
    "pages filled",
    "peak RSS",
    "CPU / record",
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
    n(f.pagesFilled),
    f.peakRssMb === undefined ? "?" : `${n(f.peakRssMb)} MB`,
    cpuPerRecordUs(f) === undefined ? "?" : `${cpuPerRecordUs(f)?.toFixed(0)} µs`,
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
  // The separator as the formatter writes it (`| --- |`), so a fresh run leaves the page lint-clean.
  return [line(header), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...body.map(line)].join("\n")
}

// --- start-up -----------------------------------------------------------------------------------------------------

interface Startup {
  readonly runnerMs: number
  readonly nodeMs: number
  readonly rounds: number
  readonly runnerRssMb: number | undefined
}

const median = (values: ReadonlyArray<number>) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/**
 * `pnpm runner tables commercetools` (the README's command) against a bare `pnpm exec node -e 0`, back to back
 * from the repository root, `rounds` times each, medians; and the runner's own peak RSS (`node start.mjs`, what
 * pnpm runs, so the pnpm process is not counted).
 */
const measureStartup = async (rounds = 5): Promise<Startup> => {
  const pnpm = (args: ReadonlyArray<string>) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now()
      const child = spawn("pnpm", args, { cwd: repoRoot, stdio: "ignore" })
      child.on("error", reject)
      child.on("close", (code) =>
        code === 0
          ? resolve(performance.now() - started)
          : reject(new Error(`pnpm ${args.join(" ")}: ${code}`))
      )
    })
  const runner: Array<number> = []
  const node: Array<number> = []
  await pnpm(["runner", "tables", "commercetools"]) // warms the file cache (and builds if stale)
  for (let round = 0; round < rounds; round++) {
    runner.push(await pnpm(["runner", "tables", "commercetools"]))
    node.push(await pnpm(["exec", "node", "-e", "0"]))
  }
  const own = await measure([process.execPath, "start.mjs", "tables", "commercetools"], {}, [], "command")
  return {
    runnerMs: median(runner),
    nodeMs: median(node),
    rounds,
    runnerRssMb: own.maxRssKb === undefined ? undefined : Math.round(own.maxRssKb / 1024)
  }
}

// --- targets ------------------------------------------------------------------------------------------------------

interface Target {
  readonly text: string
  readonly holds: boolean | undefined
}

/** The scale the CPU goal is set at. */
const cpuGoalOrders = 200_000

const cpuPerRecordUs = (f: Figures) =>
  f.syncCpuS === undefined ? undefined : (f.syncCpuS * 1_000_000) / Math.max(1, f.records)

/** Each target of issue 9, measured in this run. */
const targets = (rows: ReadonlyArray<Figures>, startup: Startup): ReadonlyArray<Target> => {
  const out: Array<Target> = []
  for (const f of rows) {
    out.push({
      text: `speed    ${n(f.orders)} orders: sync ${s(f.syncMs)} = ${ratio(f).toFixed(2)} × max(reads alone ${s(f.readMs)}, bulk load ${s(f.loadMs)}) (target ≤ 1.3)`,
      holds: ratio(f) <= 1.3
    })
  }
  const smallest = rows[0]
  const largest = rows.at(-1)
  if (largest?.peakRssMb !== undefined) {
    out.push({
      text: `memory   ${n(largest.orders)} orders: peak RSS ${n(largest.peakRssMb)} MB (target ≤ 350 MB at 200,000)`,
      holds: largest.peakRssMb <= 350
    })
  }
  if (smallest?.peakRssMb !== undefined && largest?.peakRssMb !== undefined && rows.length > 1) {
    const growth = largest.peakRssMb / smallest.peakRssMb
    out.push({
      text: `memory   peak RSS ${n(largest.orders)} / ${n(smallest.orders)} orders = ${growth.toFixed(2)} (target ≤ 1.25)`,
      holds: growth <= 1.25
    })
  }
  for (const f of rows) {
    const perPage = f.requests / f.pagesFilled
    out.push({
      text: `requests ${n(f.orders)} orders: ${n(f.requests)} requests for ${n(f.pagesFilled)} pages of 500 filled = ${perPage.toFixed(2)} (target ≤ 1.2)`,
      holds: perPage <= 1.2
    })
  }
  const startRatio = startup.runnerMs / startup.nodeMs
  out.push({
    text: `start-up pnpm runner tables commercetools ${s(startup.runnerMs)} = ${startRatio.toFixed(2)} × pnpm exec node -e 0 ${s(startup.nodeMs)} (medians of ${startup.rounds}; target ≤ 1.6)`,
    holds: startRatio <= 1.6
  })
  out.push({
    text: `start-up its peak RSS ${startup.runnerRssMb === undefined ? "?" : `${startup.runnerRssMb} MB`} (target ≤ 150 MB)`,
    holds: startup.runnerRssMb === undefined ? undefined : startup.runnerRssMb <= 150
  })
  for (const f of rows) {
    const us = cpuPerRecordUs(f)
    out.push({
      text: `cpu      ${n(f.orders)} orders: ${us === undefined ? "?" : `${us.toFixed(0)} µs`} of runner CPU per record (${f.syncCpuS?.toFixed(1) ?? "?"} s / ${n(f.records)}, start-up included; goal ≤ 40 µs at 200,000)`,
      // The goal is the issue's at 200,000 orders; smaller scales are printed to show how start-up weighs.
      holds: us === undefined || f.orders !== cpuGoalOrders ? undefined : us <= 40
    })
  }
  for (const f of rows) {
    out.push({
      text: `pglite   ${n(f.orders)} orders: sync ${s(f.pgliteSyncMs)} = ${pgliteRatio(f).toFixed(2)} × a bulk load into PGlite (${s(f.pgliteLoadMs)})`,
      holds: undefined
    })
  }
  for (const f of rows) {
    out.push({
      text: `server   ${n(f.orders)} orders: the sandbox used ${((f.serverCpuS * 100000) / f.syncMs).toFixed(0)}% of one core during the sync`,
      holds: undefined
    })
  }
  return out
}

const verdict = (target: Target) =>
  target.holds === undefined ? target.text : `${target.text}: ${target.holds ? "holds" : "MISSES"}`

const main = async () => {
  const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? "unknown CPU"}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${process.platform} ${process.arch}`
  log(`sluice benchmark: scales ${scales.map(n).join(", ")} on ${machine}`)
  buildRunner()
  log("▶ start-up: pnpm runner tables commercetools vs pnpm exec node -e 0 …")
  const startup = await measureStartup()
  const rows: Array<Figures> = []
  for (const orders of scales) rows.push(await benchScale(orders))
  const result = targets(rows, startup)
  const printed = table(rows)
  process.stdout.write(`\n${printed}\n\n`)
  for (const target of result) process.stdout.write(`${verdict(target)}\n`)
  const json = JSON.stringify(
    { command: `pnpm bench --scales ${scales.join(",")}`, machine, startup, rows },
    null,
    2
  )
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
  result: ReadonlyArray<Target>
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
    `Last run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, \`pnpm bench --scales ${scales.join(",")}\`, on ${machine}; load average at the end ${loadavg()
      .map((load) => load.toFixed(1))
      .join(", ")}.`,
    "",
    printed,
    "",
    "```text",
    ...result.map(verdict),
    "```",
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
