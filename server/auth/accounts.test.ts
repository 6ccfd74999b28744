/**
 * Accounts and sessions. A session ends when it expires, when its user signs
 * out, when an administrator ends it or disables the account, and the old cookie is refused on the
 * very next request; a new role applies on the next request; the cookie cannot be read by scripts or
 * sent cross-site; the password hash never leaves the server; the last administrator stays one.
 *
 * Accounts made here carry a run tag, and the demo accounts are left as they were, so the file can
 * share a PostgreSQL database with the other suites.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_DEMO_PASSWORD, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits } from '../http/security.ts'
import { expectContractError } from '../testing/contract-error.ts'
import { signIn } from '../testing/sign-in.ts'
import { SESSION_COOKIE, SESSION_HOURS, startSession } from './accounts.ts'

let db: Database
let app: ReturnType<typeof createApp>
let adminCookie: string
const tag = Date.now().toString(36)
const password = `ett långt lösenord ${tag}`

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits(), log: () => {} })
  adminCookie = await signIn(app, 'admin')
})

afterAll(async () => {
  await db?.close()
})

async function call<T = unknown>(cookie: string | undefined, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(cookie ? { cookie } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return {
    status: res.status,
    text,
    headers: res.headers,
    body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : undefined) as T,
  }
}

/** A new account of this run, made by the demo administrator. */
async function newAccount(name: string, role: Role): Promise<{ id: string; username: string }> {
  const username = `${name}-${tag}`
  const res = await call<{ user: { id: string } }>(adminCookie, 'POST', '/api/users', {
    username,
    displayName: `${name} ${tag}`,
    role,
    password,
  })
  expect(res.status, res.text).toBe(201)
  return { id: res.body.user.id, username }
}

const change = (id: string, body: Record<string, unknown>) =>
  call(adminCookie, 'PATCH', `/api/users/${id}`, body)

/** Asserts that a cookie opens nothing: the API, a tile and who-am-I all answer 401. */
async function expectRefused(cookie: string) {
  for (const path of ['/api/auth/me', '/api/layers', '/tiles/districts/10/553/300.mvt']) {
    const res = await app.request(path, { headers: { cookie } })
    expect((await expectContractError(res, 401, { what: path })).code).toBe('unauthorized')
  }
}

async function expectAccepted(cookie: string) {
  expect((await call(cookie, 'GET', '/api/auth/me')).status).toBe(200)
  expect((await call(cookie, 'GET', '/api/layers')).status).toBe(200)
}

describe('sessions end when they should, at once', () => {
  it('refuses a session past its expiry', async () => {
    const user = await newAccount('utgangen', 'viewer')
    const expired = await startSession(db.orm, user.id, 'test', -1)
    await expectRefused(`${SESSION_COOKIE}=${expired.token}`)
  })

  it('refuses a live session as soon as its expiry passes', async () => {
    const user = await newAccount('skift', 'viewer')
    const cookie = await signIn(app, user.username, password)
    await expectAccepted(cookie)
    await db.query(
      sql`UPDATE user_sessions SET expires_at = now() - interval '1 second' WHERE user_id = ${user.id}::uuid`,
    )
    await expectRefused(cookie)
  })

  it('refuses the cookie after sign-out, while the user’s other sessions go on', async () => {
    const user = await newAccount('utloggad', 'viewer')
    const first = await signIn(app, user.username, password)
    const second = await signIn(app, user.username, password)
    const res = await call(first, 'POST', '/api/auth/logout')
    expect(res.status).toBe(204)
    await expectRefused(first)
    await expectAccepted(second)
  })

  it('refuses every session of a user whose sessions an administrator ended', async () => {
    const user = await newAccount('avslutad', 'viewer')
    const sessions = [await signIn(app, user.username, password), await signIn(app, user.username, password)]
    const res = await call<{ revoked: number }>(adminCookie, 'POST', `/api/users/${user.id}/sessions/revoke`)
    expect(res.body).toEqual({ revoked: 2 })
    for (const cookie of sessions) await expectRefused(cookie)
    // Signing in again works: ending sessions is not disabling.
    await expectAccepted(await signIn(app, user.username, password))
  })

  it('refuses the sessions of a disabled user, and does not bring them back on re-enabling', async () => {
    const user = await newAccount('avstangd', 'planner')
    const cookie = await signIn(app, user.username, password)
    await expectAccepted(cookie)
    expect((await change(user.id, { disabled: true })).status).toBe(200)
    await expectRefused(cookie)
    expect((await change(user.id, { disabled: false })).status).toBe(200)
    await expectRefused(cookie)
  })

  it('ends the user’s sessions on a password reset, but not the administrator’s own', async () => {
    const user = await newAccount('aterstalld', 'viewer')
    const cookie = await signIn(app, user.username, password)
    const reset = await call(adminCookie, 'POST', `/api/users/${user.id}/password`, {
      password: `${password} nytt`,
    })
    expect(reset.status).toBe(204)
    await expectRefused(cookie)
    await expectAccepted(adminCookie)
    await expectAccepted(await signIn(app, user.username, `${password} nytt`))
    await expectContractError(
      await app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password }),
      }),
      401,
    )
  })
})

