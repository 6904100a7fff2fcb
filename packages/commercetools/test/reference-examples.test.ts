import { readFileSync } from "node:fs"
import { Columns, Table } from "@sluice/source-sdk"
import { Checks, runCheck } from "@sluice/source-sdk/testing"
import { ParseResult, Schema } from "effect"
import { describe, expect, it } from "vitest"
import { CommercetoolsSource, Tables } from "../src/index.js"

/** The API reference's example of each table's resource (test/fixtures/<table>.json), ids filled in. */
const fixture = (table: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(`./fixtures/${table}.json`, import.meta.url), "utf8"))

const money = (currencyCode: string, centAmount: number) => ({ currencyCode, centAmount, fractionDigits: 2 })

/** Per table: the fields a user would look for first (keys, money, references), as the example has them. */
const expected: Record<string, Record<string, unknown>> = {
  stores: {
    key: "random-key-12314",
    languages: ["en", "de-DE"],
    distributionChannels: [{ typeId: "channel", id: "3fa85f64-5717-4562-b3fc-2c963f66afa6" }],
    productSelections: [{ productSelection: { typeId: "product-selection" }, active: true }]
  },
  channels: {
    key: "distribution-channel-us",
    roles: ["ProductDistribution", "InventorySupply"],
    address: { country: "US", city: "San Francisco" },
    geoLocation: { type: "Point", coordinates: [-122.4194, 37.7749] }
  },
  customer_groups: { name: "Webshop user" },
  states: {
    key: "Initial",
    type: "LineItemState",
    initial: true,
    transitions: [{ typeId: "state", id: "4f1a8e5c-3b2d-4c6e-9f0a-1b2c3d4e5f60" }]
  },
  product_types: { attributes: [{ name: "size", type: { name: "text" }, isRequired: false }] },
  products: {
    productType: { typeId: "product-type", id: "24f510c3-f334-4099-94e2-d6224a8eb919" },
    taxCategory: { typeId: "tax-category", id: "f1e10e3a-45eb-49d8-ad0b-fdf984202f59" },
    masterData: {
      current: { masterVariant: { prices: [{ value: money("EUR", 10000) }] } },
      staged: { categories: [{ typeId: "category", id: "cf6d790a-f027-4f46-9a2b-4bc9a31066fb" }] }
    }
  },
  standalone_prices: {
    sku: "A0E200000002E49",
    value: money("EUR", 10000),
    tiers: [{ minimumQuantity: 10, value: money("EUR", 9000) }],
    customerGroup: { typeId: "customer-group" }
  },
  shopping_lists: {
    customer: { typeId: "customer", id: "e73cd97f-846e-44a0-b418-3ed044a8e398" },
    lineItems: [{ productId: "077bb11b-0d00-4e00-aced-48f493a79da0", variantId: 2, quantity: 1 }],
    textLineItems: [{ quantity: 5 }],
    businessUnit: { typeId: "business-unit", key: "bu-345-france" }
  },
  tax_categories: { rates: [{ amount: 0.13, country: "CA", state: "ON", includedInPrice: true }] },
  shipping_methods: {
    taxCategory: { typeId: "tax-category", id: "5a21f15b-34f8-4b7f-9407-d1eb82a73eba" },
    zoneRates: [
      { zone: { id: "5cb532be-c680-43ab-ba14-b664bb03dc35" }, shippingRates: [{ price: money("EUR", 570) }] },
      { zone: { id: "ebe01381-82be-4e63-9993-d1eb8f8e588b" }, shippingRates: [{ price: money("USD", 990) }] }
    ],
    stores: [{ typeId: "store", key: "store-a" }]
  },
  zones: { key: "us-zone", locations: [{ country: "US" }] },
  cart_discounts: {
    value: { type: "relative", permyriad: 1000 },
    stores: [{ typeId: "store", key: "europe" }],
    references: [{ typeId: "category" }],
    requiresDiscountCode: true
  },
  product_discounts: {
    value: { type: "absolute", money: [money("EUR", 100)] },
    references: [{ typeId: "product" }]
  },
  types: {
    key: "line-item-string-field",
    resourceTypeIds: ["line-item"],
    fieldDefinitions: [{ name: "exampleStringField", type: { name: "String" }, required: false }]
  },
  quotes: {
    quoteState: "Accepted",
    quoteRequest: { typeId: "quote-request", id: "8a3faa00-33fa-4ab8-bee7-833f31e18dcc" },
    customer: { typeId: "customer", id: "92f5a867-bf19-47ab-982c-6720a03a3921" },
    totalPrice: money("EUR", 5600),
    lineItems: [{ totalPrice: money("EUR", 5600) }]
  },
  business_units: {
    unitType: "Company",
    topLevelUnit: { typeId: "business-unit", key: "commercetools" },
    associates: [{ customer: { typeId: "customer", id: "8ca4f8a7-0f14-4a8b-8a57-dbe5d6a33f07" } }],
    addresses: [{ id: "mO0dWHnB", country: "DE" }]
  },
  messages: {
    sequenceNumber: 4,
    resource: { typeId: "payment", id: "e57c8183-eb2b-4bf3-acf1-f8a7846689f8" },
    resourceVersion: 5,
    type: "PaymentStatusInterfaceCodeSet",
    resourceUserProvidedIdentifiers: { key: "e57-payment-key" },
    // Type-specific fields the schema does not name.
    paymentId: "e57c8183-eb2b-4bf3-acf1-f8a7846689f8",
    interfaceCode: "InterfaceCodeString"
  }
}

