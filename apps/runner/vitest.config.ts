import { defineConfig, mergeConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

// The tests that start the runner as a process start the built one, built by the global setup if stale.
const globalSetup = ["test/support/build.ts"]

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Most of an e2e file's time is spent waiting on the runner it started and on PostgreSQL: three files at
      // once (each with databases of its own) keep two cores busy.
      maxWorkers: 3,
      minWorkers: 3,
      projects: [
        {
          extends: true,
          test: {
            name: "runner",
            include: ["test/**/*.test.ts"],
            exclude: ["test/e2e/**"],
            // Commands run in-process; a process is started only for a signal, an exit status or start-up.
            globalSetup,
            testTimeout: 60_000,
            hookTimeout: 60_000
          }
        },
        {
          extends: true,
          test: {
            name: "e2e",
            include: ["test/e2e/**/*.test.ts"],
            // Each test syncs a sandbox shop of thousands of records, some several times.
            globalSetup,
            testTimeout: 240_000,
            hookTimeout: 60_000
          }
        }
      ]
    }
  })
)
