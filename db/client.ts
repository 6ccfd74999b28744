/**
 * Opens the database: embedded PGlite with PostGIS by default, a PostgreSQL/PostGIS server when a
 * URL is given. Both sit behind one small interface so the rest of the app never asks which.
 */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import type { SQL } from 'drizzle-orm'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { readPgliteBase } from './pglite-base.ts'
import * as schema from './schema.ts'

export type DatabaseKind = 'pglite' | 'postgres'
export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>

export interface Database {
  readonly kind: DatabaseKind
  /** PostgreSQL only: the connection URL, for work that needs a connection of its own. */
  readonly url?: string
  /** The drizzle handle, typed by the shared schema. */
  readonly orm: Orm
  /** Runs a parameterised statement built with drizzle's `sql` template and returns its rows. */
  query<Row = Record<string, unknown>>(statement: SQL): Promise<Row[]>
  /** Runs `work` in one transaction; the handle it gets behaves like this one. */
  transaction<T>(work: (tx: Orm) => Promise<T>): Promise<T>
  close(): Promise<void>
  /** PGlite only: a gzipped copy of the data directory, for test snapshots. */
  dumpSnapshot?(): Promise<Blob>
}

export interface OpenDatabaseOptions {
  /** postgres://… to use a server; otherwise the embedded PGlite. */
  databaseUrl?: string
  /** PGlite data directory; `memory://` or absent keeps it in memory. */
  dataDir?: string
  /**
   * PGlite: start from a snapshot made by `dumpSnapshot`. Without one a new database starts from the
   * prepared copy with PostGIS (`.cache/pglite-base/`) when it exists, else from an empty directory.
   */
  snapshot?: Blob
  /** postgres.js pool size. */
  maxConnections?: number
}

/**
 * Runs a statement on a database or transaction handle and returns its rows. PGlite's driver
 * answers `{rows}`, postgres.js an array; this hides which.
 */
export async function queryRows<Row = Record<string, unknown>>(handle: Orm, statement: SQL): Promise<Row[]> {
  const result = (await handle.execute(statement)) as unknown
  return Array.isArray(result) ? Array.from(result as Row[]) : (result as { rows: Row[] }).rows
}

/** A LIKE/ILIKE pattern that finds `text` anywhere, with its own `%`, `_` and `\\` matched literally. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.maxConnections ?? 10)
  return openPglite(options)
}

async function openPglite(options: OpenDatabaseOptions): Promise<Database> {
  const dataDir = options.dataDir && options.dataDir !== 'memory://' ? options.dataDir : undefined
  if (dataDir) mkdirSync(dataDir, { recursive: true })
  // Note: a new database starts from the prepared copy with PostGIS when there is one (see
  // pglite-base.ts); an existing data directory is opened as it is.
  const isNew = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'))
  const loadDataDir = options.snapshot ?? (isNew ? readPgliteBase() : undefined)
  const client = await PGlite.create({
    dataDir,
    extensions: { postgis },
    ...(loadDataDir ? { loadDataDir } : {}),
  })
  const orm = drizzlePglite(client, { schema }) as unknown as Orm
  return {
    kind: 'pglite',
    orm,
    query: (statement) => queryRows(orm, statement),
    transaction: (work) => orm.transaction(work),
    close: () => client.close(),
    dumpSnapshot: async () => (await client.dumpDataDir('gzip')) as Blob,
  }
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const client = postgres(url, { max, onnotice: () => {}, connection: { application_name: 'lagesbild' } })
  const orm = drizzlePostgres(client, { schema }) as unknown as Orm
  return {
    kind: 'postgres',
    url,
    orm,
    query: (statement) => queryRows(orm, statement),
    transaction: (work) => orm.transaction(work),
    close: () => client.end({ timeout: 5 }),
  }
}
