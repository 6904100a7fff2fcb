import { type HttpClient, HttpClientRequest } from "@effect/platform"
import { Http, SourceError } from "@sluice/source-sdk"
import {
  Clock,
  Context,
  Duration,
  Effect,
  Either,
  Layer,
  type Redacted,
  Schema,
  SynchronizedRef
} from "effect"
import { type Config, hosts } from "./Config.js"
import * as ErrorBody from "./ErrorBody.js"
import * as Notices from "./Notices.js"
import * as Scopes from "./Scopes.js"

/** An access token of the client credentials flow, with the scopes it was granted for the configured project. */
export interface Token extends Http.Credential {
  readonly value: Redacted.Redacted<string>
  /** Bare scope names (`view_orders`). */
  readonly scopes: ReadonlyArray<string>
  /** The projects the token's scopes name: the configured one, unless the client belongs to another. */
  readonly projects: ReadonlyArray<string>
  readonly expiresAt: number
  /** When to renew it: before it expires, so no request goes out with a token about to lapse. */
  readonly renewAt: number
  /** Increases with each token obtained; tells a stale token from its replacement. */
  readonly serial: number
}

export interface AuthShape {
  /** The shared token, renewed first when it is due. */
  readonly token: Effect.Effect<Token, SourceError>
  /** A replacement for a token the API refused, obtained once however many requests ask. */
  readonly renew: (stale: Token) => Effect.Effect<Token, SourceError>
  /** The scopes granted for the configured project. */
  readonly scopes: Effect.Effect<ReadonlyArray<string>, SourceError>
}

export interface AuthOptions {
  readonly retry?: Http.RetryPolicy
  /** Token requests started per second at most (default 2). */
  readonly tokenRequestsPerSecond?: number
  readonly timeout?: Duration.DurationInput
}

const TokenResponse = Schema.Struct({
  access_token: Schema.Redacted(Schema.NonEmptyString),
  expires_in: Schema.Number.pipe(Schema.positive()),
  scope: Schema.optionalWith(Schema.String, { default: () => "" }),
  token_type: Schema.optional(Schema.String)
})
const decodeTokenResponse = Schema.decodeUnknownEither(TokenResponse)

/** Renew before expiry by the official SDK's five minutes, or a tenth of the lifetime when that is shorter. */
export const renewalMargin = (lifetimeMs: number): number => Math.min(5 * 60_000, lifetimeMs / 10)

type Obtained = readonly [Either.Either<Token, SourceError>, State]

type State =
  | { readonly _tag: "Empty" }
  | { readonly _tag: "Held"; readonly token: Token }
  | { readonly _tag: "Rejected"; readonly error: SourceError }

const rejected = (status: number, detail: Http.ErrorDetail, tokenUrl: string): SourceError => {
  if (status === 401 || detail.code === "invalid_client") {
    return new SourceError({
      reason: "Auth",
      status,
      message: `commercetools rejected the client credentials (${detail.code ?? "invalid_client"}): check the client ID and secret (CTP_CLIENT_ID, CTP_CLIENT_SECRET) and that the API client belongs to this region`
    })
  }
  if (status === 404) {
    return new SourceError({
      reason: "Auth",
      status,
      message: `no commercetools token endpoint at ${tokenUrl} (404): check the region (CTP_REGION) or CTP_AUTH_URL`
    })
  }
  return new SourceError({
    reason: "Auth",
    status,
    message: `commercetools refused a token (${Http.summary(detail, status)})`
  })
}

/**
 * The error for a client whose scopes are all for other projects: the API refuses every request (403), and the
 * cause is the project key, not a missing scope.
 */
export const foreignProject = (token: Token, projectKey: string): SourceError | undefined =>
  token.scopes.length === 0 && token.projects.length > 0 && !token.projects.includes(projectKey)
    ? new SourceError({
        reason: "NotFound",
        message: `commercetools project '${projectKey}' not found for this API client (its scopes are for ${token.projects.map((key) => `'${key}'`).join(", ")}): check the project key (CTP_PROJECT_KEY)`
      })
    : undefined

