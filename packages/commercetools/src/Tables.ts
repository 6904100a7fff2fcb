import { businessUnits } from "./tables/businessUnits.js"
import { cartDiscounts } from "./tables/cartDiscounts.js"
import { carts } from "./tables/carts.js"
import { categories } from "./tables/categories.js"
import { channels } from "./tables/channels.js"
import { customerGroups } from "./tables/customerGroups.js"
import { customers } from "./tables/customers.js"
import { discountCodes } from "./tables/discountCodes.js"
import { inventory } from "./tables/inventory.js"
import { messages } from "./tables/messages.js"
import { orders } from "./tables/orders.js"
import { payments } from "./tables/payments.js"
import { productDiscounts } from "./tables/productDiscounts.js"
import { productProjections } from "./tables/productProjections.js"
import { products } from "./tables/products.js"
import { productTypes } from "./tables/productTypes.js"
import { quotes } from "./tables/quotes.js"
import type { ResourceTable } from "./tables/ResourceTable.js"
import { shippingMethods } from "./tables/shippingMethods.js"
import { shoppingLists } from "./tables/shoppingLists.js"
import { standalonePrices } from "./tables/standalonePrices.js"
import { states } from "./tables/states.js"
import { stores } from "./tables/stores.js"
import { taxCategories } from "./tables/taxCategories.js"
import { types } from "./tables/types.js"
import { zones } from "./tables/zones.js"

/** The eight tables of the product page, where every commercetools connector starts. */
export const coreTables: ReadonlyArray<ResourceTable> = [
  orders,
  customers,
  payments,
  carts,
  productProjections,
  categories,
  discountCodes,
  inventory
]

/**
 * The rest of the shop: setup (stores, channels, groups, states, types), catalogue, pricing and promotions,
 * shipping and tax, B2B, then the event history.
 */
export const extraTables: ReadonlyArray<ResourceTable> = [
  stores,
  channels,
  customerGroups,
  states,
  productTypes,
  products,
  standalonePrices,
  shoppingLists,
  taxCategories,
  shippingMethods,
  zones,
  cartDiscounts,
  productDiscounts,
  types,
  quotes,
  businessUnits,
  messages
]

/** Every table the source knows. */
export const allTables: ReadonlyArray<ResourceTable> = [...coreTables, ...extraTables]

/** The tables the source offers and syncs: all of them. */
export const tables: ReadonlyArray<ResourceTable> = allTables
