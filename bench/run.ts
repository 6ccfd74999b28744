/**
 * `npm run bench`: every benchmark, each compared with a baseline measured in the same run, printed
 * as one JSON document. PostgreSQL figures use BENCH_DATABASE_URL (default: a lagesbild_bench
 * database on the local server, created and seeded on first use); `--skip-postgres` leaves them out.
 */
import { availableParallelism, cpus } from 'node:os'
import { type Database, openDatabase } from '../db/client.ts'
import {
  ensurePostgresDatabase,
  openTestDatabase,
  prepareDatabase,
  TEST_KOMMUN,
} from '../db/testing/test-database.ts'
import { benchAuth } from './auth.ts'
import { benchCascade } from './cascade.ts'
import { benchCrisis } from './crisis.ts'
import { benchFeatures } from './features.ts'
import { benchHotspots } from './hotspots.ts'
import { benchLoad } from './load.ts'
import { benchStartup } from './startup.ts'
import { benchTiles } from './tiles.ts'
import { benchTwin } from './twin.ts'

const skipPostgres = process.argv.includes('--skip-postgres')
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',')
const wanted = (name: string) => !only || only.includes(name)

async function openBenchPostgres(): Promise<Database> {
  const url = new URL(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lagesbild_bench')
  await ensurePostgresDatabase(url)
  const db = await openDatabase({ databaseUrl: url.toString() })
  await prepareDatabase(db)
  return db
}

async function onBackend(db: Database) {
  const result: Record<string, unknown> = { backend: db.kind }
  if (wanted('tiles')) result.incidentTiles = await benchTiles(db)
  if (wanted('features')) result.features = await benchFeatures(db, TEST_KOMMUN)
  if (wanted('auth')) result.auth = await benchAuth(db, TEST_KOMMUN)
  if (wanted('crisis')) result.crisis = await benchCrisis(db, TEST_KOMMUN)
  if (wanted('twin')) result.twin = await benchTwin(db)
  if (wanted('load')) result.load = await benchLoad(db)
  if (wanted('cascade')) result.cascade = await benchCascade(db)
  if (wanted('hotspots')) result.hotspots = await benchHotspots(db)
  return result
}

const report: Record<string, unknown> = {
  at: new Date().toISOString(),
  machine: { node: process.version, cpus: availableParallelism(), cpuModel: cpus()[0]?.model },
}
if (wanted('startup')) report.startup = await benchStartup()
const pglite = await openTestDatabase()
report.pglite = await onBackend(pglite)
await pglite.close()
if (!skipPostgres) {
  const pg = await openBenchPostgres()
  report.postgres = await onBackend(pg)
  await pg.close()
}
console.log(JSON.stringify(report, null, 2))