export const make = (config: Config, options: AuthOptions = {}) =>
  Effect.gen(function* () {
    const notices = yield* Notices.make
    const { authUrl } = hosts(config)
    const tokenUrl = `${authUrl}/oauth/token`
    const http = yield* Http.make({
      baseUrl: authUrl,
      api: "the commercetools token endpoint",
      source: Notices.source,
      errorBody: ErrorBody.read,
      // Every refusal of the token endpoint is about the credentials or where they are sent.
      explain: ({ status, detail }) => rejected(status, detail, tokenUrl),
      requestsPerSecond: options.tokenRequestsPerSecond ?? 2,
      timeout: options.timeout ?? Duration.seconds(30),
      ...(options.retry !== undefined ? { retry: options.retry } : {})
    })
    const request = HttpClientRequest.post("/oauth/token").pipe(
      HttpClientRequest.basicAuth(config.clientId, config.clientSecret),
      HttpClientRequest.bodyUrlParams({ grant_type: "client_credentials" })
    )
    const ref = yield* SynchronizedRef.make<State>({ _tag: "Empty" })

    const accept = (body: unknown, sentAt: number, serial: number) =>
      Either.match(decodeTokenResponse(body), {
        onLeft: () =>
          Effect.fail(
            new SourceError({
              reason: "Decode",
              message: `the commercetools token endpoint answered with an unexpected body (expected access_token and expires_in)`
            })
          ),
        onRight: (response): Effect.Effect<Token> => {
          const lifetime = response.expires_in * 1000
          const expiresAt = sentAt + lifetime
          return Effect.succeed({
            value: response.access_token,
            scopes: Scopes.parse(response.scope, config.projectKey),
            projects: Scopes.projects(response.scope),
            expiresAt,
            renewAt: expiresAt - renewalMargin(lifetime),
            serial
          })
        }
      })

    const fetchToken = (serial: number): Effect.Effect<Token, SourceError> =>
      Effect.gen(function* () {
        const sentAt = yield* Clock.currentTimeMillis
        const { body } = yield* http.send({ path: "/oauth/token" }, request)
        return yield* accept(body, sentAt, serial)
      })

    const renewal = (state: State, now: number): Effect.Effect<Obtained, SourceError> => {
      const serial = state._tag === "Held" ? state.token.serial + 1 : 1
      return fetchToken(serial).pipe(
        Effect.tap((token) =>
          serial > 1
            ? notices.emit({
                level: "info",
                kind: "renewal",
                message: `renewed the access token (valid for ${Math.round((token.expiresAt - now) / 1000)} s)`
              })
            : Effect.void
        ),
        Effect.map((token): Obtained => [Either.right(token), { _tag: "Held", token }]),
        // Rejected credentials stay rejected: later requests fail at once instead of asking again.
        Effect.catchIf(
          (error) => error.reason === "Auth",
          (error) => Effect.succeed<Obtained>([Either.left(error), { _tag: "Rejected", error }])
        )
      )
    }

    /** Obtains a token unless the one held satisfies `keep`; one at a time, so waiters share one renewal. */
    const obtain = (keep: (held: Token, now: number) => boolean): Effect.Effect<Token, SourceError> =>
      SynchronizedRef.modifyEffect(ref, (state) =>
        Effect.flatMap(Clock.currentTimeMillis, (now): Effect.Effect<Obtained, SourceError> => {
          if (state._tag === "Held" && keep(state.token, now)) {
            return Effect.succeed<Obtained>([Either.right(state.token), state])
          }
          if (state._tag === "Rejected") return Effect.succeed<Obtained>([Either.left(state.error), state])
          return renewal(state, now)
        })
      ).pipe(Effect.flatten)

    const fresh = (held: Token, now: number) => now < held.renewAt

    const token: Effect.Effect<Token, SourceError> = Effect.gen(function* () {
      const state = yield* SynchronizedRef.get(ref)
      if (state._tag === "Held" && fresh(state.token, yield* Clock.currentTimeMillis)) return state.token
      return yield* obtain(fresh)
    }).pipe(Effect.withSpan("Auth.token"))

    const renew = Effect.fn("Auth.renew")(function* (stale: Token) {
      return yield* obtain((held, now) => held.serial !== stale.serial && fresh(held, now))
    })

    return Auth.of({ token, renew, scopes: Effect.map(token, (held) => held.scopes) })
  })

/** The client credentials flow: one cached token shared by every request, renewed before it expires. */
export class Auth extends Context.Tag("@sluice/commercetools/Auth")<Auth, AuthShape>() {
  static readonly layer = (
    config: Config,
    options?: AuthOptions
  ): Layer.Layer<Auth, never, HttpClient.HttpClient> => Layer.scoped(Auth, make(config, options))
}
