import type { Source, SourceError } from "@sluice/source-sdk"
import { Effect } from "effect"
import { Api } from "./Api.js"
import { Auth, foreignProject } from "./Auth.js"
import * as Scopes from "./Scopes.js"
import { tables } from "./Tables.js"
import type { ResourceTable } from "./tables/ResourceTable.js"

const readable = (table: ResourceTable): Source.TableCheck => ({
  table: table.name,
  readable: true,
  message: `${table.name}: readable`
})

const lacking = (table: ResourceTable): Source.TableCheck => ({
  table: table.name,
  readable: false,
  ...(table.access[0] !== undefined ? { missing: table.access[0] } : {}),
  message: Scopes.describeMissing(table.name, table.access)
})

/**
 * Can these credentials read each table? Gets a token (rejected credentials fail here), answers from the scopes
 * it was granted, and confirms each table the scopes allow with one smallest request. Warns when the client can
 * write.
 */
export const check: Effect.Effect<Source.CheckReport, SourceError, Auth | Api> = Effect.gen(function* () {
  const auth = yield* Auth
  const api = yield* Api
  const token = yield* auth.token
  const elsewhere = foreignProject(token, api.projectKey)
  if (elsewhere !== undefined) return yield* Effect.fail(elsewhere)
  const granted = token.scopes
  const results = yield* Effect.forEach(
    tables,
    (table) =>
      Scopes.grantsAny(granted, table.access)
        ? api.get(table.endpoint, [...table.params, ["limit", "1"], ["withTotal", "false"]]).pipe(
            Effect.as(readable(table)),
            Effect.catchIf(
              (error) => error.reason === "Access",
              () => Effect.succeed(lacking(table))
            )
          )
        : Effect.succeed(lacking(table)),
    { concurrency: "unbounded" }
  )
  const writes = Scopes.writing(granted)
  const warnings =
    writes.length > 0
      ? [
          `the API client can write (${writes.join(", ")}); a read-only client (view_* scopes only) is recommended`
        ]
      : []
  return { tables: results, warnings }
}).pipe(Effect.withSpan("Check.check"))
