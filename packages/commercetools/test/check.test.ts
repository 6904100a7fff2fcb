import { it } from "@effect/vitest"
import { sourceSandbox } from "@sluice/commercetools-sandbox"
import { Effect } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource, Tables } from "../src/index.js"
import { allViewScopes, LocalServer, resources, settingsFor } from "./support/LocalServer.js"

const check = Effect.gen(function* () {
  const server = yield* LocalServer
  const connection = yield* CommercetoolsSource.connect(settingsFor(server))
  return yield* connection.check
})

/** The eight tables of the product page: the scopes below are theirs. */
const core = new Set(Tables.coreTables.map((table) => table.name))

const readableTables = (report: { readonly tables: ReadonlyArray<{ table: string; readable: boolean }> }) =>
  report.tables.filter((table) => table.readable).map((table) => table.table)

describe("check", () => {
  it.scopedLive("finds every table readable with the view scopes, and no warning", () =>
    Effect.gen(function* () {
      const report = yield* check
      expect(readableTables(report)).toEqual(CommercetoolsSource.tables.map((table) => table.name))
      expect(report.warnings).toEqual([])
    }).pipe(Effect.provide(LocalServer.layer({ orders: 20, scopes: allViewScopes })))
  )

  it.scopedLive(
    "names the scope each unreadable table lacks, and the alternatives the reference allows",
    () =>
      Effect.gen(function* () {
        const report = yield* check
        expect(readableTables(report)).toEqual([
          "orders",
          "carts",
          "product_projections",
          "discount_codes",
          "products",
          "shipping_methods",
          "zones",
          "cart_discounts"
        ])
        expect(report.tables.filter((table) => !table.readable && core.has(table.table))).toEqual([
          {
            table: "customers",
            readable: false,
            missing: "view_customers",
            message: "customers: the API client lacks the view_customers scope"
          },
          {
            table: "payments",
            readable: false,
            missing: "view_payments",
            message: "payments: the API client lacks the view_payments scope"
          },
          {
            table: "categories",
            readable: false,
            missing: "view_categories",
            message: "categories: the API client lacks the view_categories scope (or view_products)"
          },
          {
            table: "inventory",
            readable: false,
            missing: "view_products",
            message: "inventory: the API client lacks the view_products scope"
          }
        ])
      }).pipe(
        Effect.provide(LocalServer.layer({ orders: 20, scopes: ["view_orders", "view_published_products"] }))
      )
  )

  it.scopedLive("warns when the client can write, and lets manage scopes cover the view scopes", () =>
    Effect.gen(function* () {
      const report = yield* check
      expect(readableTables(report)).toHaveLength(CommercetoolsSource.tables.length)
      expect(report.warnings).toEqual([
        "the API client can write (manage_project); a read-only client (view_* scopes only) is recommended"
      ])
    }).pipe(Effect.provide(LocalServer.layer({ orders: 20, scopes: ["manage_project"] })))
  )
})

describe("the sandbox", () => {
  it.scopedLive("starts a seeded local server whose settings connect, every table readable", () =>
    Effect.gen(function* () {
      const { settings, description } = yield* sourceSandbox(resources)({ scale: 300 })
      expect(description).toContain("300 orders")
      const connection = yield* CommercetoolsSource.connect(settings)
      const report = yield* connection.check
      expect(readableTables(report)).toHaveLength(CommercetoolsSource.tables.length)
    })
  )
})
