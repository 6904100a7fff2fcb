#!/usr/bin/env node
// `pnpm runner`: builds the runner if any of its sources changed since the last build, then runs it in this process.
import { pathToFileURL } from "node:url"
import { ensureBuilt, entry } from "./build.mjs"

await ensureBuilt()
await import(pathToFileURL(entry).href)
