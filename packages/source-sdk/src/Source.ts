import { type Context, Effect, Either, Layer, Option, type Schema, type Scope, Stream } from "effect"
import type { DeletionFeed, IdListing } from "./Deletions.js"
import { ConfigError, SourceError } from "./Errors.js"
import * as Http from "./Http.js"
import * as Settings from "./Settings.js"
import { info, type Page, type ReadRequest, type Table, type TableInfo } from "./Table.js"

/** Whether one table is readable with the configured credentials. */
export interface TableCheck {
  readonly table: string
  readonly readable: boolean
  /** The permission the credentials lack, when not readable. */
  readonly missing?: string
  readonly message: string
  /** How deletions of the table reach the warehouse (e.g. "deletion messages", or why reconciliation). */
  readonly deletes?: string
}

/** The answer of `check`: per table, plus warnings (e.g. credentials that can write). */
export interface CheckReport {
  readonly tables: ReadonlyArray<TableCheck>
  readonly warnings: ReadonlyArray<string>
  /** Facts worth knowing that need no action (e.g. how long the source keeps deletion messages). */
  readonly notes?: ReadonlyArray<string>
}

/**
 * The check report of credentials whose permissions are known (e.g. from a `/me` endpoint): a table is readable
 * when any one of its `access` is granted; `writing` lists granted permissions that can change data.
 */
export const permissionReport = (
  tables: ReadonlyArray<TableInfo>,
  granted: ReadonlyArray<string>,
  options: { readonly as?: string; readonly writing?: ReadonlyArray<string> } = {}
): CheckReport => ({
  tables: tables.map((table) =>
    table.access.some((permission) => granted.includes(permission))
      ? { table: table.name, readable: true, message: `readable${options.as ? ` as ${options.as}` : ""}` }
      : {
          table: table.name,
          readable: false,
          ...(table.access[0] !== undefined ? { missing: table.access[0] } : {}),
          message: `the credentials lack ${table.access.join(" or ")}`
        }
  ),
  warnings:
    options.writing !== undefined && options.writing.length > 0
      ? [`the credentials can write (${options.writing.join(", ")}); read-only credentials are enough`]
      : []
})

/** A configured, connected source: its resources live in the scope `connect` ran in. */
export interface Connection {
  /** Reads one of the source's tables (one of `Source.tables`, or the table a source package exports). */
  readonly read: (table: TableInfo, request: ReadRequest) => Stream.Stream<Page, SourceError>
  readonly check: Effect.Effect<CheckReport, SourceError>
  /** A cheap proof that the credentials work (e.g. a token), run once before tables sync. */
  readonly ready: Effect.Effect<void, SourceError>
  /** Which tables the credentials can read (e.g. from a token's scopes), when the source can tell cheaply. */
  readonly readable?: Effect.Effect<ReadonlyArray<TableCheck>, SourceError>
  /** The source's deletion feed, when it has one. */
  readonly deletions?: DeletionFeed<never>
  /** The table's id listing for reconciliation; None when the table cannot be listed. */
  readonly listIds?: (table: TableInfo) => Option.Option<IdListing<never>>
}

/** A local server that serves realistic demo data, for trying a source without an account. */
export interface SandboxOptions {
  /** Rough size of the demo data (for commerce sources: orders). */
  readonly scale?: number
}

export interface Sandbox {
  readonly settings: Settings.Settings
  readonly description: string
}

/** A source as the runner sees it: metadata, settings, and a way to connect. */
export interface Source {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly config: Schema.Schema.AnyNoContext
  readonly settings: ReadonlyArray<Settings.Setting>
  readonly tables: ReadonlyArray<TableInfo>
  readonly connect: (
    settings: Settings.Settings
  ) => Effect.Effect<Connection, ConfigError | SourceError, Scope.Scope>
  readonly sandbox?: (options: SandboxOptions) => Effect.Effect<Sandbox, SourceError, Scope.Scope>
}

