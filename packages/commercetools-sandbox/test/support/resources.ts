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

/** The rest of the shop as the source declares it (`extraTables`' endpoints). */
export const shopResources: ReadonlyArray<ResourceDeclaration> = [
  { table: "stores", path: "stores", access: ["view_stores"] },
  { table: "channels", path: "channels", access: ["view_channels", "view_products"] },
  { table: "customer_groups", path: "customer-groups", access: ["view_customer_groups", "view_customers"] },
  { table: "states", path: "states", access: ["view_states"] },
  { table: "product_types", path: "product-types", access: ["view_product_types", "view_products"] },
  { table: "products", path: "products", access: ["view_products", "view_published_products"] },
  { table: "standalone_prices", path: "standalone-prices", access: ["view_standalone_prices"] },
  { table: "shopping_lists", path: "shopping-lists", access: ["view_shopping_lists"] },
  { table: "tax_categories", path: "tax-categories", access: ["view_tax_categories", "view_products"] },
  { table: "shipping_methods", path: "shipping-methods", access: ["view_shipping_methods", "view_orders"] },
  { table: "zones", path: "zones", access: ["view_zones", "view_orders"] },
  { table: "cart_discounts", path: "cart-discounts", access: ["view_cart_discounts", "view_orders"] },
  {
    table: "product_discounts",
    path: "product-discounts",
    access: ["view_product_discounts", "view_products"]
  },
  { table: "types", path: "types", access: ["view_types"] },
  { table: "quotes", path: "quotes", access: ["view_quotes"] },
  { table: "business_units", path: "business-units", access: ["view_business_units"] },
  { table: "messages", path: "messages", access: ["view_messages"] }
]
