import { RESOURCES, type ResourceRecord, type RunningServer } from "../../src/sandbox/index.js"
import type { ResourceTable } from "../../src/tables/ResourceTable.js"

/** The records the server serves for a table's endpoint (a product projection only when published). */
export const servedBy = (server: RunningServer, table: ResourceTable): ReadonlyArray<ResourceRecord> => {
  const resource = RESOURCES.find((candidate) => candidate.path === table.endpoint.path)
  if (resource === undefined) throw new Error(`the server has no ${table.endpoint.path}`)
  const view = resource.view?.(false)
  return server.store.all(resource.type).filter((record) => view === undefined || view(record) !== undefined)
}

/** `id#version` of each record, sorted: what a complete read must return. */
export const versions = (records: ReadonlyArray<Readonly<Record<string, unknown>>>): ReadonlyArray<string> =>
  records.map((record) => `${String(record.id)}#${String(record.version)}`).sort()
