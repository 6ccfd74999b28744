/**
 * Seeds a database with the demo world and prints the summary as JSON.
 *
 *   KOMMUN=0581 SEED=1 npx tsx db/seed/cli.ts
 *
 * DATABASE_URL selects a PostgreSQL/PostGIS server; otherwise PGlite in DATA_DIR, or in memory
 * (SNAPSHOT may name a gzipped PGlite data directory to start from, which skips creating PostGIS).
 * INCIDENT_SCALE multiplies the number of incidents.
 */
import { readFileSync } from 'node:fs'
import { openDatabase } from '../client.ts'
import { migrateDatabase } from '../migrate.ts'
import { seedDemo } from './index.ts'

const env = process.env
const opened = performance.now()
const db = await openDatabase({
  databaseUrl: env.DATABASE_URL || undefined,
  dataDir: env.DATA_DIR || undefined,
  snapshot: env.SNAPSHOT ? new Blob([readFileSync(env.SNAPSHOT)]) : undefined,
})
try {
  await migrateDatabase(db)
  const openMs = Math.round(performance.now() - opened)
  const summary = await seedDemo(db, {
    kommun: env.KOMMUN || '0581',
    seed: env.SEED ? Number(env.SEED) : undefined,
    incidentScale: env.INCIDENT_SCALE ? Number(env.INCIDENT_SCALE) : undefined,
  })
  console.log(JSON.stringify({ database: db.kind, openMs, ...summary }, null, 2))
} finally {
  await db.close()
}