describe('a disabled user cannot sign in', () => {
  it('answers exactly as for a wrong password, so the answer does not tell which', async () => {
    const user = await newAccount('sparrad', 'viewer')
    expect((await change(user.id, { disabled: true })).status).toBe(200)
    const attempt = (username: string, pw: string) =>
      app.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: pw }),
      })
    const disabled = await expectContractError(await attempt(user.username, password), 401)
    const wrong = await expectContractError(await attempt('lasare', 'not the password at all'), 401)
    const unknown = await expectContractError(await attempt(`ingen-${tag}`, password), 401)
    expect(disabled).toEqual(wrong)
    expect(unknown).toEqual(wrong)
  })
})

describe('usernames', () => {
  it('sign in whatever their case and surrounding spaces, since accounts are stored in lower case', async () => {
    const res = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: '  LaSaRe ', password: TEST_DEMO_PASSWORD }),
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { user: { username: string } }).user.username).toBe('lasare')
  })
})

describe('a change of role applies on the next request', () => {
  it('opens and closes the police’s incidents with the same cookie', async () => {
    const user = await newAccount('rollbyte', 'viewer')
    const cookie = await signIn(app, user.username, password)
    const incidents = '/api/layers/incidents/features?limit=1'
    expect((await call(cookie, 'GET', incidents)).status).toBe(404)

    expect((await change(user.id, { role: 'police' })).status).toBe(200)
    expect((await call(cookie, 'GET', incidents)).status).toBe(200)
    const me = await call<{ user: { role: string; capabilities: string[]; editableLayers: string[] } }>(
      cookie,
      'GET',
      '/api/auth/me',
    )
    expect(me.body.user).toMatchObject({ role: 'police', editableLayers: ['incidents', 'action-measures'] })

    expect((await change(user.id, { role: 'viewer' })).status).toBe(200)
    expect((await call(cookie, 'GET', incidents)).status).toBe(404)
  })

  it('takes the administrator’s routes away from a demoted administrator', async () => {
    const user = await newAccount('exchef', 'admin')
    const cookie = await signIn(app, user.username, password)
    expect((await call(cookie, 'GET', '/api/users')).status).toBe(200)
    expect((await change(user.id, { role: 'analyst' })).status).toBe(200)
    await expectContractError(await app.request('/api/users', { headers: { cookie } }), 403)
    await expectContractError(await app.request('/api/audit', { headers: { cookie } }), 403)
  })
})

describe('the session cookie', () => {
  const login = (secureCookies?: boolean, url = 'http://localhost/api/auth/login') =>
    createApp({
      db,
      config: { kommun: TEST_KOMMUN, secureCookies },
      limits: createRateLimits(),
      log: () => {},
    }).request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lasare', password: TEST_DEMO_PASSWORD }),
    })
  const attributes = (header: string | null) =>
    (header ?? '')
      .split(';')
      .slice(1)
      .map((a) => a.trim())

  it('is httpOnly, SameSite=Strict, for the whole site, and lasts one shift', async () => {
    const res = await login()
    expect(res.status).toBe(200)
    const header = res.headers.get('set-cookie')
    expect(header).toMatch(new RegExp(`^${SESSION_COOKIE}=[A-Za-z0-9_-]{40,}`))
    const attrs = attributes(header)
    expect(attrs).toContain('HttpOnly')
    expect(attrs).toContain('SameSite=Strict')
    expect(attrs).toContain('Path=/')
    expect(attrs.some((a) => a.startsWith('Domain='))).toBe(false)
    expect(attrs).not.toContain('Secure')
    const expires = Date.parse(attrs.find((a) => a.startsWith('Expires='))!.slice('Expires='.length))
    expect(expires - Date.now()).toBeGreaterThan((SESSION_HOURS - 1) * 3600_000)
    expect(expires - Date.now()).toBeLessThanOrEqual(SESSION_HOURS * 3600_000)
  })

  it('is Secure when the server is told so, or is reached over https', async () => {
    expect(attributes((await login(true)).headers.get('set-cookie'))).toContain('Secure')
    expect(
      attributes((await login(false, 'https://localhost/api/auth/login')).headers.get('set-cookie')),
    ).toContain('Secure')
  })

  it('is cleared on sign-out with the same attributes', async () => {
    const cookie = await signIn(app, 'lasare')
    const res = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })
    const attrs = attributes(res.headers.get('set-cookie'))
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^${SESSION_COOKIE}=;`))
    expect(attrs).toContain('Path=/')
    expect(attrs).toContain('SameSite=Strict')
    expect(attrs.some((a) => a === 'Max-Age=0' || Date.parse(a.replace('Expires=', '')) < Date.now())).toBe(
      true,
    )
  })

  it('keeps only a hash of the token in the database', async () => {
    const cookie = await signIn(app, 'lasare')
    const token = cookie.slice(SESSION_COOKIE.length + 1)
    const rows = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM user_sessions WHERE token_hash = ${token}`,
    )
    expect(Number(rows[0]?.n)).toBe(0)
  })
})

