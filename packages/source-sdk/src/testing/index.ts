export * as Checks from "./Checks.js"
export {
  ConformanceFailure,
  type MemoryRun,
  readAll,
  rowKeys,
  type Subject,
  type SyncRun,
  syncWith
} from "./Checks.js"
export { type ConformanceOptions, conformance, runCheck } from "./Conformance.js"
export * as DeletionChecks from "./DeletionChecks.js"
export { acquire, type Harness, type HarnessInput, SourceHarness } from "./Harness.js"
