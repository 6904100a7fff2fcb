import { rmSync } from "node:fs"
import { PostgresWarehouse, WarehouseSql } from "@sluice/warehouse-postgres"
import { Context, Effect, Exit, Layer, Redacted, Scope } from "effect"
import { key } from "./shop.js"

/** The PostgreSQL server the e2e suite uses (trust auth); override with E2E_DATABASE_URL. */
export const serverUrl = process.env.E2E_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"

type Row = Readonly<Record<string, unknown>>

export interface Sql {
  readonly query: (sql: string, params?: ReadonlyArray<unknown>) => Promise<ReadonlyArray<Row>>
  readonly close: () => Promise<void>
}

/** A connection (through the warehouse package's reader, postgres.js) to run plain SQL on. */
export const connect = (url: string): Promise<Sql> => open({ url: Redacted.make(url) })

/** A connection to the warehouse the options name (a URL, or an embedded PGlite data directory). */
const open = async (options: PostgresWarehouse.Options): Promise<Sql> => {
  const scope = Effect.runSync(Scope.make())
  const context = await Effect.runPromise(Layer.buildWithScope(PostgresWarehouse.layer(options), scope))
  const sql = Context.get(context, WarehouseSql)
  return {
    query: (text, params) => Effect.runPromise(sql.query(text, params)),
    close: () => Effect.runPromise(Scope.close(scope, Exit.void))
  }
}

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

export interface Database {
  readonly name: string
  /** postgres://postgres@127.0.0.1:5432/sluice_e2e_<name>_<pid> */
  readonly url: string
  /** The same database, with a password in the URL (trust auth ignores it). */
  readonly urlWithPassword: (password: string) => string
  readonly sql: Sql
  /** Closes the connection and drops the database. */
  readonly drop: () => Promise<void>
}

/**
 * A new, empty database `sluice_e2e_<name>_<pid>` on the test server (an old one of that name is dropped first): the
 * test process's pid keeps files running at once, and runs in other clones, apart. Commits skip the WAL flush
 * (`synchronous_commit = off`): the suite kills runners, never the server, and a commit is visible all the same.
 */
export const freshDatabase = async (name: string): Promise<Database> => {
  const database = `sluice_e2e_${name.replace(/[^a-z0-9_]/gi, "_").toLowerCase()}_${process.pid}`
  const admin = await connect(serverUrl)
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
    await admin.query(`CREATE DATABASE ${database}`)
    await admin.query(`ALTER DATABASE ${database} SET synchronous_commit = off`)
  } finally {
    await admin.close()
  }
  const url = withDatabase(serverUrl, database)
  const sql = await connect(url)
  return {
    name: database,
    url,
    urlWithPassword: (password) => {
      const parsed = new URL(url)
      parsed.password = password
      return parsed.toString()
    },
    sql,
    drop: async () => {
      await sql.close()
      const again = await connect(serverUrl)
      try {
        await again.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
      } finally {
        await again.close()
      }
    }
  }
}

/** Whether a process with this pid runs on this machine (one we may not signal runs too). */
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Drops the databases `freshDatabase` made for test processes that are no longer running (a run stopped before its
 * cleanup); their names end in the pid. Only on a server of this machine, whose pids these are. The names dropped.
 */
export const dropAbandoned = async (): Promise<ReadonlyArray<string>> => {
  if (!["127.0.0.1", "localhost", "[::1]"].includes(new URL(serverUrl).hostname)) return []
  const admin = await connect(serverUrl)
  try {
    const rows = await admin.query(
      String.raw`SELECT datname FROM pg_database WHERE datname LIKE 'sluice\_e2e\_%'`
    )
    const abandoned = rows
      .map((row) => String(row.datname))
      .filter((name) => {
        const pid = Number(/_(\d+)$/.exec(name)?.[1])
        return Number.isSafeInteger(pid) && pid > 0 && !running(pid)
      })
    for (const name of abandoned) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    return abandoned
  } finally {
    await admin.close()
  }
}

/**
 * The embedded PGlite warehouse in `dataDir` (as the runner opens it with SLUICE_DATA_DIR), opened in this process:
 * only while no runner holds it. `drop` closes it and removes the directory.
 */
