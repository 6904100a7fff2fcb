/** One entry of an error response's `errors` array. */
export interface ErrorObject {
  code: string
  message: string
  [field: string]: unknown
}

/**
 * The API's error body: `{statusCode, message, errors}`; authentication and authorization errors add the
 * OAuth 2.0 fields `error` and `error_description` (AuthErrorResponse).
 */
export interface ErrorBody {
  statusCode: number
  message: string
  errors: Array<ErrorObject>
  error?: string
  error_description?: string
}

/** An error the server answers with: a status, a body and optional headers. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Readonly<Record<string, string>> = {}
  ) {
    super(body.message)
  }
}

export const errorBody = (statusCode: number, code: string, message: string): ErrorBody => ({
  statusCode,
  message,
  errors: [{ code, message }]
})

/** An AuthErrorResponse: the general body plus `error` / `error_description`. */
export const authErrorBody = (statusCode: number, code: string, message: string): ErrorBody => ({
  statusCode,
  message,
  errors: [{ code, message }],
  error: code,
  error_description: message
})

export const invalidInput = (message: string): ApiError =>
  new ApiError(400, errorBody(400, "InvalidInput", message))

/** `Malformed parameter: {name}: {detail}` as the API words a bad query parameter. */
export const malformedParameter = (name: string, detail: string): ApiError =>
  invalidInput(`Malformed parameter: ${name}: ${detail}`)

export const invalidToken = (message = "invalid_token"): ApiError =>
  new ApiError(401, authErrorBody(401, "invalid_token", message))

export const insufficientScope = (scopes: ReadonlyArray<string>): ApiError =>
  new ApiError(
    403,
    authErrorBody(
      403,
      "insufficient_scope",
      `Insufficient scope. One of the following scopes is missing: ${scopes.join(", ")}.`
    )
  )

export const resourceNotFound = (message: string): ApiError =>
  new ApiError(404, errorBody(404, "ResourceNotFound", message))
