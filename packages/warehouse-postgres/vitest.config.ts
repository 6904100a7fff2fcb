import { defineConfig, mergeConfig } from "vitest/config"
import shared from "../../vitest.shared.js"

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // Two files at once: the restart and lock tests mostly wait (on a cluster restart, on a child process).
      maxWorkers: 2,
      minWorkers: 2
    }
  })
)
