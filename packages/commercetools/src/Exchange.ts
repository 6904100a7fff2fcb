import type { HttpClient, HttpClientError, HttpClientRequest } from "@effect/platform"
import { Duration, Effect } from "effect"

/** How one HTTP exchange ended: an answer (any status, body read whole), or no answer at all. */
export type Outcome =
  | {
      readonly _tag: "Answered"
      readonly status: number
      readonly body: string
      readonly retryAfter: string | undefined
    }
  | { readonly _tag: "Unreachable"; readonly detail: string }

const describeCause = (cause: unknown): string => {
  if (cause instanceof Error) {
    const code = (cause as { readonly code?: unknown }).code
    const inner = (cause as { readonly cause?: unknown }).cause
    const innerCode = inner instanceof Error ? (inner as { readonly code?: unknown }).code : undefined
    const tag = typeof code === "string" ? code : typeof innerCode === "string" ? innerCode : undefined
    return tag === undefined ? cause.message : `${cause.message} (${tag})`
  }
  return String(cause)
}

const unreachable = (error: HttpClientError.HttpClientError): Outcome => ({
  _tag: "Unreachable",
  detail:
    error._tag === "RequestError"
      ? `${error.reason.toLowerCase()} error: ${describeCause(error.cause)}`
      : `the answer broke off: ${describeCause(error.cause)}`
})

/**
 * Sends a request and reads its body whole. Never fails: transport errors, a body that breaks off and a
 * timeout are all `Unreachable`, so the caller decides whether to retry.
 */
export const exchange = (
  client: HttpClient.HttpClient,
  request: HttpClientRequest.HttpClientRequest,
  timeout: Duration.DurationInput
): Effect.Effect<Outcome> =>
  client.execute(request).pipe(
    Effect.flatMap((response) =>
      Effect.map(
        response.text,
        (body): Outcome => ({
          _tag: "Answered",
          status: response.status,
          body,
          retryAfter: response.headers["retry-after"]
        })
      )
    ),
    Effect.timeoutFail({
      duration: timeout,
      onTimeout: () => ({ _tag: "Timeout" as const })
    }),
    Effect.catchAll((error) =>
      Effect.succeed<Outcome>(
        error._tag === "Timeout"
          ? { _tag: "Unreachable", detail: `no answer within ${Duration.format(Duration.decode(timeout))}` }
          : unreachable(error)
      )
    )
  )
