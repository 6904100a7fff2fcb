import { Either, Schema } from "effect"

/**
 * An error response: `{statusCode, message, errors: [{code, message}]}`; the OAuth endpoints and 401/403
 * answers add `error` and `error_description`.
 */
export const ErrorBody = Schema.Struct({
  statusCode: Schema.optional(Schema.Number),
  message: Schema.optional(Schema.String),
  errors: Schema.optional(
    Schema.Array(Schema.Struct({ code: Schema.String, message: Schema.optional(Schema.String) }))
  ),
  error: Schema.optional(Schema.String),
  error_description: Schema.optional(Schema.String)
})
export type ErrorBody = typeof ErrorBody.Type

const decode = Schema.decodeUnknownEither(Schema.parseJson(ErrorBody))

/** What an error body says, read leniently: gateways in front of the API may answer with HTML or nothing. */
export interface ErrorDetail {
  /** The first error code (`invalid_token`, `InvalidInput`, ...), or the OAuth `error`. */
  readonly code: string | undefined
  readonly message: string | undefined
}

export const read = (text: string): ErrorDetail =>
  Either.match(decode(text), {
    onLeft: () => ({ code: undefined, message: undefined }),
    onRight: (body) => ({
      code: body.errors?.[0]?.code ?? body.error,
      message: body.message ?? body.error_description ?? body.errors?.[0]?.message
    })
  })

/** `(code) message`, shortened for one line. */
export const summary = (detail: ErrorDetail, status: number): string => {
  const code = detail.code === undefined ? `${status}` : `${status} ${detail.code}`
  const message = detail.message === undefined ? "" : `: ${oneLine(detail.message)}`
  return `${code}${message}`
}

const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, " ").trim()
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat
}
