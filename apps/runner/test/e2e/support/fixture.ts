import { afterAll, afterEach, beforeAll, beforeEach } from "vitest"
import { type Database, freshDatabase } from "./database.js"
import { type Shop, type ShopOptions, startShop } from "./shop.js"

/**
 * A shop and a fresh warehouse database for the tests of a `describe`: started before them (once, or before each
 * test with `per: "test"`), handed to `opened`, dropped and closed after.
 */
export const withShopAndDatabase = (
  options: ShopOptions & { readonly database: string; readonly per?: "file" | "test" },
  opened: (shop: Shop, db: Database) => void
): void => {
  const { database, per, ...shopOptions } = options
  const [before, after] = per === "test" ? [beforeEach, afterEach] : [beforeAll, afterAll]
  let shop: Shop | undefined
  let db: Database | undefined
  before(async () => {
    shop = await startShop(shopOptions)
    db = await freshDatabase(database)
    opened(shop, db)
  })
  after(async () => {
    await db?.drop()
    await shop?.close()
  })
}
