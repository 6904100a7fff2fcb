import { type RunResult, type SpawnOptions, sync } from "./runner.js"
import type { Shop } from "./shop.js"

export interface KillPoint {
  /** The event that arms the kill, and which one of them (1 = the first). */
  readonly tag: string
  readonly nth: number
  /** From that event to the SIGKILL. */
  readonly delayMs: number
}

/**
 * `sync commercetools --json …`, SIGKILLed `delayMs` after the chosen event. From that event on the shop holds every
 * new request until the kill, so the run cannot finish first however fast the machine: it dies mid-run, writing
 * what it already fetched or waiting on the shop. The held requests are let go once the process is gone.
 */
export const killedSync = async (
  shop: Shop,
  args: ReadonlyArray<string>,
  point: KillPoint,
  options: SpawnOptions
): Promise<RunResult> => {
  let seen = 0
  let armed = false
  let letGo: () => void = () => {}
  const gone = new Promise<void>((resolve) => {
    letGo = resolve
  })
  const stop = shop.server.onRequest(async () => {
    if (armed) await gone
  })
  try {
    return await sync(args, {
      ...options,
      onEvent: (event, child) => {
        options.onEvent?.(event, child)
        if (armed || event._tag !== point.tag || ++seen < point.nth) return
        armed = true
        setTimeout(() => child.kill("SIGKILL"), point.delayMs)
      }
    })
  } finally {
    stop()
    letGo()
  }
}
