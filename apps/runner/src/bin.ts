#!/usr/bin/env node
import { setFlagsFromString } from "node:v8"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { cli, config } from "./Cli.js"
import { Destination } from "./Destination.js"
import * as Outcome from "./Outcome.js"
import { Output } from "./Output.js"
import { Registry } from "./Registry.js"
import { sources } from "./sources.js"

// A sync allocates fast and keeps little: V8 would grow its heap to ~4× the live data (400 MB at 10,000 orders);
// at most 2× keeps peak RSS near 220 MB for a few per cent more GC (docs/benchmarks.md). A GC heuristic, no cap.
setFlagsFromString("--heap-growing-percent=100")

const MainLive = Layer.mergeAll(
  NodeContext.layer,
  config,
  Registry.layer(sources),
  Destination.fromEnv,
  Output.process
)

cli(process.argv).pipe(
  Outcome.report,
  Effect.provide(MainLive),
  NodeRuntime.runMain({ disableErrorReporting: true, teardown: Outcome.teardown })
)
