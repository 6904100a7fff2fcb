import { type ErrorBody, errorBody } from "./Errors.js"
import { makeRandom, type Random } from "./Random.js"

/**
 * Faults the server injects, drawn from a seeded generator so a run is reproducible: the n-th eligible
 * request gets the same fate for the same plan. Rates are fractions in [0, 1] of eligible requests; they are
 * exclusive (at most one fault per request), in the order drop, 429, 502, 503, 504.
 */
export interface FaultPlan {
  readonly seed?: number
  /** Answer 429 with a `Retry-After` header. */
  readonly rate429?: number
  readonly rate502?: number
  readonly rate503?: number
  readonly rate504?: number
  /** Destroy the socket without answering. */
  readonly dropRate?: number
  /** Seconds sent in `Retry-After` on a 429 (default 1; 0 allowed for fast tests). */
  readonly retryAfterSeconds?: number
  /** Requests beyond this many in flight at once are answered 429. */
  readonly maxConcurrent?: number
  /** Apply the rates to `POST /oauth/token` too (default false: API requests only). */
  readonly tokenFaults?: boolean
  /** Answer 502/503/504 with an HTML body, as infrastructure in front of an API may (default false). */
  readonly nonJsonGatewayErrors?: boolean
}

export type Fault = "drop" | "429" | "502" | "503" | "504"

export interface FaultDecider {
  readonly plan: FaultPlan
  /** Draws the fate of the next eligible request. */
  next(): Fault | undefined
}

export const makeFaultDecider = (plan: FaultPlan = {}): FaultDecider => {
  const random: Random = makeRandom(plan.seed ?? 1)
  const thresholds: ReadonlyArray<readonly [Fault, number]> = [
    ["drop", plan.dropRate ?? 0],
    ["429", plan.rate429 ?? 0],
    ["502", plan.rate502 ?? 0],
    ["503", plan.rate503 ?? 0],
    ["504", plan.rate504 ?? 0]
  ]
  const active = thresholds.some(([, rate]) => rate > 0)
  return {
    plan,
    next: () => {
      if (!active) return undefined
      let u = random.next()
      for (const [fault, rate] of thresholds) {
        if (u < rate) return fault
        u -= rate
      }
      return undefined
    }
  }
}

const gatewayError = (status: 502 | 503 | 504): ErrorBody => {
  switch (status) {
    case 502:
      return errorBody(502, "BadGateway", "Bad Gateway: the upstream service returned an invalid response.")
    case 503:
      return errorBody(
        503,
        "OverCapacity",
        "The service is having trouble handling the load. Please retry later."
      )
    case 504:
      return errorBody(504, "GatewayTimeout", "Gateway Timeout: the upstream service did not answer in time.")
  }
}

/** What the server answers for an injected fault other than a drop: status, body, headers, content type. */
export const faultAnswer = (
  fault: Exclude<Fault, "drop"> | "concurrency",
  plan: FaultPlan
): {
  readonly status: number
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
  readonly type?: string
} => {
  if (fault === "429" || fault === "concurrency") {
    const message = fault === "429" ? "Too many requests." : "Too many concurrent requests."
    return {
      status: 429,
      body: JSON.stringify(errorBody(429, "TooManyRequests", message)),
      headers: { "retry-after": String(plan.retryAfterSeconds ?? 1) }
    }
  }
  const status = Number(fault) as 502 | 503 | 504
  return plan.nonJsonGatewayErrors === true
    ? { status, body: `<html><body><h1>${status}</h1></body></html>`, headers: {}, type: "text/html" }
    : { status, body: JSON.stringify(gatewayError(status)), headers: {} }
}
