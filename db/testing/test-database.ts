/**
 * Test databases. On PGlite every test file starts from one prepared, seeded snapshot (loading it
 * takes ~2.5 s, creating PostGIS and seeding again would take ~40 s). On PostgreSQL
 * (`TEST_DATABASE_URL`) `npm run test:postgres` migrates and seeds the server once and files share it.
 */
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { type Database, openDatabase } from '../client.ts'
import { migrateDatabase } from '../migrate.ts'
import { buildOnce, ensurePgliteBase } from '../pglite-base.ts'
import { loadReferenceData } from '../reference.ts'
import { seedDemo } from '../seed/index.ts'
import { seedDemoUsers } from '../seed/users.ts'

export const TEST_KOMMUN = '0581'
/** The demo accounts' password in test databases. */
export const TEST_DEMO_PASSWORD = 'demo-password-for-tests'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((f) => !f.endsWith('.test.ts'))
    .sort()
}

/** Changes whenever anything that shapes the seeded database changes, so a stale snapshot is never used. */
function snapshotFingerprint(): string {
  const hash = createHash('sha256')
  const inputs = [
    ...filesUnder(join(root, 'db/migrations')),
    ...filesUnder(join(root, 'db/seed')),
    join(root, 'db/reference.ts'),
    join(root, 'db/schema.ts'),
    ...filesUnder(join(root, 'data/sweden')),
    ...filesUnder(join(root, 'data/planning-rules')),
    join(root, 'common/planning.ts'),
  ]
  for (const file of inputs) hash.update(file.slice(root.length)).update(readFileSync(file))
  hash.update(readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json')))
  return hash.digest('hex').slice(0, 16)
}

export const snapshotPath = () =>
  join(root, '.cache/test-db', `${TEST_KOMMUN}-${snapshotFingerprint()}.tar.gz`)

/** Migrates, loads reference data and seeds the demo municipality and its demo accounts. */
export async function prepareDatabase(db: Database, kommun = TEST_KOMMUN): Promise<void> {
  await migrateDatabase(db)
  // Note: a fixed seed day, so a cached snapshot holds the same session whatever day the tests run.
  await seedDemo(db, { kommun, day: '2026-11-20' })
  await loadReferenceData(db, kommun)
  await seedDemoUsers(db, TEST_DEMO_PASSWORD)
}

/**
 * Makes the PGlite snapshot if it is missing. Test files run in parallel workers, so the first one
 * builds it and the others wait for its file. It starts from the prepared copy with PostGIS
 * (`.cache/pglite-base/`), made first if need be, so PostGIS is created once per installation.
 */
export async function ensurePgliteSnapshot(): Promise<string> {
  return buildOnce(snapshotPath(), async () => {
    await ensurePgliteBase()
    const db = await openDatabase({})
    try {
      await prepareDatabase(db)
      return await db.dumpSnapshot!()
    } finally {
      await db.close()
    }
  })
}

/** A database for one test file: a fresh copy of the snapshot, or the shared PostgreSQL test database. */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL
  if (url) return openDatabase({ databaseUrl: url, maxConnections: 4 })
  const snapshot = new Blob([readFileSync(await ensurePgliteSnapshot())])
  return openDatabase({ snapshot })
}

/**
 * Makes sure the database named in `url` exists on its server, through a connection to the
 * server's `postgres` database; `recreate` drops it first so a suite starts from nothing.
 */
export async function ensurePostgresDatabase(url: URL, { recreate = false } = {}): Promise<void> {
  const name = url.pathname.slice(1)
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing an unusual database name: ${name}`)
  const admin = postgres({
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username || 'postgres'),
    password: decodeURIComponent(url.password) || undefined,
    database: 'postgres',
    onnotice: () => {},
  })
  try {
    if (recreate) await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    const exists = await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`
    if (exists.length === 0) await admin.unsafe(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
}

/** The centre of the 0.01° cell holding most incidents: where the demo town's crime concentrates. */
export async function densestIncidentCell(db: Database): Promise<[lon: number, lat: number]> {
  const [cell] = await db.query<{ lon: number; lat: number }>(sql`
    SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat
    FROM incidents GROUP BY ST_SnapToGrid(geom, 0.01) ORDER BY count(*) DESC LIMIT 1`)
  if (!cell) throw new Error('the database holds no incidents')
  return [Number(cell.lon), Number(cell.lat)]
}
