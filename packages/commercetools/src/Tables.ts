import { carts } from "./tables/carts.js"
import { categories } from "./tables/categories.js"
import { customers } from "./tables/customers.js"
import { discountCodes } from "./tables/discountCodes.js"
import { inventory } from "./tables/inventory.js"
import { orders } from "./tables/orders.js"
import { payments } from "./tables/payments.js"
import { productProjections } from "./tables/productProjections.js"
import type { ResourceTable } from "./tables/ResourceTable.js"

/** Every table of the source, in the order they are listed and synced. */
export const tables: ReadonlyArray<ResourceTable> = [
  orders,
  customers,
  payments,
  carts,
  productProjections,
  categories,
  discountCodes,
  inventory
]
