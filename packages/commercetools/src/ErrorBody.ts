import type { Http } from "@sluice/source-sdk"
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
export const read = (text: string): Http.ErrorDetail =>
  Either.match(decode(text), {
    onLeft: () => ({}),
    onRight: (body) => ({
      code: body.errors?.[0]?.code ?? body.error,
      message: body.message ?? body.error_description ?? body.errors?.[0]?.message
    })
  })
