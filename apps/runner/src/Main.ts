// By module, not from the package's index: the index imports every module, Node's HTTP client (undici) included,
// which only a sync needs (it comes with the source's layer, see `Http.nodeClient`).
import * as NodeContext from "@effect/platform-node/NodeContext"
import * as NodeRuntime from "@effect/platform-node/NodeRuntime"
import type { Source } from "@sluice/source-sdk"
import { Effect, Layer } from "effect"
import { cli, config } from "./Cli.js"
import { Destination } from "./Destination.js"
import * as Outcome from "./Outcome.js"
import { Output } from "./Output.js"
import { Registry } from "./Registry.js"

/** Runs the CLI as this process, with `sources` registered: the runner's `bin.ts`, or a test's own runner. */
export const run = (sources: ReadonlyArray<Source.Source>): void =>
  cli(process.argv).pipe(
    Outcome.report,
    Effect.provide(
      Layer.mergeAll(NodeContext.layer, config, Registry.layer(sources), Destination.fromEnv, Output.process)
    ),
    NodeRuntime.runMain({ disableErrorReporting: true, teardown: Outcome.teardown })
  )
