import { readFileSync } from "node:fs"
import { describe, expect, layer } from "@effect/vitest"
import { type SourceRecord, Table, Warehouse } from "@sluice/source-sdk"
import { PostgresWarehouse, WarehouseSql } from "@sluice/warehouse-postgres"
import { Effect, Either, Redacted } from "effect"
import { carts } from "../src/tables/carts.js"
import { orders } from "../src/tables/orders.js"
import { payments } from "../src/tables/payments.js"

/** The example queries of the "Views" section of the docs, run as written (schema renamed). */
const documented = (() => {
  const doc = readFileSync(new URL("../../../docs/sources/commercetools.md", import.meta.url), "utf8")
  const section = doc.slice(doc.indexOf("## Views"), doc.indexOf("## Tables"))
  return [...section.matchAll(/```sql\n([\s\S]*?)```/g)].map((match) => match[1]!)
})()

const money = (centAmount: number, currencyCode: string, fractionDigits = 2) => ({
  type: "centPrecision",
  currencyCode,
  centAmount,
  fractionDigits
})

/** A line item as the API reference's order example has it (api/examples/order.example.json). */
const lineItem = (
  id: string,
  productId: string,
  sku: string,
  quantity: number,
  value: Record<string, unknown>,
  total: Record<string, unknown>,
  name: Record<string, string>
) => ({
  id,
  productId,
  name,
  variant: { id: 1, sku, prices: [], images: [], attributes: [], assets: [] },
  price: { id: `price-${id}`, value },
  quantity,
  totalPrice: total,
  discountedPricePerQuantity: [],
  taxedPricePortions: [],
  state: [],
  perMethodTaxRate: [],
  priceMode: "Platform",
  lineItemMode: "Standard"
})

const resource = (id: string, createdAt: string) => ({
  id,
  version: 1,
  createdAt,
  lastModifiedAt: createdAt
})

const order = (
  id: string,
  createdAt: string,
  total: Record<string, unknown>,
  lines: ReadonlyArray<unknown>,
  payments: ReadonlyArray<string> = [],
  extra: Record<string, unknown> = {}
): SourceRecord => ({
  ...resource(id, createdAt),
  orderState: "Open",
  totalPrice: total,
  taxedPrice: {
    totalNet: money(Number(total.centAmount) - 100, String(total.currencyCode), Number(total.fractionDigits)),
    totalGross: total,
    taxPortions: []
  },
  lineItems: lines,
  customLineItems: [],
  ...(payments.length > 0
    ? { paymentInfo: { payments: payments.map((payment) => ({ typeId: "payment", id: payment })) } }
    : {}),
  taxMode: "Platform",
  origin: "Customer",
  ...extra
})

const ordersData = [
  order(
    "order-eur",
    "2025-01-10T09:00:00.000Z",
    money(3200, "EUR"),
    [
      lineItem("li-1", "prod-shirt", "shirt-m", 2, money(1000, "EUR"), money(2000, "EUR"), {
        en: "Shirt",
        "de-DE": "Hemd"
      }),
      // A high-precision unit price: preciseAmount 12345 with 4 fraction digits is 1.2345 EUR.
      lineItem(
        "li-2",
        "prod-bolt",
        "bolt-4",
        1,
        {
          type: "highPrecision",
          currencyCode: "EUR",
          centAmount: 123,
          fractionDigits: 4,
          preciseAmount: 12345
        },
        money(1200, "EUR"),
        { en: "Bolt" }
      )
    ],
    ["pay-1"]
  ),
  order(
    "order-jpy",
    "2025-01-20T09:00:00.000Z",
    money(4500, "JPY", 0),
    [
      lineItem("li-3", "prod-shirt", "shirt-l", 3, money(1500, "JPY", 0), money(4500, "JPY", 0), {
        en: "Shirt"
      })
    ],
    ["pay-2", "pay-3"],
    {
      shippingInfo: {
        shippingMethodName: "Express",
        price: money(800, "JPY", 0),
        shippingMethodState: "MatchesCart"
      },
      discountOnTotalPrice: { discountedAmount: money(300, "JPY", 0), includedDiscounts: [] }
    }
  ),
  order("order-feb", "2025-02-02T09:00:00.000Z", money(1000, "EUR"), [
    lineItem("li-4", "prod-shirt", "shirt-m", 1, money(1000, "EUR"), money(1000, "EUR"), { en: "Shirt" })
  ])
]

