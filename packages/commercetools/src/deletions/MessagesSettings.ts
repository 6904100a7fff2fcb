import { SourceError } from "@sluice/source-sdk"
import { Effect, Either, ParseResult, Schema } from "effect"
import { Api, type Endpoint } from "../Api.js"

/** The project itself (`GET /{projectKey}`, api/types/project/Project.raml). */
export const endpoint: Endpoint = { table: "project", path: "", access: ["view_project_settings"] }

/** The API's retention when a project does not say (MessagesConfiguration.deleteDaysAfterCreation). */
export const defaultRetentionDays = 15

/** The shortest retention a project can set: a feed read more recently than this cannot have lost messages. */
export const minimumRetentionDays = 1

/** Whether the project records messages, and how many days it keeps them. */
export interface MessagesSettings {
  readonly enabled: boolean
  readonly retentionDays: number
}

const Project = Schema.Struct({
  messages: Schema.Struct({
    enabled: Schema.Boolean,
    // Absent on projects created before 8 October 2018: the default applies.
    deleteDaysAfterCreation: Schema.optional(Schema.Number)
  })
})
const decodeProject = Schema.decodeUnknownEither(Project, { errors: "first" })

/** The project's messages configuration: one `GET /{projectKey}` (scope view_project_settings). */
export const fetch: Effect.Effect<MessagesSettings & { readonly requests: number }, SourceError, Api> =
  Effect.gen(function* () {
    const api = yield* Api
    const { body, requests } = yield* api.get(endpoint, [])
    const project = yield* Either.match(decodeProject(body), {
      onLeft: (error) =>
        Effect.fail(
          new SourceError({
            reason: "Decode",
            table: endpoint.table,
            message: `project settings: unexpected answer from commercetools (${ParseResult.TreeFormatter.formatErrorSync(error)})`
          })
        ),
      onRight: Effect.succeed
    })
    return {
      enabled: project.messages.enabled,
      retentionDays: project.messages.deleteDaysAfterCreation ?? defaultRetentionDays,
      requests
    }
  }).pipe(Effect.withSpan("MessagesSettings.fetch"))

/** How the settings read in `check` and in reasons: "messages are enabled and kept 15 days". */
export const describe = (settings: MessagesSettings): string =>
  settings.enabled
    ? `messages are enabled in the project and kept ${settings.retentionDays} day${settings.retentionDays === 1 ? "" : "s"}`
    : "messages are disabled in the project"
