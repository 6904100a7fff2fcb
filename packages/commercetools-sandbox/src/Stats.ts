/** One served (or dropped) request, for the bounded log. */
export interface RequestLogEntry {
  readonly seq: number
  readonly method: string
  readonly path: string
  /** The raw query string without `?`. */
  readonly query: string
  /** HTTP status answered; 0 when the connection was dropped without an answer. */
  readonly status: number
  /** The injected fault, if any. */
  readonly fault?: string
  readonly durationMs: number
  /** Bytes of the answer's body (its content-length). */
  readonly bytes: number
}

/** Counters the server keeps; tests read them to assert how a client behaved. */
export interface RequestStats {
  /** Every request received. */
  total: number
  tokenRequests: number
  /** Requests to `/{projectKey}/...`. */
  apiRequests: number
  /** List requests per resource path (`orders`, `product-projections`, ...). */
  listRequests: Record<string, number>
  /** Get-by-id (or key) requests per resource path. */
  getRequests: Record<string, number>
  /** Answers per HTTP status (`"200"`, `"429"`, ...; `"0"` for dropped). */
  byStatus: Record<string, number>
  /** Injected faults by kind; `concurrency` counts 429s from `maxConcurrent`. */
  faults: { drop: number; "429": number; "502": number; "503": number; "504": number; concurrency: number }
  /** Bytes of answer bodies per request kind (`list`, `graphql`, `token`, ...): what a client downloaded. */
  responseBytes: Record<string, number>
  /** Largest `limit` / `offset` a list request asked for (as sent, even when rejected). */
  maxLimit: number
  maxOffset: number
  inFlight: number
  maxInFlight: number
  /** The most recent requests, oldest first (bounded). */
  recent: Array<RequestLogEntry>
}

export const RECENT_LOG_SIZE = 2000

export const emptyStats = (): RequestStats => ({
  total: 0,
  tokenRequests: 0,
  apiRequests: 0,
  listRequests: {},
  getRequests: {},
  byStatus: {},
  faults: { drop: 0, "429": 0, "502": 0, "503": 0, "504": 0, concurrency: 0 },
  responseBytes: {},
  maxLimit: 0,
  maxOffset: 0,
  inFlight: 0,
  maxInFlight: 0,
  recent: []
})

export const recordEntry = (stats: RequestStats, kind: string, entry: RequestLogEntry): void => {
  const key = String(entry.status)
  stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1
  stats.responseBytes[kind] = (stats.responseBytes[kind] ?? 0) + entry.bytes
  stats.recent.push(entry)
  if (stats.recent.length > RECENT_LOG_SIZE) stats.recent.splice(0, stats.recent.length - RECENT_LOG_SIZE)
}

/** Parses a numeric query value for statistics only (validation happens in the query parser). */
const observedInt = (raw: string | null): number | undefined => {
  if (raw === null) return undefined
  const n = Number(raw)
  return Number.isFinite(n) ? n : undefined
}

/** Counts an arriving request: by kind, list and get requests per resource path, the largest limit and offset. */
export const countArrival = (
  stats: RequestStats,
  arrival: {
    readonly kind: string
    readonly segments: ReadonlyArray<string>
    readonly resource: string | undefined
    readonly query: URLSearchParams
  }
): void => {
  const { kind, resource, query } = arrival
  stats.total++
  stats.inFlight++
  stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight)
  if (kind === "token") stats.tokenRequests++
  else if (arrival.segments[0] !== "oauth") stats.apiRequests++
  if (kind === "list" && resource !== undefined) {
    stats.listRequests[resource] = (stats.listRequests[resource] ?? 0) + 1
    const limit = observedInt(query.get("limit"))
    const offset = observedInt(query.get("offset"))
    if (limit !== undefined) stats.maxLimit = Math.max(stats.maxLimit, limit)
    if (offset !== undefined) stats.maxOffset = Math.max(stats.maxOffset, offset)
  } else if (kind === "get" && resource !== undefined) {
    stats.getRequests[resource] = (stats.getRequests[resource] ?? 0) + 1
  }
}
