/**
 * `npm run test:postgres`: runs the server suites (API, tiles) against PostgreSQL + PostGIS.
 * The test database named by TEST_DATABASE_URL (default lagesbild_test on the local server) is
 * dropped and created anew, migrated and seeded once, then the suites share it.
 */
import { spawnSync } from 'node:child_process'
import { openDatabase } from '../db/client.ts'
import { ensurePostgresDatabase, prepareDatabase } from '../db/testing/test-database.ts'

const url = new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lagesbild_test')
const name = url.pathname.slice(1)
await ensurePostgresDatabase(url, { recreate: true })

const started = Date.now()
const db = await openDatabase({ databaseUrl: url.toString() })
await prepareDatabase(db)
await db.close()
console.log(`[test:postgres] ${name} migrated and seeded in ${Date.now() - started} ms`)

const args = [
  'node_modules/vitest/vitest.mjs',
  'run',
  '--fileParallelism=false',
  'server',
  ...process.argv.slice(2),
]
const run = spawnSync(process.execPath, args, {
  stdio: 'inherit',
  env: { ...process.env, TEST_DATABASE_URL: url.toString() },
})
process.exit(run.status ?? 1)
