import { it } from "@effect/vitest"
import type { RunningServer } from "@sluice/commercetools-sandbox"
import { Engine, MemoryWarehouse, SyncMode } from "@sluice/source-sdk"
import { Chunk, Effect, Option, Stream } from "effect"
import { describe, expect } from "vitest"
import { CommercetoolsSource } from "../src/index.js"
import { orders } from "../src/tables/orders.js"
import { versions } from "./support/Expected.js"
import { LocalServer, settingsFor } from "./support/LocalServer.js"

const table = CommercetoolsSource.tables.find((candidate) => candidate.name === "orders") ?? orders

/** While a read runs, changes records (some in slices already read) and creates new ones, between pages. */
const changeDuringRead = (server: RunningServer, at: ReadonlyArray<number>) => {
  let lists = 0
  const changed = new Set<string>()
  const remove = server.onRequest((info) => {
    if (info.kind !== "list" || info.resource !== "orders") return
    lists++
    if (!at.includes(lists)) return
    const all = server.store.byIdIndex("orders")
    for (let i = 0; i < 25; i++) {
      const record = all[(lists * 97 + i * 131) % all.length]
      if (record === undefined) continue
      server.store.update("orders", record.id, (current) => {
        current.orderState = "Confirmed"
      })
      changed.add(record.id)
    }
    // A change committed late: its timestamp lies two minutes back, inside the settle window.
    const late = all[(lists * 53) % all.length]
    if (late !== undefined) server.store.update("orders", late.id, () => {}, Date.now() - 120_000)
    const template = all[0]
    if (template !== undefined) {
      const { id: _id, version: _version, createdAt: _c, lastModifiedAt: _l, ...rest } = template
      for (let i = 0; i < 10; i++)
        changed.add(server.store.create("orders", { ...rest, orderNumber: `NEW-${lists}-${i}` }).id)
    }
  })
  return { changed, remove }
}

const sync = (mode: SyncMode.SyncMode) =>
  Effect.gen(function* () {
    const server = yield* LocalServer
    const connection = yield* CommercetoolsSource.connect(settingsFor(server))
    return yield* Engine.syncTable(connection, "commercetools", table, { mode })
  })

const stored = Effect.flatMap(MemoryWarehouse.MemoryWarehouse, (warehouse) =>
  warehouse.rows("commercetools", "orders")
)

describe("incremental reads", () => {
  it.scopedLive(
    "a read with changes and creations under way, then one more incremental read, hold every record once at its latest version",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const { changed, remove } = changeDuringRead(server, [2, 4, 6])
        const first = yield* sync(SyncMode.incremental)
        remove()
        expect(changed.size).toBeGreaterThan(50)
        const second = yield* sync(SyncMode.incremental)
        const rows = yield* stored
        expect(versions(rows)).toEqual(versions(server.store.all("orders")))
        expect(new Set(rows.map((row) => row.id)).size).toBe(rows.length)
        expect(second.rows).toBeLessThan(first.rows / 4)

        // Nothing new: one request for the whole table.
        const before = server.stats.apiRequests
        const third = yield* sync(SyncMode.incremental)
        expect(server.stats.apiRequests - before).toBe(1)
        expect(third.requests).toBe(1)
      }).pipe(Effect.provide(MemoryWarehouse.layer()), Effect.provide(LocalServer.layer({ orders: 3000 }))),
    60_000
  )

  it.scopedLive(
    "append keeps each (id, version) once, every latest version included",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const { remove } = changeDuringRead(server, [2, 3])
        yield* sync(SyncMode.append)
        remove()
        yield* sync(SyncMode.append)
        const rows = yield* stored
        const kept = versions(rows)
        expect(new Set(kept).size).toBe(kept.length)
        const latest = versions(server.store.all("orders"))
        expect(latest.filter((key) => !kept.includes(key))).toEqual([])
      }).pipe(Effect.provide(MemoryWarehouse.layer()), Effect.provide(LocalServer.layer({ orders: 1500 }))),
    60_000
  )

  it.scopedLive(
    "pages through 1,500+ records sharing one lastModifiedAt by id, none lost or repeated",
    () =>
      Effect.gen(function* () {
        const server = yield* LocalServer
        const counts = new Map<string, number>()
        for (const record of server.store.all("orders")) {
          counts.set(record.lastModifiedAt, (counts.get(record.lastModifiedAt) ?? 0) + 1)
        }
        const [burstAt, burstSize] = [...counts].reduce((best, entry) => (entry[1] > best[1] ? entry : best))
        expect(burstSize).toBeGreaterThanOrEqual(1500)
        const connection = yield* CommercetoolsSource.connect(settingsFor(server))
        const pages = yield* Stream.runCollect(
          connection.read(orders, { strategy: "incremental", since: Option.some(burstAt), resume: {} })
        )
        const read = Chunk.toReadonlyArray(pages).flatMap((page) => page.records)
        expect(Chunk.toReadonlyArray(pages).every((page) => page.slice === "all")).toBe(true)
        expect(pages.length).toBeGreaterThan(3)
        expect(versions(read)).toEqual(
          versions(server.store.all("orders").filter((record) => record.lastModifiedAt >= burstAt))
        )
      }).pipe(Effect.provide(LocalServer.layer({ orders: 3000 }))),
    60_000
  )
})
