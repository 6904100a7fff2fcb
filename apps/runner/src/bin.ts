#!/usr/bin/env node
import { setFlagsFromString } from "node:v8"
import * as Main from "./Main.js"
import { sources } from "./sources.js"

// A sync allocates fast and keeps little: V8 would grow its heap to ~4× the live data (400 MB at 10,000 orders);
// at most 2× keeps peak RSS near 220 MB for a few per cent more GC (docs/benchmarks.md). A GC heuristic, no cap.
setFlagsFromString("--heap-growing-percent=100")

Main.run(sources)
