import type { Deletions, SourceError } from "@sluice/source-sdk"
import { Clock, Effect, Either, Option } from "effect"
import type { Api } from "../Api.js"
import { Auth } from "../Auth.js"
import * as Scopes from "../Scopes.js"
import type { ResourceTable } from "../tables/ResourceTable.js"
import * as DeletionMessages from "./DeletionMessages.js"
import * as MessagesSettings from "./MessagesSettings.js"

const day = 24 * 60 * 60 * 1000
/** Messages near the end of their retention may already be gone: a feed read this close to it is not trusted. */
const retentionMargin = 60 * 60 * 1000

/** What the source knows about its deletion messages now, and whether the feed can be trusted. */
export interface Assessment {
  readonly viewMessages: boolean
  readonly viewProjectSettings: boolean
  /** Present when the project settings were read for this assessment. */
  readonly settings: Option.Option<MessagesSettings.MessagesSettings>
  /** Why the feed cannot be trusted now; None: it can. */
  readonly distrust: Option.Option<string>
  readonly requests: number
}

const [viewMessages] = DeletionMessages.endpoint.access
const [viewProjectSettings] = MessagesSettings.endpoint.access

/**
 * Whether the deletion messages can be trusted: the token grants view_messages, the project records messages,
 * and the feed was last read within their retention. The project settings cost a request, so they are read only
 * when `thorough` (the engine asks so on the first run, on --reconcile and once per reconcile-after period) or
 * when the feed was last read longer ago than the shortest retention a project can have; otherwise the answer
 * comes from the token's scopes, and a change of the settings shows at the next thorough check. A scope the
 * token lacks never fails: the feed is distrusted, saying why, and its tables fall back to reconciliation.
 */
export const assess = (
  request: Deletions.CoverageRequest
): Effect.Effect<Assessment, SourceError, Auth | Api> =>
  Effect.gen(function* () {
    const auth = yield* Auth
    const granted = yield* auth.scopes
    const messages = Scopes.covers(granted, viewMessages ?? "view_messages")
    const settingsScope = Scopes.covers(granted, viewProjectSettings ?? "view_project_settings")
    const base = {
      viewMessages: messages,
      viewProjectSettings: settingsScope,
      settings: Option.none(),
      requests: 0
    }
    if (!messages) {
      return { ...base, distrust: Option.some("the API client lacks the view_messages scope") }
    }
    if (!settingsScope) {
      return {
        ...base,
        distrust: Option.some(
          "the API client lacks the view_project_settings scope, so whether messages are enabled and how long they are kept is unknown"
        )
      }
    }
    const now = yield* Clock.currentTimeMillis
    const age = Option.map(request.lastRead, (lastRead) => now - Date.parse(lastRead))
    const fresh = Option.match(age, {
      onNone: () => true,
      onSome: (ms) => ms < MessagesSettings.minimumRetentionDays * day - retentionMargin
    })
    if (!request.thorough && fresh) return { ...base, distrust: Option.none() }
    // Settings that cannot be read (refused, or the API kept failing) distrust the feed; they never fail a sync.
    const fetched = yield* Effect.either(MessagesSettings.fetch)
    if (Either.isLeft(fetched)) {
      return {
        ...base,
        distrust: Option.some(`the project settings could not be read: ${fetched.left.message}`),
        requests: 1
      }
    }
    const settings = fetched.right
    const kept = settings.retentionDays * day - retentionMargin
    const distrust = !settings.enabled
      ? Option.some("messages are disabled in the project")
      : Option.isSome(age) && age.value > kept
        ? Option.some(
            `deletion messages were last read ${Option.getOrElse(request.lastRead, () => "")}, longer ago than the ${settings.retentionDays} days the project keeps them, so some may be gone`
          )
        : Option.none()
    return {
      ...base,
      settings: Option.some({ enabled: settings.enabled, retentionDays: settings.retentionDays }),
      distrust,
      requests: settings.requests
    }
  })

/** Why a table without deletion messages relies on reconciliation. */
export const noMessages = (table: ResourceTable): string =>
  `commercetools has no deletion message for ${table.name}`

/** The feed's coverage of the tables that have deletion messages, from an assessment. */
export const coverage = (
  tables: ReadonlyArray<ResourceTable>,
  assessment: Assessment
): Deletions.FeedCoverage => {
  const reported = tables.filter((table) => table.deletedBy.length > 0).map((table) => table.name)
  return {
    covered: Option.isNone(assessment.distrust) ? reported : [],
    uncovered: Option.match(assessment.distrust, {
      onNone: () => [],
      onSome: (reason) => reported.map((table) => ({ table, reason }))
    }),
    // Reading cannot help without the scope, nor while the project records no messages.
    readable:
      assessment.viewMessages &&
      Option.match(assessment.settings, { onNone: () => true, onSome: (settings) => settings.enabled })
  }
}