describe("the new tables decode the API reference's examples", () => {
  it("has a fixture and expectations for every extra table", () => {
    expect(Object.keys(expected).sort()).toEqual(Tables.extraTables.map((table) => table.name).sort())
  })

  for (const table of Tables.extraTables) {
    it(table.name, () => {
      const record = fixture(table.name)
      // A field the API may add tomorrow, at the top and deep inside: both must survive.
      const input = { ...record, addedByApiLater: { nested: [1, 2] } }
      const decoded = Schema.decodeUnknownSync(table.schema)(input, { onExcessProperty: "preserve" })
      expect(decoded).toEqual(input)
      expect(decoded).toMatchObject({
        id: record.id,
        version: record.version,
        createdAt: record.createdAt,
        lastModifiedAt: record.lastModifiedAt,
        ...expected[table.name]
      })
      // What the engine checks before a page is written.
      const validate = ParseResult.validateEither(Schema.encodedBoundSchema(table.schema))
      expect(validate(input, { onExcessProperty: "ignore" })._tag).toBe("Right")
      // Unnamed fields land in the row's `_extra`, named ones in their columns: nothing is dropped.
      const { values, extra } = Columns.split(Table.columns(table), input)
      expect(extra).toMatchObject({ addedByApiLater: { nested: [1, 2] } })
      expect(values).toContain(record.id)
    })
  }

  it("hold together as the conformance kit's definitions check asks, beside the core tables", async () => {
    await runCheck(Checks.definitions({ ...CommercetoolsSource, tables: Tables.allTables }))
  })

  it("rejects a record whose typed field has the wrong type", () => {
    const table = Tables.extraTables.find((t) => t.name === "standalone_prices")
    const record = { ...fixture("standalone_prices"), value: { type: "centPrecision", currencyCode: "EUR" } }
    expect(() => Schema.decodeUnknownSync(table!.schema)(record)).toThrow(/centAmount/)
  })

  it("keeps a message's type-specific fields in `_extra`", () => {
    const table = Tables.extraTables.find((t) => t.name === "messages")!
    const { extra } = Columns.split(Table.columns(table), fixture("messages"))
    expect(extra).toEqual({
      paymentId: "e57c8183-eb2b-4bf3-acf1-f8a7846689f8",
      interfaceCode: "InterfaceCodeString"
    })
  })
})
