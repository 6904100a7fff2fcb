import type { ResourceRecord, RunningServer } from "@sluice/commercetools-sandbox"
import type { ResourceTable } from "../../src/tables/ResourceTable.js"

/** The records the server serves for a table's endpoint (a product projection only when published). */
export const servedBy = (server: RunningServer, table: ResourceTable): ReadonlyArray<ResourceRecord> =>
  server.served(table.name)

/** `id#version` of each record, sorted: what a complete read must return. */
export const versions = (records: ReadonlyArray<Readonly<Record<string, unknown>>>): ReadonlyArray<string> =>
  records.map((record) => `${String(record.id)}#${String(record.version)}`).sort()
