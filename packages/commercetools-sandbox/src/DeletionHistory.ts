import { creationMessage, deletionMessage, type MessageRecord, makeMessage } from "./Messages.js"
import type { Random } from "./Random.js"
import type { ResourceRecord, ResourceType, Store } from "./Store.js"

const DAY = 86_400_000

/**
 * Seeds the message log of the demo project: the last days before `endMs` saw records created (the noise a
 * deletion reader filters out) and records deleted (orders, customers, products, discount codes, inventory
 * entries, with their deletion messages) and products unpublished. The deleted records are extra ones, created
 * and deleted before the end, so the seeded records stay as they were. Returns how many messages it wrote.
 */
export const seedDeletionHistory = (store: Store, random: Random, endMs: number, days = 10): number => {
  const messages: Array<MessageRecord> = []
  const from = endMs - days * DAY
  const at = (): string => new Date(from + Math.floor(random.next() * (endMs - from))).toISOString()
  const message = (
    storeType: Exclude<ResourceType, "messages">,
    record: ResourceRecord,
    found: { readonly type: string; readonly payload: Record<string, unknown> } | undefined,
    resourceVersion: number,
    sequenceNumber: number,
    when: string
  ): void => {
    if (found === undefined) return
    messages.push(
      makeMessage({
        id: random.uuid(),
        type: found.type,
        storeType,
        record,
        resourceVersion,
        sequenceNumber,
        at: when,
        payload: found.payload
      })
    )
  }

  // Noise: a creation message for every record created in the window.
  const cutoff = new Date(from).toISOString()
  for (const storeType of ["orders", "customers", "payments"] as const) {
    for (const record of store.byIdIndex(storeType)) {
      if (record.createdAt < cutoff) continue
      message(storeType, record, creationMessage(storeType, record), 1, 1, record.createdAt)
    }
  }

  // Deleted: records like the seeded ones that no longer exist.
  const deleted = (storeType: Exclude<ResourceType, "messages">, count: number): void => {
    const templates = store.byIdIndex(storeType)
    for (let k = 0; k < count && templates.length > 0; k++) {
      const template = templates[Math.floor(random.next() * templates.length)] as ResourceRecord
      const createdMs = from - random.int(1, 60) * DAY
      const gone: ResourceRecord = {
        ...template,
        id: random.uuid(),
        version: random.int(1, 6),
        createdAt: new Date(createdMs).toISOString(),
        lastModifiedAt: new Date(createdMs + random.int(0, 30) * DAY).toISOString()
      }
      if (typeof gone.key === "string") gone.key = `${gone.key}-deleted-${k + 1}`
      if (typeof gone.orderNumber === "string") gone.orderNumber = `${gone.orderNumber}-D${k + 1}`
      const sequence = typeof gone.lastMessageSequenceNumber === "number" ? gone.lastMessageSequenceNumber : 1
      message(storeType, gone, deletionMessage(storeType, gone), gone.version + 1, sequence + 1, at())
    }
  }
  const scaled = (count: number, per: number): number => Math.max(1, Math.round(count / per))
  deleted("orders", scaled(store.count("orders"), 500))
  deleted("customers", scaled(store.count("customers"), 200))
  deleted("products", scaled(store.count("products"), 100))
  deleted("discount-codes", 1)
  deleted("inventory", scaled(store.count("inventory"), 300))

  messages.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0))
  store.addMany("messages", messages)
  return messages.length
}
