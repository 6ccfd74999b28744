/**
 * A production start: no demo users, refusal to run without an administrator, and the documented
 * way out (`npm run user:add`). Runs the real server process against a fresh PostgreSQL database,
 * so only under `npm run test:postgres` (PGlite would need a first start of some 20 s per run).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { ensurePostgresDatabase } from '../db/testing/test-database.ts'

const base = process.env.TEST_DATABASE_URL
const url = base ? new URL(base) : undefined
if (url) url.pathname = `${url.pathname}_production`

const children: ChildProcess[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGTERM')
})

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

const env = (extra: Record<string, string> = {}) => ({
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: url!.toString(),
  LOG_LEVEL: 'error',
  DEMO_PASSWORD: 'must-not-be-used',
  ...extra,
})

/** Starts the server; resolves with its exit code, or with 'healthy' once /api/health answers ok. */
async function start(port: number): Promise<{ outcome: number | 'healthy'; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: env({ PORT: String(port) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  children.push(child)
  let output = ''
  child.stdout?.on('data', (d) => (output += d))
  child.stderr?.on('data', (d) => (output += d))
  const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)))
  for (let i = 0; i < 240; i++) {
    const code = await Promise.race([exited, new Promise<undefined>((r) => setTimeout(r, 250))])
    if (code !== undefined) return { outcome: code, output }
    const health = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined)
    if (health?.ok) return { outcome: 'healthy', output }
  }
  throw new Error(`the server neither started nor stopped:\n${output}`)
}

describe.skipIf(!url)('a production start', () => {
  it('refuses to run without an administrator, then runs after npm run user:add', async () => {
    await ensurePostgresDatabase(url!, { recreate: true })
    const refused = await start(await freePort())
    expect(refused.outcome).toBe(1)
    expect(refused.output).toContain('npm run user:add')

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
      { env: env({ USER_PASSWORD: 'a long enough password' }), encoding: 'utf8' },
    )
    expect(added.status, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/created admin anna/)

    const port = await freePort()
    expect((await start(port)).outcome).toBe('healthy')
    const demo = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'must-not-be-used' }),
    })
    expect(demo.status).toBe(401)
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'anna', password: 'a long enough password' }),
    })
    expect(login.status).toBe(200)
    // Production marks the cookie Secure; browsers still send it to localhost over plain HTTP.
    expect(login.headers.get('set-cookie')).toMatch(/HttpOnly.*Secure.*SameSite=Strict|Secure.*HttpOnly/)
    const users = await fetch(`http://127.0.0.1:${port}/api/users`, {
      headers: { cookie: login.headers.get('set-cookie')!.split(';')[0]! },
    })
    const body = (await users.json()) as { users: { username: string }[] }
    expect(body.users.map((u) => u.username)).toEqual(['anna'])
  }, 180_000)
})
