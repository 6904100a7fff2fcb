export type { ClientConfig, IssuedToken, TokenResponse } from "./Auth.js"
export { TokenAuthority } from "./Auth.js"
export type { DemoDataOptions, DemoDataSummary } from "./DemoData.js"
export { recentEndDate, seedDemoData } from "./DemoData.js"
export type { ErrorBody, ErrorObject } from "./Errors.js"
export { ApiError } from "./Errors.js"
export type { Fault, FaultPlan } from "./Faults.js"
export { executeGraphql, SDL } from "./Graphql.js"
export type { LiveShopActivity, LiveShopOptions } from "./LiveShop.js"
export { startLiveShop } from "./LiveShop.js"
export type { MessageRecord } from "./Messages.js"
export { DELETION_MESSAGES, TYPE_IDS } from "./Messages.js"
export type { Bound, Bounds, FieldType, Literal, ParseOptions, Predicate } from "./Predicate.js"
export { boundsOf, compilePredicate, parsePredicate, parseWhere } from "./Predicate.js"
export type { ProjectSettings } from "./Project.js"
export { defaultProjectSettings, projectResource } from "./Project.js"
export type { QueryParams, QueryResult, QuerySpec, SortKey, View } from "./Query.js"
export { DEFAULT_LIMIT, MAX_FILTERED_TOTAL, MAX_LIMIT, MAX_OFFSET, parseQuery, runQuery } from "./Query.js"
export type { Random } from "./Random.js"
export { makeRandom } from "./Random.js"
export type { ResourceDeclaration, ResourceDef, ResourceKind } from "./Resources.js"
export {
  grants,
  MESSAGES,
  PROJECT_SCOPES,
  resolveResources,
  sandboxScopes,
  servableTables,
  viewScopes
} from "./Resources.js"
export type { SandboxOptions } from "./Sandbox.js"
export { startSandbox } from "./Sandbox.js"
export type { RequestHook, RequestInfo, RequestKind, RunningServer, ServerOptions } from "./Server.js"
export { startServer } from "./Server.js"
export { sourceSandbox } from "./SourceSandbox.js"
export type { RequestLogEntry, RequestStats } from "./Stats.js"
export type { Mutation, ResourceRecord, ResourceType, StoreOptions, Timestamp } from "./Store.js"
export { RESOURCE_TYPES, Store, toIso } from "./Store.js"
