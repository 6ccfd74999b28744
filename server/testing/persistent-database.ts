/**
 * Test helper: a test database that survives being closed and opened again, as a server restart
 * does. On PostgreSQL (`npm run test:postgres`) that is the shared test database itself; on PGlite it
 * is a copy of the prepared snapshot in a data directory of its own, removed by `dispose`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Database, openDatabase } from '../../db/client.ts'
import { ensurePgliteSnapshot, openTestDatabase } from '../../db/testing/test-database.ts'

export interface PersistentTestDatabase {
  db: Database
  /** Opens the same database again (after `db.close()`). */
  reopen(): Promise<Database>
  dispose(): void
}

export async function openPersistentTestDatabase(): Promise<PersistentTestDatabase> {
  if (process.env.TEST_DATABASE_URL) {
    const db = await openTestDatabase()
    return { db, reopen: openTestDatabase, dispose: () => {} }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-restart-'))
  const snapshot = new Blob([readFileSync(await ensurePgliteSnapshot())])
  return {
    db: await openDatabase({ dataDir, snapshot }),
    reopen: () => openDatabase({ dataDir }),
    dispose: () => rmSync(dataDir, { recursive: true, force: true }),
  }
}
