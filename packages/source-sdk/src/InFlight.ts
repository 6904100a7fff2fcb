/**
 * The bytes of pages a run holds at once (read but not yet written), bounded by a budget the tables of a run share,
 * so memory does not grow with page or record size. A reader takes its estimate of a page before requesting it and
 * settles on the page's real size once it has it; the engine gives a page's bytes back once it has written it.
 */
import { Effect, FiberRef } from "effect"

/** The default budget: megabytes of response bodies in flight per run. */
export const defaultMegabytes = 16

/** A run's shared budget. */
export interface Budget {
  readonly capacity: number
  /**
   * Waits until `bytes` fit (or nothing is held: a page larger than the whole budget still goes, alone); `admit`
   * runs the moment they are granted, so whoever holds them is known even if the waiter is interrupted right then.
   */
  readonly take: (bytes: number, admit: () => void) => Effect.Effect<void>
  /** Takes `bytes` without waiting: what a page turned out to need beyond its estimate. */
  readonly force: (bytes: number) => void
  readonly give: (bytes: number) => void
  /** Bytes held now (for tests and measurements). */
  readonly held: () => number
}

export const make = (capacity: number): Budget => {
  let used = 0
  const waiting: Array<{ readonly bytes: number; readonly admit: () => void; readonly resume: () => void }> =
    []
  const wake = () => {
    while (waiting.length > 0) {
      const next = waiting[0] as (typeof waiting)[number]
      if (used > 0 && used + next.bytes > capacity) return
      waiting.shift()
      used += next.bytes
      next.admit()
      next.resume()
    }
  }
  return {
    capacity,
    take: (bytes, admit) =>
      Effect.async<void>((resume) => {
        const entry = { bytes, admit, resume: () => resume(Effect.void) }
        waiting.push(entry)
        wake()
        // Interrupted while waiting: leave the queue (once admitted, the bytes are the admitter's to give back).
        return Effect.sync(() => {
          const at = waiting.indexOf(entry)
          if (at >= 0) waiting.splice(at, 1)
        })
      }),
    force: (bytes) => {
      used += bytes
    },
    give: (bytes) => {
      used = Math.max(0, used - bytes)
      wake()
    },
    held: () => used
  }
}

/**
 * One table's share of a run's budget: what it holds is given back when the table ends, however it ends, so a
 * failed table never starves the others.
 */
export interface Ledger {
  readonly take: (bytes: number) => Effect.Effect<void>
  readonly force: (bytes: number) => void
  readonly give: (bytes: number) => void
  /** Gives back everything this ledger still holds. */
  readonly close: () => void
}

export const ledger = (budget: Budget): Ledger => {
  let held = 0
  return {
    take: (bytes) =>
      budget.take(bytes, () => {
        held += bytes
      }),
    force: (bytes) => {
      held += bytes
      budget.force(bytes)
    },
    give: (bytes) => {
      const given = Math.min(held, bytes)
      held -= given
      budget.give(given)
    },
    close: () => {
      budget.give(held)
      held = 0
    }
  }
}

/** The ledger of the table being read; readers outside a sync (tests, tools) find none and are not bounded. */
export const current: FiberRef.FiberRef<Ledger | undefined> = FiberRef.unsafeMake<Ledger | undefined>(
  undefined
)
