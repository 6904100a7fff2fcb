import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import * as Path from "node:path"
import { describe, expect, it } from "vitest"
import { jsonLines, lines, runnerRoot, spawnProcess } from "./support/Cli.js"

const built = ["dist/bin.js"]

describe("the runner as a process (the built JavaScript)", () => {
  it("exit statuses: 0 done, 1 failed (one line), 2 for a command line that does not parse", async () => {
    const ok = await spawnProcess(process.execPath, [...built, "tables", "example", "--json"])
    expect(ok.code, ok.stderr).toBe(0)
    expect(jsonLines(ok.stdout)).toHaveLength(1)

    const failed = await spawnProcess(process.execPath, [...built, "tables", "nope"])
    expect(failed.code).toBe(1)
    expect(lines(failed.stderr)).toEqual([expect.stringMatching(/^✗ unknown source "nope"/)])

    const usage = await spawnProcess(process.execPath, [...built, "sync", "example", "--mode", "fast"])
    expect(usage.code).toBe(2)
    expect(usage.stdout).toBe("")
  })

  it("`pnpm runner … --json` (the README's command) prints JSON lines and nothing else on stdout", async () => {
    const result = await spawnProcess("pnpm", ["runner", "sources", "--json"], {
      cwd: Path.resolve(runnerRoot, "..", "..")
    })
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout.startsWith("[")).toBe(true)
    expect(jsonLines(result.stdout)).toHaveLength(1)
  })

  it("the README's first command on a fresh clone: a sandbox sync into an embedded warehouse under a .data/ that does not exist yet", async () => {
    const dataDir = Path.join(mkdtempSync(Path.join(tmpdir(), "sluice-fresh-")), ".data", "warehouse")
    try {
      const run = await spawnProcess(
        process.execPath,
        [...built, "sync", "commercetools", "--sandbox", "--scale", "200", "--json"],
        { env: { SLUICE_DATA_DIR: dataDir } }
      )
      expect(run.code, run.stderr).toBe(0)
      const finished = jsonLines(run.stdout).find((event) => event._tag === "SyncFinished")
      expect(finished).toMatchObject({ ok: true })
    } finally {
      rmSync(Path.dirname(Path.dirname(dataDir)), { recursive: true, force: true })
    }
  })

  it("start-up loads no database driver: the warehouse is a chunk imported only by `sync` and `state`", () => {
    const meta = JSON.parse(readFileSync(Path.join(runnerRoot, "dist", "meta.json"), "utf8")) as {
      readonly outputs: Readonly<
        Record<
          string,
          {
            readonly imports: ReadonlyArray<{ readonly path: string; readonly kind: string }>
            readonly inputs: Readonly<Record<string, unknown>>
          }
        >
      >
    }
    // Every output the entry loads before running a command: static imports, transitively.
    const loaded = new Set<string>()
    const visit = (output: string) => {
      if (loaded.has(output) || meta.outputs[output] === undefined) return
      loaded.add(output)
      for (const imported of meta.outputs[output].imports)
        if (imported.kind === "import-statement") visit(imported.path)
    }
    visit("apps/runner/dist/bin.js")
    const inputs = [...loaded].flatMap((output) => Object.keys(meta.outputs[output]?.inputs ?? {}))
    const external = [...loaded].flatMap((output) => meta.outputs[output]?.imports.map((i) => i.path) ?? [])
    const onStart = [...inputs, ...external]
    expect(inputs).toContain("apps/runner/src/commands/tables.ts")
    for (const lazy of [
      "/postgres/",
      "@electric-sql/pglite",
      "drizzle-orm",
      "packages/warehouse-postgres/",
      "packages/commercetools-sandbox/"
    ]) {
      expect(
        onStart.filter((file) => file.includes(lazy)),
        lazy
      ).toEqual([])
    }
  })
})
