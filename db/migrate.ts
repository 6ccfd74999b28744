import { fileURLToPath } from 'node:url'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { drizzle } from 'drizzle-orm/postgres-js'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import postgres from 'postgres'
import type { Database } from './client.ts'

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url))

/** An arbitrary, fixed key so that app processes starting together migrate one at a time. */
const MIGRATION_LOCK = 581_2006_544

/** Applies every pending migration. Safe to call from several processes at once on PostgreSQL. */
export async function migrateDatabase(db: Database): Promise<void> {
  if (db.kind === 'pglite') {
    await migratePglite(db.orm as unknown as PgliteDatabase, { migrationsFolder })
    return
  }
  // Note: an advisory lock is held by a session, so it is taken and released on a client of exactly
  // one connection that also runs the migrations.
  const client = postgres(db.url!, { max: 1, onnotice: () => {} })
  try {
    await client`SELECT pg_advisory_lock(${MIGRATION_LOCK})`
    await migratePostgres(drizzle(client), { migrationsFolder })
  } finally {
    await client`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {})
    await client.end({ timeout: 5 })
  }
}
