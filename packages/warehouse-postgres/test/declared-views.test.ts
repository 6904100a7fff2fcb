import { expect } from "@effect/vitest"
import { Views, Warehouse } from "@sluice/source-sdk"
import { Effect, Layer, Schema } from "effect"
import { PostgresWarehouse, WarehouseSql } from "../src/index.js"
import { onEachDriver, withSource } from "./support/Databases.js"
import { Order, order, ordersTable, stateOf } from "./support/Fixtures.js"

const money = {
  minorUnits: "cents",
  fractionDigits: "digits",
  currency: "currency",
  preciseMinorUnits: "precise"
}

/** A source's declarations, in the SDK's terms only: the warehouse knows nothing else of them. */
const views: ReadonlyArray<Views.View> = [
  Views.children({
    name: "order_lines",
    description: "one row per line",
    array: ["lineItems"],
    parentKey: "order_id",
    columns: {
      sku: Views.value(["sku"], "text"),
      quantity: Views.value(["quantity"], "integer"),
      price: Views.money(["price"], money),
      title: Views.localized(["title"])
    }
  }),
  Views.derived({
    name: "orders_enriched",
    description: "orders with amounts",
    columns: { total: Views.money(["total"], money), seller: Views.value(["seller", "name"], "text") }
  })
]

const targetOf = (source: string, schema: Schema.Schema.AnyNoContext = Order) =>
  Warehouse.target(source, { ...ordersTable(schema), views })

const line = (
  sku: string,
  quantity: number,
  price: Record<string, unknown>,
  title: Record<string, string>
) => ({
  sku,
  quantity,
  price,
  title
})

const records = [
  order("o-eur", 1, "2025-01-05T10:00:00.000Z", {
    lineItems: [
      line("A", 2, { cents: 1999, digits: 2, currency: "EUR" }, { en: "Apple", "de-DE": "Apfel" }),
      line("B", 1, { cents: 5, digits: 2, currency: "EUR", precise: 4567 }, { en: "Bean" })
    ],
    total: { cents: 4003, digits: 2, currency: "EUR" },
    seller: { name: "North" }
  }),
  order("o-jpy", 1, "2025-02-05T10:00:00.000Z", {
    lineItems: [line("C", 3, { cents: 1500, digits: 0, currency: "JPY" }, { ja: "栗" })],
    total: { cents: 4500, digits: 0, currency: "JPY" }
  }),
  order("o-precise", 1, "2025-02-06T10:00:00.000Z", {
    lineItems: [line("D", 1, { cents: 123, digits: 4, currency: "EUR", precise: 12345 }, { en: "Dust" })],
    total: { cents: 1, digits: 4, currency: "EUR", precise: 12345 }
  }),
  order("o-none", 1, "2025-02-07T10:00:00.000Z", { lineItems: null })
]

