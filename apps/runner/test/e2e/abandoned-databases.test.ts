import { spawnSync } from "node:child_process"
import { describe, expect, it } from "vitest"
import { connect, dropAbandoned, serverUrl } from "./support/database.js"

const exists = async (name: string): Promise<boolean> => {
  const admin = await connect(serverUrl)
  try {
    return (await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).length > 0
  } finally {
    await admin.close()
  }
}

const create = async (name: string): Promise<void> => {
  const admin = await connect(serverUrl)
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.close()
  }
}

describe("databases of e2e runs stopped before their cleanup", () => {
  it("are dropped when their test process is gone, and kept while it runs", async () => {
    // The pid of a process that has exited.
    const gone = spawnSync(process.execPath, ["-e", "0"]).pid
    const abandoned = `sluice_e2e_abandoned_${gone}`
    const live = `sluice_e2e_abandoned_${process.pid}`
    await create(abandoned)
    await create(live)
    try {
      expect(await dropAbandoned()).toContain(abandoned)
      expect(await exists(abandoned)).toBe(false)
      expect(await exists(live)).toBe(true)
    } finally {
      const admin = await connect(serverUrl)
      await admin.query(`DROP DATABASE IF EXISTS ${live} WITH (FORCE)`)
      await admin.query(`DROP DATABASE IF EXISTS ${abandoned} WITH (FORCE)`)
      await admin.close()
    }
  })
})
