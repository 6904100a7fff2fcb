#!/usr/bin/env node
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import { cli, config } from "./Cli.js"
import { Destination } from "./Destination.js"
import * as Outcome from "./Outcome.js"
import { Output } from "./Output.js"
import { Registry } from "./Registry.js"
import { sources } from "./sources.js"

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
