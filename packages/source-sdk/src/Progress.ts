import { Context, Effect, Layer } from "effect"
import type { TableResult } from "./Engine.js"
import type { SyncModeName } from "./SyncMode.js"

/** What a sync reports as it goes. One JSON object per event with `--json`. */
export type SyncEvent =
  | {
      readonly _tag: "TableStarted"
      readonly source: string
      readonly table: string
      readonly mode: SyncModeName
      readonly resumed: boolean
      readonly since?: string
    }
  | {
      readonly _tag: "PageWritten"
      readonly source: string
      readonly table: string
      readonly slice: string
      readonly records: number
      readonly inserted: number
      readonly updated: number
      readonly unchanged: number
      readonly rows: number
      readonly pages: number
      readonly requests: number
      readonly elapsedMs: number
      readonly rowsPerSecond: number
    }
  | ({
      readonly _tag: "TableSynced"
      readonly source: string
      readonly rowsPerSecond: number
    } & TableResult)
  | {
      /** A table left out of the run before it started: the mode is unsupported, or the credentials cannot read it. */
      readonly _tag: "TableSkipped"
      readonly source: string
      readonly table: string
      readonly reason: "Mode" | "Access"
      /** For `Access`: the permission the table needs. */
      readonly missing?: string
      readonly message: string
    }
  | {
      readonly _tag: "TableFailed"
      readonly source: string
      readonly table: string
      readonly reason: string
      readonly message: string
    }
  | {
      readonly _tag: "Notice"
      readonly source: string
      readonly table?: string
      readonly level: "info" | "warn"
      /** retry: a request is sent again after a fault; renewal: credentials were refreshed. */
      readonly kind: NoticeKind
      readonly message: string
    }
  | {
      /** A page of the deletion feed was applied, together with the feed's checkpoint. */
      readonly _tag: "DeletionsApplied"
      readonly source: string
      /** Deletions in this page, per table. */
      readonly tables: Readonly<Record<string, number>>
      readonly deletions: number
      readonly marked: number
      readonly purged: number
      /** Running totals of the feed read. */
      readonly pages: number
      readonly requests: number
      readonly done: boolean
    }
  | {
      /** A table the deletion feed does not cover: deletions reach it by reconciliation (or not at all). */
      readonly _tag: "ReliesOnReconciliation"
      readonly source: string
      readonly table: string
      readonly reason: string
      /** reconcile: this run reconciles it; later: not due yet; unlisted: the source cannot list its ids. */
      readonly action: "reconcile" | "later" | "unlisted"
      readonly lastReconciledAt?: string
    }
  | {
      readonly _tag: "TableReconciled"
      readonly source: string
      readonly table: string
      readonly listed: number
      readonly marked: number
      readonly purged: number
      /** The listing's start minus the settle window: rows of records created since are never deleted. */
      readonly listedFrom: string
      readonly durationMs: number
    }
  | {
      /** Rows marked deleted earlier (by soft runs, or before the table's policy was purge) were removed. */
      readonly _tag: "MarkedRowsPurged"
      readonly source: string
      readonly table: string
      readonly purged: number
    }
  | {
      readonly _tag: "DeletionsFailed"
      readonly source: string
      readonly table?: string
      readonly reason: string
      readonly message: string
    }

export type NoticeKind = "retry" | "renewal" | "info"

export interface ProgressShape {
  readonly emit: (event: SyncEvent) => Effect.Effect<void>
}

/** Where sync events go. Sources may emit notices (retries, token renewals) through it too. */
export class Progress extends Context.Tag("@sluice/source-sdk/Progress")<Progress, ProgressShape>() {
  static readonly silent: Layer.Layer<Progress> = Layer.succeed(Progress, { emit: () => Effect.void })
}

/** Emits through the Progress service when one is provided; otherwise does nothing. */
export const emit = (event: SyncEvent): Effect.Effect<void> =>
  Effect.serviceOption(Progress).pipe(
    Effect.flatMap((progress) => (progress._tag === "Some" ? progress.value.emit(event) : Effect.void))
  )
