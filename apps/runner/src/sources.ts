import { CommercetoolsSource, Tables } from "@sluice/commercetools"
import { ExampleSource } from "@sluice/source-example"
import { type Source, SourceError } from "@sluice/source-sdk"
import { Effect } from "effect"

type SandboxHook = NonNullable<Source.Source["sandbox"]>

/** A source paired with its sandbox, whose package is imported only when `--sandbox` asks for it. */
const withSandbox = (source: Source.Source, load: () => Promise<SandboxHook>): Source.Source => ({
  ...source,
  sandbox: (options) =>
    Effect.tryPromise({
      try: load,
      catch: (cause) =>
        new SourceError({ reason: "Unavailable", message: `the sandbox did not load: ${String(cause)}` })
    }).pipe(Effect.flatMap((sandbox) => sandbox(options)))
})

/** Every source the runner knows. Adding a source is adding its package and one entry here. */
export const sources: ReadonlyArray<Source.Source> = [
  withSandbox(CommercetoolsSource, async () =>
    (await import("@sluice/commercetools-sandbox")).sourceSandbox(
      Tables.tables.map((table) => table.endpoint)
    )
  ),
  ExampleSource
]
