// @ts-check
// Builds the runner into dist/ (JavaScript, so a start compiles nothing) and rebuilds it whenever a source it was
// built from has changed since, so a stale build never runs. Plain JavaScript: it runs before anything is built.
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs"
import { mkdir } from "node:fs/promises"
import * as Path from "node:path"
import { fileURLToPath } from "node:url"

const here = Path.dirname(fileURLToPath(import.meta.url))
const repo = Path.resolve(here, "..", "..")
export const dist = Path.join(here, "dist")
export const entry = Path.join(dist, "bin.js")
const stamp = Path.join(dist, "inputs.json")

/** Packages loaded from node_modules rather than bundled: PGlite finds its WebAssembly beside its own files. */
const unbundled = ["@electric-sql/pglite"]

/** Besides the bundled sources: what changes the build without changing a source (dependencies, this script). */
const alwaysChecked = [
  "pnpm-lock.yaml",
  "node_modules/.modules.yaml",
  "tsconfig.base.json",
  "apps/runner/build.mjs"
]

/** @param {string} file @param {number} missing */
const mtime = (file, missing) => {
  try {
    return statSync(file).mtimeMs
  } catch {
    return missing
  }
}

/** True when dist/ was built here from the sources as they are now (a few hundred `stat`s, no parsing). */
export const isFresh = () => {
  if (!existsSync(entry) || !existsSync(stamp)) return false
  /** @type {{ readonly repo: string, readonly startedAt: number, readonly inputs: ReadonlyArray<string> }} */
  let built
  try {
    built = JSON.parse(readFileSync(stamp, "utf8"))
  } catch {
    return false
  }
  if (built.repo !== repo) return false
  // A source that is gone was built from: stale. A dependency file that is absent changes nothing.
  const newer = (/** @type {string} */ file, /** @type {number} */ missing) =>
    mtime(Path.join(repo, file), missing) > built.startedAt
  return (
    !built.inputs.some((file) => newer(file, Number.POSITIVE_INFINITY)) &&
    !alwaysChecked.some((file) => newer(file, 0))
  )
}

/** Bundles src/bin.ts and the workspace packages it imports; a dynamic `import()` becomes a chunk of its own. */
export const build = async () => {
  // A source saved while the build runs is newer than the build: the next start rebuilds.
  const startedAt = Date.now()
  const esbuild = await import("esbuild")
  /** @type {import("esbuild").Plugin} */
  const external = {
    name: "unbundled-by-absolute-path",
    setup(build) {
      build.onResolve({ filter: new RegExp(`^(${unbundled.join("|")})(/|$)`) }, async (args) => {
        if (args.pluginData === "resolving") return undefined
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          importer: args.importer,
          pluginData: "resolving"
        })
        if (resolved.errors.length > 0) return { errors: resolved.errors }
        return { path: resolved.path, external: true }
      })
    }
  }
  const result = await esbuild.build({
    absWorkingDir: repo,
    entryPoints: { bin: Path.join(here, "src", "bin.ts") },
    outdir: dist,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    conditions: ["import", "node"],
    chunkNames: "chunks/[name]-[hash]",
    // Not minified and no source map: a defect's stack trace names readable code (`// packages/…/File.ts` marks each module).
    write: false,
    metafile: true,
    logLevel: "warning",
    // Bundled CommonJS modules may still call require (e.g. for node: built-ins).
    banner: {
      js: 'import { createRequire as __sluiceRequire } from "node:module";const require=__sluiceRequire(import.meta.url);'
    },
    plugins: [external]
  })
  await mkdir(Path.join(dist, "chunks"), { recursive: true })
  const written = new Set()
  // Chunks carry a content hash, so writing them never disturbs a running process; the entry is swapped in last.
  const ordered = [...result.outputFiles].sort((a, b) => Number(a.path === entry) - Number(b.path === entry))
  for (const file of ordered) {
    writeAtomically(file.path, file.contents)
    written.add(file.path)
  }
  for (const name of readdirSync(Path.join(dist, "chunks"))) {
    const file = Path.join(dist, "chunks", name)
    if (!written.has(file)) rmSync(file, { force: true })
  }
  const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.includes("node_modules"))
  const packageFiles = new Set(
    inputs.map((file) => file.split("/").slice(0, 2).join("/")).map((dir) => `${dir}/package.json`)
  )
  writeFileSync(Path.join(dist, "meta.json"), JSON.stringify(result.metafile))
  writeFileSync(
    stamp,
    JSON.stringify({ repo, startedAt, inputs: [...inputs, ...packageFiles].sort() }, null, 1)
  )
}

/** Two builds at once (two `pnpm runner` in parallel) never leave a half-written file behind. */
/** @param {string} file @param {string | Uint8Array} contents */
const writeAtomically = (file, contents) => {
  const temporary = `${file}.${process.pid}.tmp`
  writeFileSync(temporary, contents)
  renameSync(temporary, file)
}

/** Builds unless dist/ is fresh. */
export const ensureBuilt = async () => {
  if (!isFresh()) await build()
}

// `node build.mjs`: build if stale; `--force`: build anyway.
if (process.argv[1] !== undefined && Path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await (process.argv.includes("--force") ? build() : ensureBuilt())
}
