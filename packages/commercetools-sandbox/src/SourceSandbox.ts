import { type Source, SourceError } from "@sluice/source-sdk"
import { Effect, type Scope } from "effect"
import { recentEndDate } from "./DemoData.js"
import type { ResourceDeclaration } from "./Resources.js"
import { startSandbox } from "./Sandbox.js"

/**
 * The runner's `--sandbox` for the commercetools source: a seeded local server for the source's declared tables,
 * closed with the scope, and the settings that point the source at it.
 */
export const sourceSandbox =
  (resources: ReadonlyArray<ResourceDeclaration>) =>
  (options: Source.SandboxOptions): Effect.Effect<Source.Sandbox, SourceError, Scope.Scope> =>
    Effect.gen(function* () {
      const { server, summary, projectKey, clientId, clientSecret } = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => startSandbox({ resources, orders: options.scale ?? 12_000, endDate: recentEndDate() }),
          catch: (cause) =>
            new SourceError({ reason: "Unavailable", message: `the sandbox did not start: ${String(cause)}` })
        }),
        (running) => Effect.promise(() => running.server.close())
      )
      const counts = Object.entries(summary.counts)
        .map(([type, count]) => `${count} ${type}`)
        .join(", ")
      return {
        settings: { projectKey, clientId, clientSecret, authUrl: server.url, apiUrl: server.url },
        description: `local commercetools sandbox at ${server.url} (project ${projectKey}): ${counts}, ${summary.start.slice(0, 10)} to ${summary.end.slice(0, 10)}`
      }
    })
