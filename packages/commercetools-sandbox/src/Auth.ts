import { randomBytes, timingSafeEqual } from "node:crypto"
import { ApiError, authErrorBody, invalidToken } from "./Errors.js"
import { grants } from "./Resources.js"

/** An API client the sandbox accepts: credentials and the scopes it was created with (bare or `:projectKey`). */
export interface ClientConfig {
  readonly clientId: string
  readonly clientSecret: string
  readonly scopes: ReadonlyArray<string>
}

export interface IssuedToken {
  readonly accessToken: string
  readonly clientId: string
  /** Bare scope names (`view_orders`). */
  readonly scopes: ReadonlySet<string>
  readonly expiresAt: number
}

/** The body of a successful `POST /oauth/token`. */
export interface TokenResponse {
  access_token: string
  token_type: "Bearer"
  expires_in: number
  scope: string
}

const INVALID_CLIENT = "Please provide valid client credentials using HTTP Basic Authentication."

const invalidClient = (): ApiError => new ApiError(401, authErrorBody(401, "invalid_client", INVALID_CLIENT))

const oauthError = (status: number, code: string, message: string): ApiError =>
  new ApiError(status, authErrorBody(status, code, message))

const SCOPE = /^([a-z_]+):([A-Za-z0-9_-]+)$/

const safeEqual = (a: string, b: string): boolean => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

const decodeComponent = (value: string): string => {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "))
  } catch {
    return value
  }
}

/** Issues and checks opaque bearer tokens for the configured clients of one project. */
export class TokenAuthority {
  private readonly tokens = new Map<string, IssuedToken>()

  constructor(
    private readonly projectKey: string,
    private readonly clients: ReadonlyArray<ClientConfig>,
    private readonly lifetimeSeconds: number
  ) {}

  private bareScopes(client: ClientConfig): Set<string> {
    const suffix = `:${this.projectKey}`
    return new Set(client.scopes.map((s) => (s.endsWith(suffix) ? s.slice(0, -suffix.length) : s)))
  }

  /** Authenticates an `Authorization: Basic` header; throws 401 invalid_client. */
  authenticate(header: string | undefined): ClientConfig {
    if (header === undefined || !/^basic\s+/i.test(header)) throw invalidClient()
    const decoded = Buffer.from(header.replace(/^basic\s+/i, "").trim(), "base64").toString("utf8")
    const colon = decoded.indexOf(":")
    if (colon < 0) throw invalidClient()
    const clientId = decodeComponent(decoded.slice(0, colon))
    const secret = decodeComponent(decoded.slice(colon + 1))
    const client = this.clients.find((c) => c.clientId === clientId)
    if (client === undefined || !safeEqual(client.clientSecret, secret)) throw invalidClient()
    return client
  }

  /** Handles a client credentials grant: `params` holds the form body and query parameters merged. */
  issue(authorization: string | undefined, params: URLSearchParams, now = Date.now()): TokenResponse {
    const client = this.authenticate(authorization)
    const grantType = params.get("grant_type")
    if (grantType === null || grantType === "") {
      throw oauthError(400, "invalid_request", "Missing required parameter: grant_type.")
    }
    if (grantType !== "client_credentials") {
      throw oauthError(
        400,
        "unsupported_grant_type",
        `Invalid parameter: grant_type: Invalid grant type: ${grantType}`
      )
    }
    const allowed = this.bareScopes(client)
    let granted = allowed
    const requested = params.get("scope")
    if (requested !== null && requested.trim() !== "") {
      const wanted = new Set<string>()
      for (const scope of requested.trim().split(/\s+/)) {
        const match = SCOPE.exec(scope)
        if (match === null || match[2] !== this.projectKey) {
          throw oauthError(400, "invalid_scope", "Malformed parameter: scope: Invalid scope.")
        }
        wanted.add(match[1] as string)
      }
      const exceeded = [...wanted].filter((s) => !grants(allowed, s))
      if (exceeded.length > 0) {
        throw oauthError(
          400,
          "invalid_scope",
          `Permissions exceeded. Only the following permissions can be requested: ${[...allowed].join(", ")}`
        )
      }
      granted = wanted
    }
    const accessToken = randomBytes(24).toString("base64url")
    this.tokens.set(accessToken, {
      accessToken,
      clientId: client.clientId,
      scopes: granted,
      expiresAt: now + this.lifetimeSeconds * 1000
    })
    return {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: Math.round(this.lifetimeSeconds),
      scope: [...granted].map((s) => `${s}:${this.projectKey}`).join(" ")
    }
  }

  /** Checks an `Authorization: Bearer` header; throws 401 invalid_token when missing, unknown or expired. */
  verify(header: string | undefined, now = Date.now()): IssuedToken {
    if (header === undefined || !/^bearer\s+/i.test(header)) {
      throw invalidToken(
        "This endpoint requires an access token. You can get one from the authorization server."
      )
    }
    const token = this.tokens.get(header.replace(/^bearer\s+/i, "").trim())
    if (token === undefined) throw invalidToken()
    if (token.expiresAt <= now) {
      this.tokens.delete(token.accessToken)
      throw invalidToken()
    }
    return token
  }

  /** Expires every issued token now (tests: force a refresh). */
  revokeAll(): void {
    this.tokens.clear()
  }
}
