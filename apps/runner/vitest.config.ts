import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The CLI tests start the real runner (and a sandbox server) as child processes.
    testTimeout: 240_000,
    hookTimeout: 60_000
  }
})
