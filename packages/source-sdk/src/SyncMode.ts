import { Schema } from "effect"

/** How a sync reads: only what changed since the stored cursor, or everything. */
export type ReadStrategy = "incremental" | "full"

/** How a sync writes: upsert by primary key, keep every new version, or replace the table atomically. */
export type WriteDisposition = "merge" | "append" | "replace"

export const SyncModeName = Schema.Literal("incremental", "full_refresh", "append")
export type SyncModeName = typeof SyncModeName.Type

/** A sync mode a user picks is a read strategy times a write disposition. */
export interface SyncMode {
  readonly name: SyncModeName
  readonly read: ReadStrategy
  readonly write: WriteDisposition
  readonly summary: string
}

/** Incremental read, merged by primary key; the first run is a full import. */
export const incremental: SyncMode = {
  name: "incremental",
  read: "incremental",
  write: "merge",
  summary: "reads what changed since the last sync and upserts it by primary key"
}

/** Full read, replacing the table atomically when the read completes. */
export const fullRefresh: SyncMode = {
  name: "full_refresh",
  read: "full",
  write: "replace",
  summary: "reads every record and swaps the table in atomically when the read completes"
}

/** Incremental read, appending each new (id, version) once; nothing is ever updated or deleted. */
export const append: SyncMode = {
  name: "append",
  read: "incremental",
  write: "append",
  summary: "reads what changed since the last sync and keeps every new version as its own row"
}

export const all: ReadonlyArray<SyncMode> = [incremental, fullRefresh, append]

export const byName = (name: SyncModeName): SyncMode =>
  name === "incremental" ? incremental : name === "full_refresh" ? fullRefresh : append
