import { execFileSync } from "node:child_process"
import * as Path from "node:path"

/** Vitest global setup: the tests that start the runner as a process start the built one, built here if stale. */
export default function setup(): void {
  execFileSync(process.execPath, ["build.mjs"], {
    cwd: Path.resolve(import.meta.dirname, "..", ".."),
    stdio: "inherit"
  })
}
