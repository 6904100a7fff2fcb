/** An exclusive lock file beside a data directory: one process at a time opens an embedded database. */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname } from "node:path"
import { Effect, type Scope } from "effect"
import { lockNotAvailable, SqlFailure } from "./Session.js"

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return typeof error === "object" && error !== null && "code" in error && error.code === "EPERM"
  }
}

const holderOf = (path: string): number | undefined => {
  try {
    const pid = Number(readFileSync(path, "utf8").trim())
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

/** Creates `path` holding this pid (O_EXCL); a file left by a dead process is taken over. */
const take = (path: string, what: string): void => {
  // A first run on a fresh clone has no `.data/` yet: the lock file is the first thing written there.
  mkdirSync(dirname(path), { recursive: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, `${process.pid}\n`, { flag: "wx" })
      return
    } catch (error) {
      if (!(typeof error === "object" && error !== null && "code" in error && error.code === "EEXIST")) {
        throw new SqlFailure({
          connection: true,
          message: `cannot create the lock file ${path}: ${error instanceof Error ? error.message : String(error)}`
        })
      }
    }
    const pid = holderOf(path)
    if (pid !== undefined && alive(pid)) {
      throw new SqlFailure({
        connection: true,
        code: lockNotAvailable,
        message: `${what} is in use by ${pid === process.pid ? "this process" : "another process"} (pid ${pid}, lock file ${path})`
      })
    }
    rmSync(path, { force: true })
  }
  throw new SqlFailure({
    connection: true,
    code: lockNotAvailable,
    message: `${what}: ${path} keeps reappearing`
  })
}

/** Holds `${dir}.lock` for the scope; `what` names the directory in messages. */
export const hold = (dir: string, what: string): Effect.Effect<void, SqlFailure, Scope.Scope> => {
  const path = `${dir}.lock`
  return Effect.acquireRelease(
    Effect.try({
      try: () => take(path, what),
      catch: (error) =>
        error instanceof SqlFailure ? error : new SqlFailure({ connection: true, message: String(error) })
    }),
    () =>
      Effect.sync(() => {
        if (holderOf(path) === process.pid) rmSync(path, { force: true })
      })
  )
}
