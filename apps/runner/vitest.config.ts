import { defineConfig, mergeConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // One queue for the in-process tests and test/e2e (two projects would run one after the other).
      include: ["test/**/*.test.ts"],
      // The tests that start the runner as a process start the built one, built here if stale.
      // Databases of earlier runs stopped before their cleanup are dropped first.
      globalSetup: ["test/support/build.ts", "test/support/sweep.ts"],
      // An e2e test syncs a sandbox shop of thousands of records, some several times; commands run in-process
      // (a process is started only for a signal, an exit status or start-up) take seconds.
      testTimeout: 240_000,
      hookTimeout: 60_000,
      // Much of an e2e file's time is spent waiting on the runner it started and on PostgreSQL: four files at
      // once (each with databases of its own) keep two cores busy (3: 107 s, 4: 102 s here). A pool of fixed
      // size: with isolate: false a shrinking pool has ended workers mid-file.
      maxWorkers: 4,
      minWorkers: 4
    }
  })
)
