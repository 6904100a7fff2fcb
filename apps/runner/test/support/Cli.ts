import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { format } from "node:util"
import { NodeContext } from "@effect/platform-node"
import { MemoryWarehouse, type Source } from "@sluice/source-sdk"
import { Console, Effect, type Exit, Layer } from "effect"
import { cli, config } from "../../src/Cli.js"
import { Destination } from "../../src/Destination.js"
import * as Outcome from "../../src/Outcome.js"
import { Output } from "../../src/Output.js"
import { Registry } from "../../src/Registry.js"
import { sources as registered } from "../../src/sources.js"

export interface RunResult {
  /** The exit status the process would have had. */
  readonly code: number | null
  readonly signal?: NodeJS.Signals | null
  readonly stdout: string
  readonly stderr: string
}

export interface InProcessOptions {
  /** The registered sources; default: the runner's own. */
  readonly sources?: ReadonlyArray<Source.Source>
  /** Where syncs write; default: a fresh in-memory warehouse for this run alone. */
  readonly destination?: Layer.Layer<Destination>
}

/** A Console whose `log` and `error` (what @effect/cli prints: help, usage errors) go to the given sinks. */
const capturingConsole = (out: (text: string) => void, err: (text: string) => void) =>
  Effect.map(Console.consoleWith(Effect.succeed), (base): Console.Console => {
    const log = (...args: ReadonlyArray<unknown>) => Effect.sync(() => out(`${format(...args)}\n`))
    const error = (...args: ReadonlyArray<unknown>) => Effect.sync(() => err(`${format(...args)}\n`))
    return {
      ...base,
      log,
      info: log,
      error,
      warn: error,
      unsafe: {
        ...base.unsafe,
        log: (...args) => out(`${format(...args)}\n`),
        error: (...args) => err(`${format(...args)}\n`)
      }
    }
  })

/**
 * Runs the CLI in this process, as `runner <args>` would, with test layers: the given sources and warehouse, and
 * stdout / stderr captured. Reports failures and computes the exit status exactly as the binary does.
 */
export const run = async (
  args: ReadonlyArray<string>,
  options: InProcessOptions = {}
): Promise<RunResult> => {
  let stdout = ""
  let stderr = ""
  const out = (text: string) => {
    stdout += text
  }
  const err = (text: string) => {
    stderr += text
  }
  const console = await Effect.runPromise(capturingConsole(out, err))
  const layer = Layer.mergeAll(
    NodeContext.layer,
    config,
    Registry.layer(options.sources ?? registered),
    options.destination ?? memoryDestination(),
    Layer.succeed(Output, { stdout: { write: out, isTTY: false }, stderr: { write: err, isTTY: false } }),
    Console.setConsole(console)
  )
  const exit: Exit.Exit<void, unknown> = await cli(["node", "runner", ...args]).pipe(
    Outcome.report,
    Effect.provide(layer),
    Effect.runPromiseExit
  )
  return { code: Outcome.exitCode(exit), stdout, stderr }
}

/** A fresh in-memory warehouse, kept across the commands run with the returned layer. */
export const memoryDestination = (): Layer.Layer<Destination> =>
  Destination.layer(Effect.runSync(MemoryWarehouse.make()).warehouse, "the in-memory warehouse")

/** A warehouse directory of its own, removed by the returned function. */
export const tempDataDir = (): { readonly dir: string; readonly remove: () => void } => {
  const dir = mkdtempSync(Path.join(tmpdir(), "sluice-runner-"))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Environment without anything that would point the run at real credentials or a shared database. */
export const cleanEnv = (): Record<string, string> => {
  const env: Record<string, string> = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue
    if (key === "DATABASE_URL" || key.startsWith("CTP_") || key === "INIT_CWD" || key === "SLUICE_DATA_DIR")
      continue
    env[key] = value
  }
  return env
}

export interface SpawnOptions {
  readonly env?: Readonly<Record<string, string>>
  readonly cwd?: string
  readonly timeoutMs?: number
  /** Called with the process and all stdout so far, e.g. to interrupt it at a chosen moment. */
  readonly onStdout?: (child: ChildProcess, text: string) => void
}

/** Starts a process and collects its output; for what only a process has (signals, exit statuses, start-up). */
export const spawnProcess = (
  command: string,
  args: ReadonlyArray<string>,
  options: SpawnOptions = {}
): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd ?? runnerRoot,
      env: { ...cleanEnv(), ...options.env },
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
      reject(new Error(`timed out: ${command} ${args.join(" ")}\nstdout: ${stdout}\nstderr: ${stderr}`))
    }, options.timeoutMs ?? 60_000)
    child.on("error", reject)
    child.on("close", (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr })
    })
  })

/** apps/runner */
export const runnerRoot = Path.resolve(import.meta.dirname, "..", "..")

/** Non-empty lines. */
export const lines = (text: string): ReadonlyArray<string> =>
  text.split("\n").filter((line) => line.trim() !== "")

/** Every stdout line as JSON; throws on a line that is not. */
export const jsonLines = (text: string): ReadonlyArray<Record<string, unknown>> =>
  lines(text).map((line) => JSON.parse(line) as Record<string, unknown>)
