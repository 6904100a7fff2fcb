import { type LiveShopActivity, type LiveShopOptions, startLiveShop } from "@sluice/commercetools-sandbox"
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest"
import { type Database, freshDatabase } from "./database.js"
import { type RunResult, type SpawnOptions, sync } from "./runner.js"
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

/** One sync while the shop creates, changes and deletes records as `live` says; the run and what the shop did. */
export const syncWhileLive = async (
  shop: Shop,
  live: LiveShopOptions,
  args: ReadonlyArray<string>,
  options: SpawnOptions
): Promise<{ readonly run: RunResult; readonly activity: LiveShopActivity }> => {
  const running = startLiveShop(shop.server, live)
  try {
    return { run: await sync(args, options), activity: running.activity }
  } finally {
    running.stop()
  }
}