const payment = (id: string, createdAt: string, amount: ReturnType<typeof money>): SourceRecord => ({
  ...resource(id, createdAt),
  amountPlanned: amount,
  paymentMethodInfo: { paymentInterface: "STRIPE", method: "CREDIT_CARD", name: { en: "Credit Card" } },
  paymentStatus: {},
  transactions: [{ id: `tx-${id}`, timestamp: createdAt, type: "Charge", amount, state: "Success" }],
  interfaceInteractions: []
})

const paymentsData = [
  payment("pay-1", "2025-01-10T09:01:00.000Z", money(3200, "EUR")),
  payment("pay-2", "2025-01-20T09:01:00.000Z", money(4000, "JPY", 0)),
  payment("pay-3", "2025-01-20T09:02:00.000Z", money(500, "JPY", 0))
]

const cartsData = [
  {
    ...resource("cart-1", "2025-03-01T10:00:00.000Z"),
    cartState: "Active",
    totalPrice: money(2000, "EUR"),
    lineItems: [
      lineItem("cli-1", "prod-shirt", "shirt-s", 2, money(1000, "EUR"), money(2000, "EUR"), { en: "Shirt" })
    ],
    customLineItems: []
  }
]

const serverUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const drivers: ReadonlyArray<readonly [string, PostgresWarehouse.Options]> = [
  ["postgres", { url: Redacted.make(serverUrl) }],
  ["pglite", { memory: true }]
]

const sync = (source: string, table: Table.Table<unknown>, records: ReadonlyArray<SourceRecord>) =>
  Effect.gen(function* () {
    const warehouse = yield* Warehouse.Warehouse
    const target = Warehouse.target(source, Table.info(table))
    const state = { source, table: table.name, mode: "full_refresh" as const }
    yield* warehouse.prepare(target, "replace", { resume: false })
    yield* warehouse.writePage(target, "replace", records, state)
    yield* warehouse.complete(target, "replace", state)
  })

