import { defineConfig } from "vitest/config"

// The tests that start the runner as a process start the built one, built by the global setup if stale.
const globalSetup = ["test/support/build.ts"]

export default defineConfig({
  test: {
    projects: [
      {
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
