/**
 * A production start: no demo users, refusal to run without an administrator, the documented way
 * out (`npm run user:add`), and then the reference data every installation needs (the planning
 * rules and the municipal boundary) without any demo content. Runs the real server process,
 * against a fresh PostgreSQL database and against a fresh embedded PGlite, so only under
 * `npm run test:postgres` (a first PGlite start creates PostGIS, some 20 s).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../db/client.ts'
import { readPlanningRules } from '../db/reference.ts'
import { ensurePostgresDatabase, TEST_KOMMUN } from '../db/testing/test-database.ts'

const base = process.env.TEST_DATABASE_URL
const url = base ? new URL(base) : undefined
if (url) url.pathname = `${url.pathname}_production`

const children: ChildProcess[] = []
const dataDirs: string[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGTERM')
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true })
})

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/** Where the server keeps its data: a PostgreSQL database, or an embedded one in a directory. */
type Backend = { DATABASE_URL: string } | { DATA_DIR: string }

const env = (backend: Backend, extra: Record<string, string> = {}) => {
  const { DATABASE_URL: _unset, ...inherited } = process.env
  return {
    ...inherited,
    NODE_ENV: 'production',
    KOMMUN: TEST_KOMMUN,
    LOG_LEVEL: 'error',
    DEMO_PASSWORD: 'must-not-be-used',
    ...backend,
    ...extra,
  }
}

/** Starts the server; resolves with its exit code, or with 'healthy' once /api/health answers ok. */
async function start(
  backend: Backend,
  port: number,
): Promise<{ outcome: number | 'healthy'; output: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: env(backend, { PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
  for (let i = 0; i < 480; i++) {
    const code = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 250))])
    if (code !== undefined) return { outcome: code, output, child }
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined)
    if (health?.ok) return { outcome: 'healthy', output, child }
  }
  throw new Error(`the server neither started nor stopped:\n${output}`)
}

function addAdmin(backend: Backend) {
  const added = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/user-add.ts',
      '--username',
      'anna',
      '--name',
      'Anna Andersson',
      '--role',
      'admin',
    ],
    { env: env(backend, { USER_PASSWORD: 'a long enough password' }), encoding: 'utf8' },
  )
  expect(added.status, added.stderr).toBe(0)
  expect(added.stdout).toMatch(/created admin anna/)
}

/**
 * Signs in as the one administrator and checks what a production installation holds: the planning
 * rules of the shipped file, the municipality's boundary, and nothing from the demo.
 */
async function checkProductionContent(port: number) {
  const at = (path: string) => `http://127.0.0.1:${port}${path}`
  const demo = await fetch(at('/api/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'must-not-be-used' }),
  })
  expect(demo.status).toBe(401)
  const login = await fetch(at('/api/auth/login'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'anna', password: 'a long enough password' }),
  })
  expect(login.status).toBe(200)
  // Production marks the cookie Secure; browsers still send it to localhost over plain HTTP.
  expect(login.headers.get('set-cookie')).toMatch(/HttpOnly.*Secure.*SameSite=Strict|Secure.*HttpOnly/)
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetch(at(path), { headers: { cookie } })
    expect(res.status, path).toBe(200)
    return (await res.json()) as T
  }

  const { users } = await get<{ users: { username: string }[] }>('/api/users')
  expect(users.map((u) => u.username)).toEqual(['anna'])

  // The reference data: every planning rule of the file, with its source, and the boundary.
  const { rules } = await get<{ rules: { ruleKey: string; county: string; source: string }[] }>(
    '/api/planning/rules',
  )
  expect(rules).toHaveLength(readPlanningRules().rules.length)
  for (const rule of rules) expect(rule.source.length).toBeGreaterThan(3)
  const inCounty = await get<{ rules: { ruleKey: string }[] }>('/api/planning/rules?county=05')
  expect(inCounty.rules.map((r) => r.ruleKey)).toContain('hazardous_goods_assessment_distance')
  const boundary = await get<{ features: { geometry: { type: string }; properties: { name: string } }[] }>(
    '/api/layers/municipality/features',
  )
  expect(boundary.features).toHaveLength(1)
  expect(boundary.features[0].geometry.type).toMatch(/Polygon/)
  expect(boundary.features[0].properties.name).toBe('Norrköping')

  // No demo content: every other layer is empty, no session, nothing named (demo).
  const { layers } = await get<{ layers: { id: string }[] }>('/api/layers')
  expect(layers.length).toBeGreaterThan(10)
  for (const layer of layers.filter((l) => l.id !== 'municipality')) {
    const { features } = await get<{ features: unknown[] }>(`/api/layers/${layer.id}/features?limit=10`)
    expect(features, layer.id).toHaveLength(0)
  }
  expect((await get<{ sessions: unknown[] }>('/api/sessions')).sessions).toEqual([])
  expect((await get<{ results: unknown[] }>('/api/search?q=demo')).results).toEqual([])
}

describe.skipIf(!url)('a production start', () => {
  it('on PostgreSQL: refuses to run without an administrator, then serves the reference data and no demo', async () => {
    await ensurePostgresDatabase(url!, { recreate: true })
    const backend = { DATABASE_URL: url!.toString() }
    const refused = await start(backend, await freePort())
    expect(refused.outcome).toBe(1)
    expect(refused.output).toContain('npm run user:add')
    addAdmin(backend)

    const port = await freePort()
    expect((await start(backend, port)).outcome).toBe('healthy')
    await checkProductionContent(port)

    // And in the database itself: no demo seed recorded, no demo rows in any table.
    const db = await openDatabase({ databaseUrl: url!.toString() })
    try {
      const [meta] = await db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM app_meta WHERE key = 'demo_seed'`,
      )
      expect(meta.n).toBe(0)
      for (const table of ['actors', 'critical_assets', 'incidents', 'rsa_risks', 'crisis_sessions']) {
        const [row] = await db.query<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM ${table}`))
        expect(row.n, table).toBe(0)
      }
      const [demo] = await db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM areas WHERE name LIKE '%(demo)%'`,
      )
      expect(demo.n).toBe(0)
    } finally {
      await db.close()
    }
  }, 240_000)

  it('on the embedded PGlite: the same reference data and no demo', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lagesbild-production-'))
    dataDirs.push(dir)
    const backend = { DATA_DIR: dir }
    const refused = await start(backend, await freePort())
    expect(refused.outcome).toBe(1)
    expect(refused.output).toContain('npm run user:add')
    // Note: the embedded database is one process's; the account is added while the server is down.
    addAdmin(backend)
    const port = await freePort()
    const started = await start(backend, port)
    expect(started.outcome).toBe('healthy')
    await checkProductionContent(port)
    started.child.kill('SIGTERM')
  }, 300_000)
})