describe('the password hash never leaves the server', () => {
  it('appears in no answer about accounts, sessions or the audit log', async () => {
    const hashes = (await db.query<{ password_hash: string }>(sql`SELECT password_hash FROM users`)).map(
      (r) => r.password_hash,
    )
    expect(hashes.length).toBeGreaterThan(5)
    const user = await newAccount('hemlig', 'viewer')
    const own = await signIn(app, user.username, password)
    const answers = [
      await call(own, 'GET', '/api/auth/me'),
      await call(adminCookie, 'GET', '/api/users'),
      await change(user.id, { displayName: `Hemlig ${tag}` }),
      await call(adminCookie, 'POST', `/api/users/${user.id}/password`, { password: `${password} 2` }),
      await call(adminCookie, 'GET', '/api/auth/me'),
      await call(adminCookie, 'GET', '/api/audit?limit=500'),
      await call(adminCookie, 'GET', '/api/audit/export?format=json'),
      await call(adminCookie, 'GET', '/api/audit/export?format=csv'),
      await call(adminCookie, 'GET', '/api/organisations'),
    ]
    const signInAnswer = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: user.username, password: `${password} 2` }),
    })
    const texts = [...answers.map((a) => a.text), await signInAnswer.text()]
    expect([...answers.map((a) => a.status), signInAnswer.status]).toEqual([
      200, 200, 200, 204, 200, 200, 200, 200, 200, 200,
    ])
    for (const text of texts) {
      expect(text).not.toMatch(/\$argon2|password_?hash/i)
      for (const hash of hashes) expect(text).not.toContain(hash.split('$').pop())
    }
  })
})

describe('there is always an active administrator', () => {
  const activeAdmins = async () =>
    (
      await db.query<{ username: string }>(
        sql`SELECT username FROM users WHERE role = 'admin' AND NOT disabled ORDER BY username`,
      )
    ).map((r) => r.username)

  it('refuses to demote or disable the last one, counting only active administrators', async () => {
    const [admin] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM users WHERE username = 'admin'`,
    )
    expect(await activeAdmins(), 'the demo administrator is the only active one').toEqual(['admin'])

    for (const body of [{ role: 'crisis' }, { disabled: true }, { role: 'viewer', disabled: true }]) {
      const res = await app.request(`/api/users/${admin!.id}`, {
        method: 'PATCH',
        headers: { cookie: adminCookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect((await expectContractError(res, 409, { what: JSON.stringify(body) })).code).toBe('conflict')
    }

    // A second administrator makes demoting one possible; a disabled one does not count.
    const second = await newAccount('chef', 'admin')
    expect(await activeAdmins()).toHaveLength(2)
    expect((await change(second.id, { disabled: true })).status).toBe(200)
    expect(await activeAdmins()).toEqual(['admin'])
    expect((await change(admin!.id, { role: 'viewer' })).status).toBe(409)
    expect((await change(second.id, { disabled: false })).status).toBe(200)
    expect((await change(second.id, { role: 'viewer' })).status).toBe(200)
    expect((await change(admin!.id, { role: 'viewer' })).status).toBe(409)

    expect(await activeAdmins()).toEqual(['admin'])
    expect((await call(adminCookie, 'GET', '/api/users')).status).toBe(200)
  })
})
