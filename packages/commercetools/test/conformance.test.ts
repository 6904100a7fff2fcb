import { conformance, type Harness } from "@sluice/source-sdk/testing"
import { Effect } from "effect"
import { CommercetoolsSource, Tables } from "../src/index.js"
import { servedBy } from "./support/Expected.js"
import { allViewScopes, localServer, settingsFor } from "./support/LocalServer.js"

const harness = Effect.gen(function* () {
  // The deletion checks read deletion messages: the client may read them, and the project settings.
  const server = yield* localServer({
    orders: 600,
    scopes: [...allViewScopes, "view_messages", "view_project_settings"]
  })
  const served = (name: string) => {
    const table = Tables.tables.find((candidate) => candidate.name === name)
    const resource = server.resources.find((candidate) => candidate.table === name)
    if (table === undefined || resource === undefined) throw new Error(`no table ${name}`)
    return { records: servedBy(server, table), type: resource.type }
  }
  const touch = (name: string, count: number) =>
    Effect.sync(() => {
      const { records, type } = served(name)
      return records.slice(0, count).map((record) => server.store.update(type, record.id).id)
    })
  // As the shop deletes: with the deletion message of the table, when it has one.
  const remove = (name: string, count: number) =>
    Effect.sync(() => {
      const { records, type } = served(name)
      return records.slice(0, count).map((record) => {
        server.store.deleteRecord(type, record.id)
        return record.id
      })
    })
  return {
    settings: settingsFor(server),
    badSettings: settingsFor(server, { clientSecret: "not-the-secret" }),
    touch,
    remove
  } satisfies Harness
})

conformance(CommercetoolsSource, { harness, interruptions: 2, timeout: 60_000 })