onEachDriver("declared views", (it, driver) => {
  it.scoped(
    "child rows and amounts from the stored jsonb, soft-deleted parents marked, a refresh and a new field kept in step",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("declared")
        const target = targetOf(source)
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(target, "merge", records, stateOf(source))
        yield* warehouse.complete(target, "merge", stateOf(source))

        const lines = () =>
          sql.query(
            `SELECT order_id, created_at::text AS created_at, _deleted_at IS NOT NULL AS deleted, sku, quantity,
               price_amount::text AS amount, price_currency, title_en, title_de_de, title_ja
             FROM "${source}".order_lines ORDER BY order_id, sku`
          )
        expect(yield* lines()).toEqual([
          {
            order_id: "o-eur",
            created_at: expect.stringContaining("2025-01-05"),
            deleted: false,
            sku: "A",
            quantity: 2,
            amount: "19.99",
            price_currency: "EUR",
            title_en: "Apple",
            title_de_de: "Apfel",
            title_ja: null
          },
          {
            order_id: "o-eur",
            created_at: expect.stringContaining("2025-01-05"),
            deleted: false,
            sku: "B",
            quantity: 1,
            amount: "45.67",
            price_currency: "EUR",
            title_en: "Bean",
            title_de_de: null,
            title_ja: null
          },
          {
            order_id: "o-jpy",
            created_at: expect.stringContaining("2025-02-05"),
            deleted: false,
            sku: "C",
            quantity: 3,
            amount: "1500",
            price_currency: "JPY",
            title_en: null,
            title_de_de: null,
            title_ja: "栗"
          },
          {
            order_id: "o-precise",
            created_at: expect.stringContaining("2025-02-06"),
            deleted: false,
            sku: "D",
            quantity: 1,
            amount: "1.2345",
            price_currency: "EUR",
            title_en: "Dust",
            title_de_de: null,
            title_ja: null
          }
        ])
        expect(
          yield* sql.query(
            `SELECT id, total_amount::text AS total, total_currency, seller, order_number
             FROM "${source}".orders_enriched ORDER BY id`
          )
        ).toEqual([
          { id: "o-eur", total: "40.03", total_currency: "EUR", seller: "North", order_number: "N-o-eur" },
          { id: "o-jpy", total: "4500", total_currency: "JPY", seller: null, order_number: "N-o-jpy" },
          { id: "o-none", total: null, total_currency: null, seller: null, order_number: "N-o-none" },
          {
            id: "o-precise",
            total: "1.2345",
            total_currency: "EUR",
            seller: null,
            order_number: "N-o-precise"
          }
        ])

        // A deleted order's lines stay visible, marked.
        yield* warehouse.applyDeletions(
          [
            {
              target,
              disposition: "merge",
              policy: "soft",
              deletions: [{ id: "o-jpy", deletedAt: "2025-03-01T00:00:00.000Z" }]
            }
          ],
          { source, table: "_deletions", mode: "incremental" }
        )
        expect((yield* lines()).map((row) => [row.order_id, row.deleted])).toEqual([
          ["o-eur", false],
          ["o-eur", false],
          ["o-jpy", true],
          ["o-precise", false]
        ])

        // A view built on a declared view survives a full refresh and a schema evolution that adds a column.
        yield* sql.query(
          `CREATE VIEW "${source}".revenue AS SELECT price_currency, sum(price_amount * quantity) AS revenue FROM "${source}".order_lines GROUP BY 1`
        )
        const wider = targetOf(
          source,
          Schema.Struct({ ...Order.fields, channel: Schema.optional(Schema.String) })
        )
        yield* warehouse.prepare(wider, "replace", { resume: false })
        yield* warehouse.writePage(
          wider,
          "replace",
          [{ ...records[1]!, version: 2, channel: "web" }],
          stateOf(source, "full_refresh")
        )
        yield* warehouse.complete(wider, "replace", stateOf(source, "full_refresh"))
        expect(
          yield* sql.query(`SELECT price_currency, revenue::text AS revenue FROM "${source}".revenue`)
        ).toEqual([{ price_currency: "JPY", revenue: "4500" }])
        expect(yield* sql.query(`SELECT id, channel FROM "${source}".orders_enriched`)).toEqual([
          { id: "o-jpy", channel: "web" }
        ])
      }),
    30_000
  )

  it.scoped(
    "a language new in the rows gets its column after the run that wrote it, a resumed run or a view created again; a run that writes nothing keeps them",
    () =>
      Effect.gen(function* () {
        const warehouse = yield* Warehouse.Warehouse
        const sql = yield* WarehouseSql
        const source = yield* withSource("languages")
        const target = targetOf(source)
        const titles = () =>
          sql
            .query(
              `SELECT attname AS name FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND attname LIKE 'title%' ORDER BY attnum`,
              [`"${source}".order_lines`]
            )
            .pipe(Effect.map((rows) => rows.map((row) => String(row.name))))
        const titled = (id: string, title: Record<string, string>) =>
          order(id, 1, "2025-01-05T10:00:00.000Z", {
            lineItems: [line("A", 1, { cents: 1, digits: 2, currency: "EUR" }, title)]
          })
        const run = (written: ReadonlyArray<ReturnType<typeof order>>, resume = false) =>
          Effect.gen(function* () {
            // The warehouse of the run's context (another instance for the resumed run below).
            const current = yield* Warehouse.Warehouse
            yield* current.prepare(target, "merge", { resume })
            if (written.length > 0) yield* current.writePage(target, "merge", written, stateOf(source))
            yield* current.complete(target, "merge", stateOf(source))
          })

        yield* run([titled("o-1", { en: "Apple" })])
        expect(yield* titles()).toEqual(["title", "title_en"])

        // A run that writes a new language.
        yield* run([titled("o-2", { fr: "Pomme" })])
        expect(yield* titles()).toEqual(["title", "title_en", "title_fr"])

        // A run that stopped after writing, before completing; the next run (another process: a warehouse of its
        // own, on the server; PGlite's data directory admits one at a time) resumes it and writes nothing.
        yield* warehouse.prepare(target, "merge", { resume: false })
        yield* warehouse.writePage(target, "merge", [titled("o-3", { it: "Mela" })], stateOf(source))
        const next = driver.kind === "postgres" ? PostgresWarehouse.layer(driver.options) : Layer.empty
        yield* run([], true).pipe(Effect.provide(next))
        expect(yield* titles()).toEqual(["title", "title_en", "title_fr", "title_it"])

        // The view dropped by hand: the next run creates it again with every language, though it writes nothing.
        yield* sql.query(`DROP VIEW "${source}".order_lines`)
        yield* run([])
        expect(yield* titles()).toEqual(["title", "title_en", "title_fr", "title_it"])

        // A run that writes nothing keeps the columns as they are.
        yield* run([])
        expect(yield* titles()).toEqual(["title", "title_en", "title_fr", "title_it"])
      }),
    30_000
  )
})
