import { Cursor, type Deletions, KeysetRead, type SourceError } from "@sluice/source-sdk"
import { Clock, Effect, Option, Schema, Stream } from "effect"
import type { Api, Endpoint } from "../Api.js"
import * as Query from "../Query.js"
import type { DeletionMessageType, ResourceTable } from "../tables/ResourceTable.js"
import * as Sequence from "./Sequence.js"

/** The Messages API (`GET /{projectKey}/messages`, api/resources/messages.raml). */
export const endpoint: Endpoint = { table: "deletions", path: "messages", access: ["view_messages"] }

/** The fields of a deletion message the feed uses (api/types/message/Message.raml); the rest is ignored. */
const DeletionMessage = Schema.Struct({
  id: Schema.String,
  type: Schema.String,
  createdAt: Schema.String,
  resource: Schema.Struct({ typeId: Schema.String, id: Schema.String }),
  resourceVersion: Schema.Number
})

const MessagePage = Schema.Struct({ results: Schema.Array(DeletionMessage) })
const decodePage = Schema.decodeUnknownEither(MessagePage, { errors: "first" })

/** The key-set fields of the feed: messages are immutable, ordered by when they were created. */
const keys: Query.KeyFields = { cursor: "createdAt", key: "id" }

/**
 * Which tables each deletion message type reports on, from the tables' own declarations (`ProductDeleted`: the
 * products and their projections).
 */
export const tablesByType = (
  tables: ReadonlyArray<ResourceTable>
): ReadonlyMap<DeletionMessageType, ReadonlyArray<string>> => {
  const byType = new Map<DeletionMessageType, Array<string>>()
  for (const table of tables)
    for (const type of table.deletedBy) byType.set(type, [...(byType.get(type) ?? []), table.name])
  return byType
}

/** `type in ("OrderDeleted", …)`: most messages are about other things, so the API filters them out. */
export const typeFilter = (types: ReadonlyArray<string>): string =>
  `type in (${types.map(Query.literal).join(", ")})`

/**
 * One key-set read of the deletion messages of every table that has them: sorted by createdAt then id, 500 a
 * page, `createdAt >= since`, continuing strictly after `after`. The last page's `maxSeen` is the moment it was
 * answered: every message created before it has been seen, so the feed's cursor settles there even when no
 * deletion happened: the engine caps it at the read's start (the page was answered after that) and re-reads the
 * settle window next time. Without it the cursor would stay at the last deletion, however long ago.
 */
export const read =
  (tables: ReadonlyArray<ResourceTable>) =>
  (request: Deletions.FeedRequest): Stream.Stream<Deletions.DeletionPage, SourceError, Api> => {
    const byType = tablesByType(tables)
    const where = typeFilter([...byType.keys()])
    const fetch = (api: Api["Type"]) => (page: KeysetRead.KeysetQuery) =>
      Effect.gen(function* () {
        const clauses = [where, ...Query.predicates(page, keys)]
        const params = Query.params(page, [], keys).filter(([name]) => name !== "where")
        const { body, requests } = yield* api.get(endpoint, [...params, ["where", clauses.join(" and ")]])
        const decoded = yield* Sequence.decodedOr(
          decodePage(body),
          endpoint.table,
          "deletion messages: unexpected page"
        )
        return { records: decoded.results, requests }
      })
    return Sequence.readSequence(
      fetch,
      {
        strategy: "incremental",
        since: request.since,
        resume: Option.match(request.after, {
          onNone: () => ({}),
          onSome: (position) => ({ [KeysetRead.whole.name]: { _tag: "After" as const, position } })
        })
      },
      { cursorField: keys.cursor, primaryKey: keys.key }
    ).pipe(
      Stream.mapEffect((page) =>
        Effect.map(Clock.currentTimeMillis, (now): Deletions.DeletionPage => {
          const messages = page.records as ReadonlyArray<typeof DeletionMessage.Type>
          const seen = Cursor.maxOf(messages, keys.cursor)
          return {
            deletions: messages.flatMap((message) => {
              const tables = byType.get(message.type as DeletionMessageType) ?? []
              return tables.map((table) => ({
                table,
                id: message.resource.id,
                deletedAt: message.createdAt,
                version: message.resourceVersion
              }))
            }),
            position: page.position,
            maxSeen: page.done ? Cursor.max(seen, Option.some(new Date(now).toISOString())) : seen,
            done: page.done,
            requests: page.requests
          }
        })
      )
    )
  }
