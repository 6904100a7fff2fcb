import { dropAbandoned } from "../e2e/support/database.js"

/**
 * Vitest global setup: drops the databases earlier e2e runs left behind when they were stopped before their
 * cleanup (an interrupted CI run, a killed Vitest), which otherwise pile up on the test server. Best effort: when
 * the server cannot be reached, the tests that need it say so themselves.
 */
export default async function setup(): Promise<void> {
  try {
    const dropped = await dropAbandoned()
    if (dropped.length > 0) process.stderr.write(`dropped ${dropped.length} abandoned e2e databases\n`)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    process.stderr.write(`could not look for abandoned e2e databases: ${reason}\n`)
  }
}
