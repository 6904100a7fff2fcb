import { type ChildProcess, spawn } from "node:child_process"
import { appendFileSync } from "node:fs"
import * as Path from "node:path"

/** apps/runner: the runner is started from here, as `pnpm runner` does. */
export const runnerRoot = Path.resolve(import.meta.dirname, "..", "..", "..")

export type SyncEvent = Record<string, unknown> & { readonly _tag: string }

export interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
  /** Every stdout line parsed as JSON (lines that are not JSON are kept as `{ _tag: "Text", text }`). */
  readonly events: ReadonlyArray<SyncEvent>
  readonly durationMs: number
}

export interface SpawnOptions {
  /** Added to a clean environment (no DATABASE_URL, CTP_* or INIT_CWD from the test's own environment). */
  readonly env: Readonly<Record<string, string>>
  readonly timeoutMs?: number
  /** Called for each JSON event as it arrives, with the process (e.g. to kill it at a chosen moment). */
  readonly onEvent?: (event: SyncEvent, child: ChildProcess) => void
}

const cleanEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (key === "DATABASE_URL" || key.startsWith("CTP_") || key === "INIT_CWD" || key === "SLUICE_DATA_DIR")
      continue
    env[key] = value
  }
  return env
}

const parse = (line: string): SyncEvent => {
  try {
    const value = JSON.parse(line) as unknown
    if (typeof value === "object" && value !== null && "_tag" in value) return value as SyncEvent
    return { _tag: "Text", text: line }
  } catch {
    return { _tag: "Text", text: line }
  }
}

/**
 * Runs the real runner CLI as a child process: the built JavaScript, `node dist/bin.js ...args` from apps/runner
 * (built, if stale, by the tests' global setup), the program `pnpm runner` starts.
 */
export const spawnRunner = (args: ReadonlyArray<string>, options: SpawnOptions): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const started = Date.now()
    const child = spawn(process.execPath, ["dist/bin.js", ...args], {
      cwd: runnerRoot,
      env: { ...cleanEnv(), ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    let pending = ""
    const events: Array<SyncEvent> = []
    child.stdout.setEncoding("utf8")
    child.stderr.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk
      pending += chunk
      let newline = pending.indexOf("\n")
      while (newline >= 0) {
        const line = pending.slice(0, newline)
        pending = pending.slice(newline + 1)
        if (line.trim() !== "") {
          const event = parse(line)
          events.push(event)
          options.onEvent?.(event, child)
        }
        newline = pending.indexOf("\n")
      }
    })
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(
        new Error(`runner timed out: ${args.join(" ")}\nstdout: ${stdout.slice(-4000)}\nstderr: ${stderr}`)
      )
    }, options.timeoutMs ?? 180_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      if (pending.trim() !== "") events.push(parse(pending))
      const durationMs = Date.now() - started
      const timings = process.env.E2E_TIMINGS
      if (timings !== undefined && timings !== "") {
        const done = events.find((event) => event._tag === "SyncFinished")
        appendFileSync(
          timings,
          `${new Date().toISOString()} ${args.join(" ")} exit=${code ?? signal} wall=${durationMs}ms sync=${done?.durationMs ?? "-"}ms\n`
        )
      }
      resolve({ code, signal, stdout, stderr, events, durationMs })
    })
  })

/** `sync commercetools --json` with extra arguments. */
export const sync = (args: ReadonlyArray<string>, options: SpawnOptions): Promise<RunResult> =>
  spawnRunner(["sync", "commercetools", "--json", ...args], options)

export const eventsOf = <T extends string>(
  result: RunResult,
  tag: T
): ReadonlyArray<SyncEvent & { readonly _tag: T }> =>
  result.events.filter((event): event is SyncEvent & { readonly _tag: T } => event._tag === tag)

/** The TableSynced event of each table, by table name. */
export const syncedTables = (result: RunResult): ReadonlyMap<string, SyncEvent> =>
  new Map(eventsOf(result, "TableSynced").map((event) => [String(event.table), event]))

/** The last line of `sync --json`. */
export const finished = (result: RunResult): SyncEvent | undefined => eventsOf(result, "SyncFinished").at(-1)

/** Non-empty lines of a text. */
export const lines = (text: string): ReadonlyArray<string> =>
  text.split("\n").filter((line) => line.trim() !== "")

/** A short description of a run for assertion messages. */
export const describeRun = (result: RunResult): string =>
  `exit ${result.code} signal ${result.signal}\nstderr: ${result.stderr.slice(-3000)}\nlast events: ${result.events
    .slice(-5)
    .map((event) => JSON.stringify(event))
    .join("\n")}`
