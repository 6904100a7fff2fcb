#!/usr/bin/env node
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { cli, config } from "./Cli.js"
import * as Outcome from "./Outcome.js"
import { Registry } from "./Registry.js"
import { sources } from "./sources.js"
import * as Warehouse from "./Warehouse.js"

const MainLive = Layer.mergeAll(NodeContext.layer, config, Registry.layer(sources), Warehouse.layer)

cli(process.argv).pipe(
  Effect.provide(MainLive),
  Outcome.report,
  NodeRuntime.runMain({ disableErrorReporting: true, teardown: Outcome.teardown })
)
