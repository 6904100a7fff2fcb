import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { Columns } from "../src/index.js"

const Order = Schema.Struct({
  id: Schema.String,
  version: Schema.Int,
  createdAt: Schema.String.annotations({ [Columns.ColumnTypeId]: "timestamp" }),
  totalPrice: Schema.Number,
  isPaid: Schema.Boolean,
  state: Schema.Literal("Open", "Complete"),
  shippingAddress: Schema.Struct({ city: Schema.String }),
  lineItems: Schema.Array(Schema.Struct({ sku: Schema.String })),
  customerEmail: Schema.optional(Schema.String),
  anonymousId: Schema.NullOr(Schema.String),
  pageCount: Schema.optional(Schema.Int),
  custom: Schema.Unknown
})

describe("Columns.fromSchema", () => {
  const columns = Columns.fromSchema(Order)
  const column = (field: string) => columns.find((item) => item.field === field)

  it("gives one snake_case column per top-level field, in declaration order", () => {
    expect(columns.map((item) => item.name)).toEqual([
      "id",
      "version",
      "created_at",
      "total_price",
      "is_paid",
      "state",
      "shipping_address",
      "line_items",
      "customer_email",
      "anonymous_id",
      "page_count",
      "custom"
    ])
  })

  it("types scalars: strings as text, Int as bigint, numbers as double, booleans, string literals as text", () => {
    expect(column("id")).toEqual({ name: "id", field: "id", type: "text", nullable: false })
    expect(column("version")?.type).toBe("bigint")
    expect(column("totalPrice")?.type).toBe("double")
    expect(column("isPaid")?.type).toBe("boolean")
    expect(column("state")?.type).toBe("text")
  })

  it("honours a column type annotation (ISO strings that are instants become timestamps)", () => {
    expect(column("createdAt")?.type).toBe("timestamp")
  })

  it("stores objects, arrays and unknown values as json", () => {
    expect(column("shippingAddress")?.type).toBe("json")
    expect(column("lineItems")?.type).toBe("json")
    expect(column("custom")?.type).toBe("json")
  })

  it("makes optional and null-able fields nullable, keeping their type", () => {
    expect(column("customerEmail")).toMatchObject({ type: "text", nullable: true })
    expect(column("anonymousId")).toMatchObject({ type: "text", nullable: true })
    expect(column("pageCount")).toMatchObject({ type: "bigint", nullable: true })
    expect(column("id")?.nullable).toBe(false)
  })

  it("snake_cases acronyms and digits", () => {
    expect(Columns.snakeCase("customerID")).toBe("customer_id")
    expect(Columns.snakeCase("HTTPStatus")).toBe("http_status")
    expect(Columns.snakeCase("address2Line")).toBe("address2_line")
  })
})

describe("Columns.split", () => {
  const columns = Columns.fromSchema(Schema.Struct({ id: Schema.String, totalPrice: Schema.Number }))

  it("puts known fields in column order and unknown fields in extra", () => {
    const { values, extra } = Columns.split(columns, {
      totalPrice: 12.5,
      id: "o1",
      channel: "web",
      tags: ["a"]
    })
    expect(values).toEqual(["o1", 12.5])
    expect(extra).toEqual({ channel: "web", tags: ["a"] })
  })

  it("gives null for absent fields and no extra when every field is known", () => {
    expect(Columns.split(columns, { id: "o2" })).toEqual({ values: ["o2", null], extra: null })
  })
})
