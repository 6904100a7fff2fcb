import { it } from "@effect/vitest"
import { sourceSandbox } from "@sluice/commercetools-sandbox"
import type { Source } from "@sluice/source-sdk"
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
        expect(
          report.tables
            .filter((table) => !table.readable && core.has(table.table))
            .map(({ deletes: _, ...rest }) => rest)
        ).toEqual([
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

const messageScopes = [...allViewScopes, "view_messages", "view_project_settings"]
/** Every table's scope but the messages': the messages table is unreadable, and so is the deletion feed. */
const withoutMessages = allViewScopes.filter((scope) => scope !== "view_messages")
/** The tables reconciliation covers when no message can be trusted: all but the event history. */
const reconciledTables = Tables.tables.filter((table) => table.kept === undefined).map((table) => table.name)

const deletesOf = (report: Source.CheckReport) =>
  Object.fromEntries(report.tables.map((table) => [table.table, table.deletes]))

describe("check: how deletions arrive", () => {
  it.scopedLive("says messages are enabled and kept how long, and which tables rely on reconciliation", () =>
    Effect.gen(function* () {
      const report = yield* check
      expect(report.warnings).toEqual([])
      expect(report.notes).toEqual([
        "the API client may read deletion messages (view_messages)",
        "messages are enabled in the project and kept 15 days",
        "tables that rely on reconciliation: payments, carts, categories, channels, customer_groups, states, product_types, shopping_lists, tax_categories, shipping_methods, zones, product_discounts, types"
      ])
      expect(deletesOf(report)).toEqual({
        orders: "deletion messages",
        customers: "deletion messages",
        payments: "reconciliation: commercetools has no deletion message for payments",
        carts: "reconciliation: commercetools has no deletion message for carts",
        product_projections: "deletion messages",
        categories: "reconciliation: commercetools has no deletion message for categories",
        discount_codes: "deletion messages",
        inventory: "deletion messages",
        stores: "deletion messages",
        channels: "reconciliation: commercetools has no deletion message for channels",
        customer_groups: "reconciliation: commercetools has no deletion message for customer_groups",
        states: "reconciliation: commercetools has no deletion message for states",
        product_types: "reconciliation: commercetools has no deletion message for product_types",
        products: "deletion messages",
        standalone_prices: "deletion messages",
        shopping_lists: "reconciliation: commercetools has no deletion message for shopping_lists",
        tax_categories: "reconciliation: commercetools has no deletion message for tax_categories",
        shipping_methods: "reconciliation: commercetools has no deletion message for shipping_methods",
        zones: "reconciliation: commercetools has no deletion message for zones",
        cart_discounts: "deletion messages",
        product_discounts: "reconciliation: commercetools has no deletion message for product_discounts",
        types: "reconciliation: commercetools has no deletion message for types",
        quotes: "deletion messages",
        business_units: "deletion messages",
        messages:
          "never: messages age out of the API after the project's retention; their rows stay as the event history"
      })
    }).pipe(Effect.provide(LocalServer.layer({ orders: 20, scopes: messageScopes })))
  )

  it.scopedLive("warns when messages are off, and every table relies on reconciliation", () =>
    Effect.gen(function* () {
      const server = yield* LocalServer
      server.store.setMessagesEnabled(false)
      const report = yield* check
      expect(report.warnings).toEqual([
        "messages are disabled in the project: deletions are found only by reconciliation (listing every id, by default once a day); enable messages in the project settings"
      ])
      expect(report.notes).toContain("messages are disabled in the project")
      expect(deletesOf(report).orders).toBe("reconciliation: messages are disabled in the project")
      expect(report.notes).toContain(`tables that rely on reconciliation: ${reconciledTables.join(", ")}`)
    }).pipe(Effect.provide(LocalServer.layer({ orders: 20, scopes: messageScopes })))
  )

  it.scopedLive("says why without view_messages or view_project_settings, and fails nothing", () =>
    Effect.gen(function* () {
      const report = yield* check
      expect(readableTables(report)).toEqual(reconciledTables)
      expect(report.notes).toEqual([
        "the API client lacks view_messages: deletions of every table come from reconciliation",
        "the API client lacks view_project_settings: whether messages are enabled, and for how long they are kept, is unknown",
        `tables that rely on reconciliation: ${reconciledTables.join(", ")}`
      ])
      expect(deletesOf(report).inventory).toBe("reconciliation: the API client lacks the view_messages scope")
    }).pipe(Effect.provide(LocalServer.layer({ orders: 20, scopes: withoutMessages })))
  )

  it.scopedLive("with view_messages but not view_project_settings, distrusts messages and says why", () =>
    Effect.gen(function* () {
      const report = yield* check
      expect(report.notes?.[0]).toBe("the API client may read deletion messages (view_messages)")
      expect(deletesOf(report).orders).toBe(
        "reconciliation: the API client lacks the view_project_settings scope, so whether messages are enabled and how long they are kept is unknown"
      )
    }).pipe(Effect.provide(LocalServer.layer({ orders: 20, scopes: [...allViewScopes, "view_messages"] })))
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
