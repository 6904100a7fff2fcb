import { conformance, type Harness } from "@sluice/source-sdk/testing"
import { Effect } from "effect"
import { CommercetoolsSource, Tables } from "../src/index.js"
import { servedBy } from "./support/Expected.js"
import { localServer, settingsFor } from "./support/LocalServer.js"

const harness = Effect.gen(function* () {
  const server = yield* localServer({ orders: 600 })
  const touch = (name: string, count: number) =>
    Effect.sync(() => {
      const table = Tables.tables.find((candidate) => candidate.name === name)
      const resource = server.resources.find((candidate) => candidate.table === name)
      if (table === undefined || resource === undefined) throw new Error(`no table ${name}`)
      return servedBy(server, table)
        .slice(0, count)
        .map((record) => server.store.update(resource.type, record.id).id)
    })
  return {
    settings: settingsFor(server),
    badSettings: settingsFor(server, { clientSecret: "not-the-secret" }),
    touch
  } satisfies Harness
})

conformance(CommercetoolsSource, { harness, interruptions: 2, timeout: 60_000 })
