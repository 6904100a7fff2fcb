import { describe, expect, it } from "vitest"
import { Retry } from "../src/index.js"

describe("Retry", () => {
  const now = Date.parse("2025-06-01T12:00:00.000Z")

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(Retry.retryAfterMs("0", now)).toBe(0)
    expect(Retry.retryAfterMs("2", now)).toBe(2000)
    expect(Retry.retryAfterMs("Sun, 01 Jun 2025 12:00:03 GMT", now)).toBe(3000)
    expect(Retry.retryAfterMs("Sun, 01 Jun 2025 11:00:00 GMT", now)).toBe(0)
    expect(Retry.retryAfterMs("soon", now)).toBeUndefined()
    expect(Retry.retryAfterMs(undefined, now)).toBeUndefined()
  })

  it("backs off exponentially with jitter, never past the cap, and waits at least Retry-After", () => {
    const policy = Retry.defaultPolicy
    expect(Retry.delayMs(policy, 1, undefined, 0)).toBe(policy.baseDelayMs / 2)
    expect(Retry.delayMs(policy, 1, undefined, 0.999)).toBeLessThanOrEqual(policy.baseDelayMs)
    expect(Retry.delayMs(policy, 3, undefined, 0)).toBe(policy.baseDelayMs * 2)
    expect(Retry.delayMs(policy, 30, undefined, 0.999)).toBeLessThanOrEqual(policy.maxDelayMs)
    expect(Retry.delayMs(policy, 1, 1000, 0)).toBe(1000)
    expect(Retry.delayMs(policy, 1, 1000, 0.5)).toBeGreaterThan(1000)
    expect(Retry.delayMs(policy, 1, 3_600_000, 0)).toBe(policy.maxDelayMs)
  })

  it("retries 429 and the gateway errors, nothing else", () => {
    expect([...Retry.retryableStatuses].sort()).toEqual([429, 502, 503, 504])
  })
})
