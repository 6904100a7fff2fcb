import { dropAbandoned } from "../e2e/support/database.js"

/**
 * Vitest global setup: drops the databases earlier e2e runs left behind when they were stopped before their
 * cleanup (an interrupted CI run, a killed Vitest), which otherwise pile up on the test server.
 */
export default async function setup(): Promise<void> {
  const dropped = await dropAbandoned()
  if (dropped.length > 0) process.stderr.write(`dropped ${dropped.length} abandoned e2e databases\n`)
}
