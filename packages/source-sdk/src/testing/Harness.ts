import { Context, Effect, Layer, type Scope } from "effect"
import type { Settings } from "../Settings.js"

/**
 * What a source's tests give the conformance kit: its local server, running.
 * - `settings` connect with good credentials; `badSettings` with wrong ones (the server must reject them).
 * - `touch(table, count)` modifies `count` existing records of a table on the server, bumping their version and
 *   cursor field to now, and returns their ids.
 * - `remove(table, count)` deletes `count` existing records of a table on the server, as the source's users
 *   would (so a deletion feed records it), and returns their ids. Without it the deletion checks are skipped.
 * - `tables` restricts the checks to some tables.
 */
export interface Harness {
  readonly settings: Settings
  readonly badSettings: Settings
  readonly touch: (table: string, count: number) => Effect.Effect<ReadonlyArray<string>, unknown>
  readonly remove?: (table: string, count: number) => Effect.Effect<ReadonlyArray<string>, unknown>
  readonly tables?: ReadonlyArray<string>
}

/** The harness as a service, for harnesses built as a Layer. */
export class SourceHarness extends Context.Tag("@sluice/source-sdk/testing/SourceHarness")<
  SourceHarness,
  Harness
>() {}

/** A harness: an effect that starts the local server in a scope, or a layer that provides it. */
export type HarnessInput<E = unknown> = Effect.Effect<Harness, E, Scope.Scope> | Layer.Layer<SourceHarness, E>

/** Starts the harness in the current scope; it stops when the scope closes. */
export const acquire = <E>(input: HarnessInput<E>): Effect.Effect<Harness, E, Scope.Scope> =>
  isLayer(input)
    ? Layer.build(input).pipe(Effect.map((context) => Context.get(context, SourceHarness)))
    : input

const isLayer = <E>(input: HarnessInput<E>): input is Layer.Layer<SourceHarness, E> => Layer.isLayer(input)

/** Whether the harness lets the kit check this table. */
export const covers = (harness: Harness, table: string): boolean =>
  harness.tables === undefined || harness.tables.includes(table)
