import { defineConfig } from "vitest/config"

/** What every package's tests share; a package's `vitest.config.ts` merges its own settings into it. */
export default defineConfig({
  test: {
    // A worker loads Effect and the drivers once for all its files rather than once per file (a third of the
    // suite's CPU time): no test depends on a module of its own, and each file still declares its own fixtures.
    isolate: false,
    // CI runs two packages' suites at once on two cores, beside PostgreSQL: a test of a few hundred requests that
    // takes 1 s on an idle machine has taken over 5 s (Vitest's default) there. A hang still fails, later.
    testTimeout: 30_000,
    hookTimeout: 60_000
  }
})
