import { Option, Schema } from "effect"
import { Position } from "./Cursor.js"
import { SyncModeName } from "./SyncMode.js"

/** How far one slice of a read has got: after a position, or finished. */
export const SliceProgress = Schema.Union(
  Schema.TaggedStruct("After", { position: Position }),
  Schema.TaggedStruct("Done", {})
)
export type SliceProgress = typeof SliceProgress.Type

/**
 * Where an interrupted read resumes. Written in the same transaction as the page it follows, so data and
 * checkpoint always agree. `since` and `readStartedAt` are fixed for the run: a resumed run reads the same range.
 */
export const Checkpoint = Schema.Struct({
  mode: SyncModeName,
  readStartedAt: Schema.String,
  since: Schema.optional(Schema.String),
  slices: Schema.Record({ key: Schema.String, value: SliceProgress }),
  maxSeen: Schema.optional(Schema.String),
  rows: Schema.Number,
  pages: Schema.Number
})
export type Checkpoint = typeof Checkpoint.Type

export const start = (options: {
  readonly mode: SyncModeName
  readonly readStartedAt: string
  readonly since: Option.Option<string>
}): Checkpoint => ({
  mode: options.mode,
  readStartedAt: options.readStartedAt,
  ...(Option.isSome(options.since) ? { since: options.since.value } : {}),
  slices: {},
  rows: 0,
  pages: 0
})

/** The checkpoint after one more page of `slice`. */
export const advance = (
  checkpoint: Checkpoint,
  page: {
    readonly slice: string
    readonly position: Option.Option<Position>
    readonly done: boolean
    readonly records: number
    readonly maxSeen: Option.Option<string>
  }
): Checkpoint => {
  const previous = checkpoint.slices[page.slice]
  const progress: SliceProgress | undefined = page.done
    ? { _tag: "Done" }
    : Option.isSome(page.position)
      ? { _tag: "After", position: page.position.value }
      : previous
  const maxSeen = Option.getOrUndefined(
    Option.isNone(page.maxSeen)
      ? Option.fromNullable(checkpoint.maxSeen)
      : checkpoint.maxSeen !== undefined && checkpoint.maxSeen > page.maxSeen.value
        ? Option.some(checkpoint.maxSeen)
        : page.maxSeen
  )
  return {
    ...checkpoint,
    slices: progress === undefined ? checkpoint.slices : { ...checkpoint.slices, [page.slice]: progress },
    ...(maxSeen !== undefined ? { maxSeen } : {}),
    rows: checkpoint.rows + page.records,
    pages: checkpoint.pages + 1
  }
}
