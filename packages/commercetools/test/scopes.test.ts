import { describe, expect, it } from "vitest"
import { Scopes } from "../src/index.js"

describe("Scopes", () => {
  it("parses a token's scopes for the configured project only", () => {
    expect(Scopes.parse("view_orders:shop manage_products:shop view_customers:other openid", "shop")).toEqual(
      ["view_orders", "manage_products", "openid"]
    )
  })

  it("lets manage_x cover view_x and manage_project cover everything", () => {
    expect(Scopes.covers(["manage_orders"], "view_orders")).toBe(true)
    expect(Scopes.covers(["manage_orders"], "view_customers")).toBe(false)
    expect(Scopes.covers(["manage_project"], "view_discount_codes")).toBe(true)
    expect(Scopes.grantsAny(["view_published_products"], ["view_products", "view_published_products"])).toBe(
      true
    )
    expect(Scopes.grantsAny(["view_products"], ["view_categories", "view_products"])).toBe(true)
  })

  it("finds the scopes that can write", () => {
    expect(Scopes.writing(["view_orders", "manage_products", "manage_my_orders"])).toEqual([
      "manage_products",
      "manage_my_orders"
    ])
  })

  it("names the scope a table lacks, and its alternatives", () => {
    expect(Scopes.describeMissing("orders", ["view_orders"])).toBe(
      "orders: the API client lacks the view_orders scope"
    )
    expect(Scopes.describeMissing("categories", ["view_categories", "view_products"])).toBe(
      "categories: the API client lacks the view_categories scope (or view_products)"
    )
  })
})