export const openDataDir = async (dataDir: string): Promise<Database> => {
  const sql = await open({ dataDir })
  return {
    name: dataDir,
    url: "",
    urlWithPassword: () => "",
    sql,
    drop: async () => {
      await sql.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}

/** True when the table exists in the warehouse. */
export const tableExists = async (
  db: Database,
  table: string,
  schema = "commercetools"
): Promise<boolean> => {
  const rows = await db.sql.query("SELECT to_regclass($1)::text AS name", [`${schema}.${table}`])
  return rows[0]?.name != null
}

/** `select id, version from commercetools.<table>` (or another schema) as a list of `id:version` (duplicates kept). */
export const warehouseRowList = async (
  db: Database,
  table: string,
  schema = "commercetools"
): Promise<ReadonlyArray<string>> => {
  if (!(await tableExists(db, table, schema))) return []
  const rows = await db.sql.query(`SELECT id, version::text AS version FROM ${schema}.${table}`)
  return rows.map((row) => key(row.id, row.version))
}

/** The live rows of a table (`_deleted_at IS NULL`: the record exists in the source) as a set of `id:version`. */
export const liveRows = async (db: Database, table: string): Promise<Set<string>> => {
  if (!(await tableExists(db, table))) return new Set()
  const rows = await db.sql.query(
    `SELECT id, version::text AS version FROM commercetools.${table} WHERE _deleted_at IS NULL`
  )
  const list = rows.map((row) => key(row.id, row.version))
  const set = new Set(list)
  if (set.size !== list.length) throw new Error(`${table}: ${list.length - set.size} duplicate live rows`)
  return set
}

/** The ids of a table's live rows (`_deleted_at IS NULL`). */
export const liveIds = async (db: Database, table: string): Promise<Set<string>> => {
  if (!(await tableExists(db, table))) return new Set()
  const rows = await db.sql.query(`SELECT DISTINCT id FROM commercetools.${table} WHERE _deleted_at IS NULL`)
  return new Set(rows.map((row) => String(row.id)))
}

/** The ids of a table's rows marked deleted (`_deleted_at` set). */
export const deletedIds = async (db: Database, table: string): Promise<Set<string>> => {
  if (!(await tableExists(db, table))) return new Set()
  const rows = await db.sql.query(`SELECT id FROM commercetools.${table} WHERE _deleted_at IS NOT NULL`)
  return new Set(rows.map((row) => String(row.id)))
}

/** The ids of every row of a table, marked deleted or not. */
export const storedIds = async (db: Database, table: string): Promise<Set<string>> => {
  if (!(await tableExists(db, table))) return new Set()
  const rows = await db.sql.query(`SELECT DISTINCT id FROM commercetools.${table}`)
  return new Set(rows.map((row) => String(row.id)))
}

/** The warehouse's rows of a table as a set of `id:version`; fails when a row is there twice. */
export const warehouseRows = async (db: Database, table: string): Promise<Set<string>> => {
  const list = await warehouseRowList(db, table)
  const set = new Set(list)
  if (set.size !== list.length)
    throw new Error(`${table}: ${list.length - set.size} duplicate (id, version) rows`)
  return set
}

/** What differs between two row sets, for readable assertion failures: at most a few of each. */
export const difference = (
  expected: ReadonlySet<string>,
  actual: ReadonlySet<string>
): {
  readonly missing: ReadonlyArray<string>
  readonly extra: ReadonlyArray<string>
  readonly counts: string
} => {
  const missing = [...expected].filter((row) => !actual.has(row))
  const extra = [...actual].filter((row) => !expected.has(row))
  return {
    missing: missing.slice(0, 5),
    extra: extra.slice(0, 5),
    counts: `expected ${expected.size}, got ${actual.size}, missing ${missing.length}, extra ${extra.length}`
  }
}

/**
 * A snapshot of everything in the warehouse's source schema (rows per table and the sync state), to compare;
 * `ignoreState` names state rows left out (e.g. `_deletions`, the deletion feed's).
 */
export const snapshot = async (db: Database, ignoreState: ReadonlyArray<string> = []): Promise<string> => {
  const tables = await db.sql.query(
    "SELECT n.nspname AS schema, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN ('commercetools', 'commercetools__shadow') AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1, 2"
  )
  const parts: Array<string> = []
  for (const { schema, name } of tables) {
    if (name === "_sync_state") {
      const state = await db.sql.query(
        `SELECT "table", mode, cursor, checkpoint::text AS checkpoint, last_started_at::text AS started, last_completed_at::text AS completed FROM commercetools._sync_state WHERE NOT ("table" = ANY($1)) ORDER BY "table"`,
        [ignoreState]
      )
      parts.push(`_sync_state ${JSON.stringify(state)}`)
    } else {
      const rows = await warehouseRowList(db, String(name), String(schema))
      parts.push(`${String(schema)}.${String(name)} ${rows.length} rows, hash ${hash([...rows].sort())}`)
    }
  }
  return parts.join("\n")
}

const hash = (rows: ReadonlyArray<string>): number => {
  let h = 0
  for (const row of rows) for (let i = 0; i < row.length; i++) h = (Math.imul(h, 31) + row.charCodeAt(i)) | 0
  return h
}