for (const [name, options] of drivers) {
  describe(`commercetools views [${name}]`, () => {
    layer(PostgresWarehouse.layer(options), { timeout: 60_000, excludeTestServices: true })((it) => {
      it.scoped(
        "the documented queries answer in currency units (EUR, JPY with 0 digits, 4-digit precise amounts)",
        () =>
          Effect.gen(function* () {
            const sql = yield* WarehouseSql
            const source = `ct_views_${Math.random().toString(36).slice(2, 8)}`
            yield* Effect.addFinalizer(() =>
              Effect.all([
                sql.query(`DROP SCHEMA IF EXISTS "${source}" CASCADE`),
                sql.query(`DROP SCHEMA IF EXISTS "${source}__shadow" CASCADE`)
              ]).pipe(Effect.orDie)
            )
            // The fixtures are records the tables accept, as the API sends them.
            for (const [table, records] of [
              [orders, ordersData],
              [payments, paymentsData],
              [carts, cartsData]
            ] as const) {
              const validate = Table.validator(table)
              for (const record of records) expect(Either.isRight(validate(record))).toBe(true)
            }
            yield* sync(source, orders, ordersData)
            yield* sync(source, payments, paymentsData)
            yield* sync(source, carts, cartsData)

            const run = (query: string) =>
              sql
                .query(query.replaceAll("commercetools.", `"${source}".`))
                .pipe(
                  Effect.map((rows) =>
                    rows.map((row) =>
                      Object.fromEntries(
                        Object.entries(row).map(([key, value]) => [
                          key,
                          value instanceof Date ? value.toISOString().slice(0, 7) : value
                        ])
                      )
                    )
                  )
                )
            expect(documented).toHaveLength(4)
            const [byProduct, perOrder, byMonth, orderPayments] = documented

            expect(yield* run(byProduct!)).toEqual([
              { month: "2025-01", product_id: "prod-bolt", currency: "EUR", revenue: "12.00", units: "1" },
              { month: "2025-01", product_id: "prod-shirt", currency: "EUR", revenue: "20.00", units: "2" },
              { month: "2025-01", product_id: "prod-shirt", currency: "JPY", revenue: "4500", units: "3" },
              { month: "2025-02", product_id: "prod-shirt", currency: "EUR", revenue: "10.00", units: "1" }
            ])
            expect(yield* run(perOrder!)).toEqual([
              { order_id: "order-eur", lines: 2, items: "3" },
              { order_id: "order-feb", lines: 1, items: "1" },
              { order_id: "order-jpy", lines: 1, items: "3" }
            ])
            expect(yield* run(byMonth!)).toEqual([
              { month: "2025-01", currency: "EUR", revenue: "32.00", orders: 1 },
              { month: "2025-01", currency: "JPY", revenue: "4500", orders: 1 },
              { month: "2025-02", currency: "EUR", revenue: "10.00", orders: 1 }
            ])
            expect(yield* run(orderPayments!)).toEqual([
              {
                order_id: "order-eur",
                payment_id: "pay-1",
                amount_planned_amount: "32.00",
                amount_planned_currency: "EUR"
              },
              {
                order_id: "order-jpy",
                payment_id: "pay-2",
                amount_planned_amount: "4000",
                amount_planned_currency: "JPY"
              },
              {
                order_id: "order-jpy",
                payment_id: "pay-3",
                amount_planned_amount: "500",
                amount_planned_currency: "JPY"
              }
            ])

            expect(
              yield* run(
                `SELECT id, total_price_amount, taxed_total_net_amount, shipping_price_amount, discount_on_total_price_amount,
                   discount_on_total_price_currency FROM commercetools.orders_enriched WHERE id = 'order-jpy'`
              )
            ).toEqual([
              {
                id: "order-jpy",
                total_price_amount: "4500",
                taxed_total_net_amount: "4400",
                shipping_price_amount: "800",
                discount_on_total_price_amount: "300",
                discount_on_total_price_currency: "JPY"
              }
            ])

            // Each line's unit price as the cents and fraction digits say, and its name in each language seen.
            expect(
              yield* run(
                `SELECT line_item_id, variant_sku, unit_price_amount, unit_price_currency, name_en, name_de_de
                 FROM commercetools.order_line_items ORDER BY line_item_id`
              )
            ).toEqual([
              {
                line_item_id: "li-1",
                variant_sku: "shirt-m",
                unit_price_amount: "10.00",
                unit_price_currency: "EUR",
                name_en: "Shirt",
                name_de_de: "Hemd"
              },
              {
                line_item_id: "li-2",
                variant_sku: "bolt-4",
                unit_price_amount: "1.2345",
                unit_price_currency: "EUR",
                name_en: "Bolt",
                name_de_de: null
              },
              {
                line_item_id: "li-3",
                variant_sku: "shirt-l",
                unit_price_amount: "1500",
                unit_price_currency: "JPY",
                name_en: "Shirt",
                name_de_de: null
              },
              {
                line_item_id: "li-4",
                variant_sku: "shirt-m",
                unit_price_amount: "10.00",
                unit_price_currency: "EUR",
                name_en: "Shirt",
                name_de_de: null
              }
            ])
            expect(
              yield* run(
                `SELECT cart_id, quantity, total_price_amount, total_price_currency FROM commercetools.cart_line_items`
              )
            ).toEqual([
              { cart_id: "cart-1", quantity: 2, total_price_amount: "20.00", total_price_currency: "EUR" }
            ])
            expect(
              yield* run(
                `SELECT payment_id, type, amount_amount, amount_currency FROM commercetools.payment_transactions ORDER BY payment_id`
              )
            ).toEqual([
              { payment_id: "pay-1", type: "Charge", amount_amount: "32.00", amount_currency: "EUR" },
              { payment_id: "pay-2", type: "Charge", amount_amount: "4000", amount_currency: "JPY" },
              { payment_id: "pay-3", type: "Charge", amount_amount: "500", amount_currency: "JPY" }
            ])
          }),
        60_000
      )
    })
  })
}
