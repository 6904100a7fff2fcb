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
