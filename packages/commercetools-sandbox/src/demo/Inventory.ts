import type { DemoContext } from "./Context.js"
import { iso, type Json, type Product } from "./Values.js"

/** Stock per variant and supply channel. */
export const generateInventory = (
  ctx: DemoContext,
  products: ReadonlyArray<Product>,
  productRecords: ReadonlyArray<Json>
) => {
  const { random, endMs, ids, channels } = ctx
  const inventory: Array<Json> = []
  for (const product of products) {
    for (const variant of product.variants) {
      for (const channel of channels) {
        const createdAtMs = Date.parse(productRecords[products.indexOf(product)]?.createdAt as string)
        const onStock = random.chance(0.08) ? 0 : random.int(0, 400)
        const reserved = Math.min(onStock, random.int(0, 12))
        const modifiedMs = Math.min(endMs, createdAtMs + Math.floor(random.next() * (endMs - createdAtMs)))
        inventory.push({
          id: ids(),
          version: random.int(1, 40),
          key: `${variant.sku}-${channel.key}`,
          sku: variant.sku,
          supplyChannel: channel.ref,
          quantityOnStock: onStock,
          availableQuantity: onStock - reserved,
          restockableInDays: onStock === 0 ? random.int(3, 30) : undefined,
          createdAt: iso(createdAtMs),
          lastModifiedAt: iso(modifiedMs)
        })
      }
    }
  }
  return inventory
}
