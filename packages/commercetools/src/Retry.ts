/** When and how long to wait before retrying a request that failed in a way worth retrying. */
export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number
  /** The first backoff; it doubles on each further attempt. */
  readonly baseDelayMs: number
  /** No backoff, nor any `Retry-After`, is waited longer than this. */
  readonly maxDelayMs: number
}

export const defaultPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 20_000 }

/** Statuses commercetools (or the infrastructure before it) answers when trying again later can succeed. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 502, 503, 504])

/**
 * The wait a `Retry-After` header asks for, in milliseconds: delta-seconds or an HTTP date.
 * Undefined when absent or unreadable.
 */
export const retryAfterMs = (header: string | undefined, nowMs: number): number | undefined => {
  if (header === undefined) return undefined
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs)
}

/**
 * How long to wait before attempt `attempt + 1` (`attempt` counts from 1). Exponential backoff with jitter (half
 * fixed, half random, so concurrent slices do not retry in step); a `Retry-After` is a floor, plus a little jitter.
 * `random` is in [0, 1).
 */
export const delayMs = (
  policy: RetryPolicy,
  attempt: number,
  retryAfter: number | undefined,
  random: number
): number => {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1))
  const jittered = backoff / 2 + (random * backoff) / 2
  const wait = retryAfter === undefined ? jittered : retryAfter + random * Math.min(policy.baseDelayMs, 250)
  return Math.round(Math.min(policy.maxDelayMs, wait))
}
