import { JsonScan, type RawCheck, RawJson, type RecordRows } from "@sluice/source-sdk"
import { Either, ParseResult, Schema } from "effect"

/** A result as a list endpoint returns it: an object with at least the fields key-set paging reads. */
const Result = Schema.Struct(
  { id: Schema.String, lastModifiedAt: Schema.String },
  Schema.Record({ key: Schema.String, value: Schema.Unknown })
)
type Result = typeof Result.Type

/** The body of a list endpoint (PagedQueryResponse). `total` is absent with `withTotal=false`. */
export const PagedQueryResponse = Schema.Struct({
  limit: Schema.Number,
  offset: Schema.optional(Schema.Number),
  count: Schema.Number,
  total: Schema.optional(Schema.Number),
  results: Schema.Array(Result)
})
export type PagedQueryResponse = typeof PagedQueryResponse.Type

// The envelope is decoded by Schema; its results are only checked (the engine validates each record once, against
// its table's schema), so a page is not copied record by record.
const Envelope = Schema.Struct({ ...PagedQueryResponse.fields, results: Schema.Array(Schema.Unknown) })
const decodeEnvelope = Schema.decodeUnknownEither(Envelope, { errors: "first" })
const decodeResult = Schema.decodeUnknownEither(Result, { errors: "first" })

const isResult = (value: unknown): value is Result =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { readonly id?: unknown }).id === "string" &&
  typeof (value as { readonly lastModifiedAt?: unknown }).lastModifiedAt === "string"

const problem = (error: ParseResult.ParseError, at: ReadonlyArray<PropertyKey> = []): string => {
  const [issue] = ParseResult.ArrayFormatter.formatErrorSync(error)
  const path = [...at, ...(issue?.path ?? [])]
  return `${path.length === 0 ? "" : `${path.join(".")}: `}${issue?.message ?? "unexpected shape"}`
}

/** Decodes a page; on failure, says what was wrong in one line. */
export const decodePage = (body: unknown): Either.Either<PagedQueryResponse, string> => {
  const envelope = decodeEnvelope(body)
  if (Either.isLeft(envelope)) return Either.left(problem(envelope.left))
  const results = envelope.right.results
  for (let index = 0; index < results.length; index++) {
    if (isResult(results[index])) continue
    const decoded = decodeResult(results[index])
    if (Either.isLeft(decoded)) return Either.left(problem(decoded.left, ["results", index]))
  }
  return Either.right(envelope.right as PagedQueryResponse)
}

/**
 * Decodes a page from its bytes: scanned (records with their nested values raw, see `JsonScan`) when it is a list
 * page whose results all have the fields paging reads; otherwise parsed and decoded as above, for the same
 * one-line explanation (bytes that are not JSON: "not JSON").
 */
export const decodePageBytes = (
  bytes: Buffer,
  checks?: ReadonlyMap<string, RawCheck.FieldCheck>
): Either.Either<PagedQueryResponse, string> => {
  const scanned = JsonScan.scanList(bytes, "results", checks)
  if (scanned !== undefined) {
    const { fields, items } = scanned
    const envelope = decodeEnvelope({ ...fields, results: [] })
    if (Either.isRight(envelope) && items.every(isResult)) {
      return Either.right({ ...envelope.right, results: items } as PagedQueryResponse)
    }
    return decodePage({ ...fields, results: items.map(RawJson.plain) })
  }
  let body: unknown
  try {
    body = JSON.parse(bytes.toString("utf8"))
  } catch {
    return Either.left("not JSON")
  }
  return decodePage(body)
}

/**
 * A page's results as rows of its bytes (see `RecordRows`), when it is a list page with a valid envelope whose
 * every result is a row of `shape` (checked against the table's schema as it is read); otherwise undefined, and the
 * caller decodes the page with `decodePageBytes`, which explains what is wrong.
 */
export const decodePageRows = (bytes: Buffer, shape: RecordRows.Shape): RecordRows.RecordRows | undefined => {
  const scanned = JsonScan.scanRows(bytes, "results", shape)
  if (scanned === undefined) return undefined
  return Either.isRight(decodeEnvelope({ ...scanned.fields, results: [] })) ? scanned.rows : undefined
}
