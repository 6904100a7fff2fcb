import { it } from "@effect/vitest"
import { Store as MemoryStore, recentEndDate, seedDemoData } from "@sluice/commercetools-sandbox"
import { Engine, MemoryWarehouse, SyncMode } from "@sluice/source-sdk"
import { Effect, Either } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource, Tables } from "../src/index.js"
import { localServer, settingsFor } from "./support/LocalServer.js"

const source = "commercetools"
const all = CommercetoolsSource.tables
/** The scopes of the eight tables of the product page. */
const eightScopes = [...new Set(Tables.coreTables.map((table) => table.access[0] as string))]

/** What `pnpm runner sync commercetools` does: the readable tables (or those named), then the run. */
const sync = (scopes: ReadonlyArray<string>, store: MemoryStore, named?: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const server = yield* localServer({ store, scopes })
    const connection = yield* CommercetoolsSource.connect(settingsFor(server))
    const selected = named === undefined ? all : all.filter((table) => named.includes(table.name))
    const plan = yield* Engine.readableTables(connection, source, selected, named !== undefined)
    const run = yield* Engine.run(
      connection,
      source,
      { selected: plan.tables, all },
      { mode: SyncMode.incremental }
    )
    const failed = run.tables.flatMap((outcome) =>
      Either.isLeft(outcome.result) ? [`${outcome.table}: ${outcome.result.left.message}`] : []
    )
    return { plan, run, failed }
  })

const seeded = () => {
  const store = new MemoryStore()
  seedDemoData(store, { orders: 100, endDate: recentEndDate() })
  return store
}

describe("tables the client cannot read", () => {
  it.scopedLive(
    "a client with the eight tables' scopes syncs what they allow, skips the others naming the scope; losing view_payments fails the run naming both",
    () =>
      Effect.gen(function* () {
        const store = seeded()
        const first = yield* sync(eightScopes, store)
        expect(first.failed).toEqual([])
        // The eight, and the tables the reference also opens to their scopes (zones with view_orders, ...).
        for (const table of Tables.coreTables)
          expect(first.plan.tables.map((t) => t.name)).toContain(table.name)
        expect(first.plan.skipped.map((check) => check.message)).toEqual([
          "stores: the API client lacks the view_stores scope",
          "states: the API client lacks the view_states scope",
          "standalone_prices: the API client lacks the view_standalone_prices scope",
          "shopping_lists: the API client lacks the view_shopping_lists scope",
          "types: the API client lacks the view_types scope",
          "quotes: the API client lacks the view_quotes scope",
          "business_units: the API client lacks the view_business_units scope",
          "messages: the API client lacks the view_messages scope"
        ])
        expect(first.run.tables.map((outcome) => outcome.table)).toEqual(first.plan.tables.map((t) => t.name))

        // The warehouse holds payments: skipping it now would leave it stale, so the run fails, naming it.
        const lost = yield* sync(
          eightScopes.filter((scope) => scope !== "view_payments"),
          store
        )
        expect(lost.plan.unreadable).toEqual([
          {
            why: "held",
            check: expect.objectContaining({ table: "payments", missing: "view_payments" })
          }
        ])
        expect(lost.failed).toHaveLength(1)
        expect(lost.failed[0]).toMatch(/^payments: .*view_payments/)
      }).pipe(Effect.provide(MemoryWarehouse.layer())),
    120_000
  )

  it.scopedLive("a table asked for by name whose scope is missing fails the run", () =>
    Effect.gen(function* () {
      const named = yield* sync(eightScopes, seeded(), ["orders", "stores"])
      expect(named.plan.skipped).toEqual([])
      expect(named.plan.unreadable.map(({ check, why }) => `${why} ${check.table}`)).toEqual(["named stores"])
      expect(named.failed).toHaveLength(1)
      expect(named.failed[0]).toMatch(/^stores: .*view_stores/)
    }).pipe(Effect.provide(MemoryWarehouse.layer()))
  )
})
