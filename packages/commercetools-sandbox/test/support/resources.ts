import type { ResourceDeclaration } from "../../src/index.js"

/**
 * The eight tables as the commercetools source declares them (its `tables/*.ts` `endpoint`s). Test input only:
 * the source passes its own declarations, and its tests run against this server with them.
 */
export const resources: ReadonlyArray<ResourceDeclaration> = [
  { table: "orders", path: "orders", access: ["view_orders"] },
  { table: "customers", path: "customers", access: ["view_customers"] },
  { table: "payments", path: "payments", access: ["view_payments"] },
  { table: "carts", path: "carts", access: ["view_orders"] },
  {
    table: "product_projections",
    path: "product-projections",
    access: ["view_products", "view_published_products"]
  },
  { table: "categories", path: "categories", access: ["view_categories", "view_products"] },
  { table: "discount_codes", path: "discount-codes", access: ["view_discount_codes", "view_orders"] },
  { table: "inventory", path: "inventory", access: ["view_products"] }
]
