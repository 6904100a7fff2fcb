import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"

const root = Path.resolve(import.meta.dirname, "..", "..")

/** The real runner, and the runner with the fake source registered instead. */
export const bins = {
  runner: "src/bin.ts",
  fake: "test/fixtures/bin.ts"
} as const

export interface RunResult {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface RunOptions {
  readonly bin?: keyof typeof bins
  readonly dataDir: string
  readonly env?: Readonly<Record<string, string>>
  readonly timeoutMs?: number
  /** Called with the process and each stdout chunk, e.g. to interrupt it at a chosen moment. */
  readonly onStdout?: (child: ChildProcess, text: string) => void
}

/** A warehouse directory of its own, removed by the returned function. */
export const tempDataDir = (): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(Path.join(tmpdir(), "sluice-runner-"))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Environment without anything that would point the run at real credentials or a shared database. */
const cleanEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (key === "DATABASE_URL" || key.startsWith("CTP_") || key === "INIT_CWD") continue
    env[key] = value
  }
  return env
}

/** Runs the CLI as a child process (`node --import tsx <bin> ...args`) and collects its output. */
export const run = (args: ReadonlyArray<string>, options: RunOptions): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", bins[options.bin ?? "runner"], ...args], {
      cwd: root,
      env: { ...cleanEnv(), SLUICE_DATA_DIR: options.dataDir, ...options.env },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8")
    child.stderr.setEncoding("utf8")
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk
      options.onStdout?.(child, stdout)
    })
    child.stderr.on("data", (chunk: string) => {
      stderr += chunk
    })
    const timer = setTimeout(() => {
      child.kill("SIGKILL")
      reject(new Error(`timed out: ${args.join(" ")}\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, options.timeoutMs ?? 150_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })

/** Non-empty lines. */
export const lines = (text: string): ReadonlyArray<string> =>
  text.split("\n").filter((line) => line.trim() !== "")

/** Every stdout line as JSON; throws on a line that is not. */
export const jsonLines = (text: string): ReadonlyArray<Record<string, unknown>> =>
  lines(text).map((line) => JSON.parse(line) as Record<string, unknown>)
