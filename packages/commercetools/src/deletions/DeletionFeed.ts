import type { Deletions } from "@sluice/source-sdk"
import { Effect } from "effect"
import type { Api } from "../Api.js"
import type { Auth } from "../Auth.js"
import type { ResourceTable } from "../tables/ResourceTable.js"
import * as Coverage from "./Coverage.js"
import * as DeletionMessages from "./DeletionMessages.js"

/**
 * The source's deletion feed: the deletion messages of every table that declares some (`deletedBy`), read in
 * one key-set read per run; trusted only while messages are readable, enabled and within their retention.
 */
export const make = (tables: ReadonlyArray<ResourceTable>): Deletions.DeletionFeed<Api | Auth> => ({
  tables: tables.filter((table) => table.deletedBy.length > 0).map((table) => table.name),
  coverage: (request) =>
    Effect.map(Coverage.assess(request), (assessment) => Coverage.coverage(tables, assessment)).pipe(
      Effect.withSpan("DeletionFeed.coverage")
    ),
  read: DeletionMessages.read(tables)
})
