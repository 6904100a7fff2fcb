import type { Effect, Option, Stream } from "effect"
import type { Position } from "./Cursor.js"
import type { SourceError } from "./Errors.js"
import type { Deletion } from "./Warehouse.js"

/** The name of the deletion feed's own state row (cursor and checkpoint), beside the tables' rows. */
export const feedStateName = "_deletions"

/** A deletion the source reports, for one of its tables. */
export interface SourceDeletion extends Deletion {
  readonly table: string
}

/** A page of a deletion feed in the feed's key order (cursor asc, id asc). */
export interface DeletionPage {
  readonly deletions: ReadonlyArray<SourceDeletion>
  /** After the last feed entry read (entries may be filtered out, so not the last deletion). None: nothing read. */
  readonly position: Option.Option<Position>
  /** The highest cursor value in the page (for settling the feed's cursor). */
  readonly maxSeen: Option.Option<string>
  /** True on the feed's last page. */
  readonly done: boolean
  /** HTTP requests this page took, retries included. */
  readonly requests: number
}

/** Which tables the feed can be trusted for now; for the others, why not (printed by check and sync). */
export interface FeedCoverage {
  readonly covered: ReadonlyArray<string>
  readonly uncovered: ReadonlyArray<{ readonly table: string; readonly reason: string }>
  /**
   * False when reading the feed now would fail or cannot help (e.g. the permission is missing): the engine then
   * does not read it. Default true: a feed read even while its tables are uncovered (e.g. its last read is older
   * than the retention) moves its cursor forward, so it is trusted again from the next run.
   */
  readonly readable?: boolean
}

/** What the engine asks the feed's coverage with. */
export interface CoverageRequest {
  /** The feed's stored cursor: deletions up to it were applied. None: never read. */
  readonly lastRead: Option.Option<string>
  /**
   * True when the feed may spend requests to find out (e.g. fetch project settings): on the first run, on
   * `--reconcile`, and once per reconcile-after period. When false, answer from what costs nothing (e.g. the
   * token's scopes) and take the rest as last seen: a change shows at the next thorough check, and the
   * reconciliation it then triggers catches whatever the feed missed.
   */
  readonly thorough: boolean
}

/** A key-set read of the feed: entries with cursor >= `since`, continuing strictly after `after`. */
export interface FeedRequest {
  readonly since: Option.Option<string>
  readonly after: Option.Option<Position>
}

/** One stream of deletions across a source's tables, read once per run with its own cursor and checkpoint. */
export interface DeletionFeed<R> {
  /** Tables whose deletions the feed can report at all. */
  readonly tables: ReadonlyArray<string>
  /** Whether the feed can be trusted now (permission, feature enabled, retention vs. where it was last read). */
  readonly coverage: (request: CoverageRequest) => Effect.Effect<FeedCoverage, SourceError, R>
  /** Key-set read from `since` (inclusive), resuming after `after`. */
  readonly read: (request: FeedRequest) => Stream.Stream<DeletionPage, SourceError, R>
}

/** Every id the source holds now, in chunks (order free), for reconciliation. */
export type IdListing<R> = Stream.Stream<ReadonlyArray<string>, SourceError, R>

/** A feed that covers nothing: coverage says so for each table, with the reason. */
export const uncoveredAll = (
  tables: ReadonlyArray<string>,
  reason: string,
  options: { readonly readable?: boolean } = {}
): FeedCoverage => ({
  covered: [],
  uncovered: tables.map((table) => ({ table, reason })),
  ...(options.readable !== undefined ? { readable: options.readable } : {})
})
