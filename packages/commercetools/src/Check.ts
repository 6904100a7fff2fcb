import type { Source, SourceError } from "@sluice/source-sdk"
import { Effect, Option } from "effect"
import { Api } from "./Api.js"
import { Auth, foreignProject } from "./Auth.js"
import * as Coverage from "./deletions/Coverage.js"
import * as MessagesSettings from "./deletions/MessagesSettings.js"
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
 * How deletions reach each table: deletion messages when they can be trusted, otherwise reconciliation and why.
 * Reads the project settings when the client may (check can spend the request a sync saves).
 */
const deletionsReport = Effect.gen(function* () {
  const assessment = yield* Coverage.assess({ lastRead: Option.none(), thorough: true })
  const coverage = Coverage.coverage(tables, assessment)
  const byTable = new Map<string, string>([
    ...coverage.covered.map((table) => [table, "deletion messages"] as const),
    ...coverage.uncovered.map(({ table, reason }) => [table, `reconciliation: ${reason}`] as const),
    ...tables
      .filter((table) => table.deletedBy.length === 0)
      .map((table) =>
        table.kept === undefined
          ? ([table.name, `reconciliation: ${Coverage.noMessages(table)}`] as const)
          : ([table.name, `never: ${table.kept}`] as const)
      )
  ])
  const notes = [
    assessment.viewMessages
      ? "the API client may read deletion messages (view_messages)"
      : "the API client lacks view_messages: deletions of every table come from reconciliation",
    ...Option.match(assessment.settings, {
      onNone: () =>
        assessment.viewProjectSettings
          ? []
          : [
              "the API client lacks view_project_settings: whether messages are enabled, and for how long they are kept, is unknown"
            ],
      onSome: (settings) => [MessagesSettings.describe(settings)]
    }),
    `tables that rely on reconciliation: ${tables
      .filter((table) => !coverage.covered.includes(table.name) && table.kept === undefined)
      .map((table) => table.name)
      .join(", ")}`
  ]
  const off = Option.exists(assessment.settings, (settings) => !settings.enabled)
  const warnings = off
    ? [
        "messages are disabled in the project: deletions are found only by reconciliation (listing every id, by default once a day); enable messages in the project settings"
      ]
    : []
  return { byTable, notes, warnings }
})

/**
 * Which tables the token's scopes let the client read, without a request beyond the token (which a sync gets
 * anyway): what a sync of every table uses to skip the tables the client was not granted.
 */
export const readableTables: Effect.Effect<
  ReadonlyArray<Source.TableCheck>,
  SourceError,
  Auth | Api
> = Effect.gen(function* () {
  const auth = yield* Auth
  const api = yield* Api
  const token = yield* auth.token
  const elsewhere = foreignProject(token, api.projectKey)
  if (elsewhere !== undefined) return yield* Effect.fail(elsewhere)
  return tables.map((table) =>
    Scopes.grantsAny(token.scopes, table.access) ? readable(table) : lacking(table)
  )
})

/**
 * Can these credentials read each table? Gets a token (rejected credentials fail here), answers from the scopes
 * it was granted, and confirms each table the scopes allow with one smallest request. Warns when the client can
 * write or the project records no messages; says per table how its deletions arrive.
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
  const deletions = yield* deletionsReport
  const warnings = [
    ...(writes.length > 0
      ? [
          `the API client can write (${writes.join(", ")}); a read-only client (view_* scopes only) is recommended`
        ]
      : []),
    ...deletions.warnings
  ]
  return {
    tables: results.map((result) => {
      const deletes = deletions.byTable.get(result.table)
      return deletes === undefined ? result : { ...result, deletes }
    }),
    warnings,
    notes: deletions.notes
  }
}).pipe(Effect.withSpan("Check.check"))