/** What a source package defines. `layer` builds the services its tables read with. */
export interface Definition<C, I, R> {
  readonly name: string
  readonly title: string
  readonly description: string
  readonly config: Schema.Schema<C, I>
  readonly tables: ReadonlyArray<Table<R>>
  readonly layer: (config: C) => Layer.Layer<R, ConfigError | SourceError>
  readonly check: Effect.Effect<CheckReport, SourceError, R>
  /**
   * A cheap proof that the credentials work and the account exists (e.g. fetching a token), run once before any
   * table syncs, so bad credentials fail once rather than once per table. Defaults to the HTTP layer's proof
   * (`Http.Credentials`: obtaining the token, or requesting `auth.proveAt`) when the layer provides one.
   */
  readonly ready?: Effect.Effect<void, SourceError, R>
  /**
   * Which tables the credentials can read, without reading them (e.g. from the scopes a token was granted): a
   * sync of every table skips the unreadable ones rather than failing. Defaults to none: every table is tried.
   */
  readonly readable?: Effect.Effect<ReadonlyArray<TableCheck>, SourceError, R>
  readonly sandbox?: (options: SandboxOptions) => Effect.Effect<Sandbox, SourceError, Scope.Scope>
  /** One stream of deletions across the source's tables (see Deletions.ts); tables it does not cover rely on reconciliation. */
  readonly deletions?: DeletionFeed<R>
}

/** Turns a source package's definition into a `Source`: config decoding, layer building and table lookup. */
export const make = <C, I, R>(definition: Definition<C, I, R>): Source => {
  const infos = definition.tables.map((table) => [info(table), table] as const)
  const byInfo = new Map<TableInfo, Table<R>>(infos)
  const byName = new Map(definition.tables.map((table) => [table.name, table]))
  const tableOf = (wanted: TableInfo) => byInfo.get(wanted) ?? byName.get(wanted.name)
  const connect = (values: Settings.Settings) =>
    Effect.gen(function* () {
      const config = yield* Either.match(Settings.load(definition.config, values), {
        onLeft: Effect.fail,
        onRight: Effect.succeed
      })
      const context = yield* Layer.build(definition.layer(config))
      const connection: Connection = {
        read: (wanted, request) => {
          const table = tableOf(wanted)
          return table === undefined
            ? Stream.fail(
                new SourceError({
                  reason: "NotFound",
                  table: wanted.name,
                  message: `${definition.name} has no table ${wanted.name}`
                })
              )
            : // Merge, not replace: the caller's services (e.g. Progress) stay visible inside the read.
              table.read(request).pipe(Stream.provideSomeContext(context))
        },
        check: Effect.provide(definition.check, context),
        ready: Effect.provide(definition.ready ?? Http.proveCredentials, context),
        ...(definition.readable ? { readable: Effect.provide(definition.readable, context) } : {}),
        ...(definition.deletions ? { deletions: provideFeed(definition.deletions, context) } : {}),
        listIds: (wanted) =>
          Option.fromNullable(tableOf(wanted)?.listIds).pipe(
            Option.map((listing) => listing.pipe(Stream.provideSomeContext(context)))
          )
      }
      return connection
    })
  return {
    name: definition.name,
    title: definition.title,
    description: definition.description,
    config: definition.config as Schema.Schema.AnyNoContext,
    settings: Settings.describe(definition.config as Schema.Schema.AnyNoContext),
    tables: infos.map(([table]) => table),
    connect,
    ...(definition.sandbox ? { sandbox: definition.sandbox } : {})
  }
}

/** The feed with the source's services provided; the caller's services (e.g. Progress) stay visible. */
const provideFeed = <R>(feed: DeletionFeed<R>, context: Context.Context<R>): DeletionFeed<never> => ({
  tables: feed.tables,
  coverage: (request) => Effect.provide(feed.coverage(request), context),
  read: (request) => feed.read(request).pipe(Stream.provideSomeContext(context))
})

/** Looks up tables by name; an unknown name fails with the list of valid ones. */
export const selectTables = (
  source: Source,
  names: ReadonlyArray<string> | undefined
): Either.Either<ReadonlyArray<TableInfo>, ConfigError> => {
  if (names === undefined || names.length === 0) return Either.right(source.tables)
  const unknown = names.filter((name) => !source.tables.some((table) => table.name === name))
  if (unknown.length > 0) {
    return Either.left(
      new ConfigError({
        reason: "Invalid",
        fields: unknown,
        message: `unknown table${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} for ${source.name}: expected one of ${source.tables.map((table) => table.name).join(", ")}`
      })
    )
  }
  return Either.right(source.tables.filter((table) => names.includes(table.name)))
}
