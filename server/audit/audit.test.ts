/**
 * The audit trail (*spårbarhet*). Every write this file makes through the API
 * is found in `audit_log` with its author, a time inside the test's window and, where the change has
 * them, the object before and after; the table refuses UPDATE, DELETE and TRUNCATE itself; and only
 * administrators can read and filter it.
 */
import { sql } from 'drizzle-orm'
import type { Feature } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_DEMO_PASSWORD, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits } from '../http/security.ts'
import { expectContractError } from '../testing/contract-error.ts'
import { signIn } from '../testing/sign-in.ts'
import type { AuditRecord } from './audit-log.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
/** Makes this run's names unique, so the checks hold on a PostgreSQL database that other files share. */
const tag = `t${Date.now().toString(36)}`
/** The database clock when the writes began and after they ended. */
let windowStart: Date
let windowEnd: Date
const ids: Record<string, string> = {}
const newPassword = `ett nytt lösenord ${tag}`

const dbNow = async () => {
  const [row] = await db.query<{ now: Date | string }>(sql`SELECT clock_timestamp() AS now`)
  return new Date(row!.now)
}

async function call<T>(user: string | undefined, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      ...(user ? { cookie: cookies[user]! } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return {
    status: res.status,
    body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
  }
}

interface AuditRow {
  id: number
  at: Date | string
  actor: string
  action: string
  entity: string
  entity_id: string | null
  before: Record<string, unknown> | null
  after: Record<string, unknown> | null
  details: Record<string, unknown> | null
}

/** The records of this run's window that match, oldest first. */
async function audited(where: { actor?: string; action: string; entity: string; entityId?: string }) {
  const rows = await db.query<AuditRow>(sql`
    SELECT id, at, actor, action, entity, entity_id, before, after, details FROM audit_log
    WHERE action = ${where.action} AND entity = ${where.entity}
      AND at >= ${windowStart.toISOString()}::timestamptz AND at <= ${windowEnd.toISOString()}::timestamptz
      ${where.actor ? sql`AND actor = ${where.actor}` : sql``}
      ${where.entityId ? sql`AND entity_id = ${where.entityId}` : sql``}
    ORDER BY id`)
  return rows
}

async function one(where: Parameters<typeof audited>[0]): Promise<AuditRow> {
  const rows = await audited(where)
  expect(rows.length, JSON.stringify(where)).toBeGreaterThanOrEqual(1)
  return rows[rows.length - 1]!
}

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits(), log: () => {} })
  windowStart = await dbNow()

  for (const user of ['admin', 'krisledare', 'analytiker']) cookies[user] = await signIn(app, user)
  const [me] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM users WHERE username = 'analytiker'`,
  )
  ids.analyst = me!.id

  // Failed sign-ins: a wrong password for a real account, and an account that does not exist.
  expect(
    (await call(undefined, 'POST', '/api/auth/login', { username: 'lasare', password: 'fel lösenord' }))
      .status,
  ).toBe(401)
  expect(
    (await call(undefined, 'POST', '/api/auth/login', { username: `ingen-${tag}`, password: 'fel lösenord' }))
      .status,
  ).toBe(401)

  // User administration.
  const created = await call<{ user: { id: string } }>('admin', 'POST', '/api/users', {
    username: `revisor-${tag}`,
    displayName: `Rut Revisor ${tag}`,
    role: 'viewer',
    password: `ett första lösenord ${tag}`,
  })
  expect(created.status).toBe(201)
  ids.user = created.body.user.id
  cookies.revisor = await signIn(app, `revisor-${tag}`, `ett första lösenord ${tag}`)
  expect(
    (await call('admin', 'PATCH', `/api/users/${ids.user}`, { displayName: `Rut R. ${tag}` })).status,
  ).toBe(200)
  expect((await call('admin', 'PATCH', `/api/users/${ids.user}`, { role: 'planner' })).status).toBe(200)
  expect(
    (await call('admin', 'POST', `/api/users/${ids.user}/password`, { password: newPassword })).status,
  ).toBe(204)
  cookies.revisor = await signIn(app, `revisor-${tag}`, newPassword)
  expect((await call('admin', 'POST', `/api/users/${ids.user}/sessions/revoke`)).status).toBe(200)
  cookies.revisor = await signIn(app, `revisor-${tag}`, newPassword)
  expect((await call('revisor', 'POST', '/api/auth/logout')).status).toBe(204)

  // Exports.
  expect((await call('krisledare', 'GET', '/api/layers/critical-assets/export?format=geojson')).status).toBe(
    200,
  )
  expect((await call('krisledare', 'GET', '/api/layers/rsa-risks/export?format=csv')).status).toBe(200)
  expect((await call('admin', 'GET', `/api/audit/export?format=json&q=${tag}`)).status).toBe(200)

  // An object created, changed and deleted.
  const [centre] = await db.query<{ x: number; y: number }>(
    sql`SELECT ST_X(p) AS x, ST_Y(p) AS y
      FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE kind = 'municipality' LIMIT 1) m`,
  )
  const at = [Number(Number(centre!.x).toFixed(6)), Number(Number(centre!.y).toFixed(6))]
  const site = await call<Feature>('analytiker', 'POST', '/api/layers/hazard-sites/features', {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: at },
    properties: { name: `Revisionsmacken ${tag}`, kind: 'petrol_station' },
  })
  expect(site.status).toBe(201)
  ids.site = String(site.body.id)
  expect(
    (
      await call('analytiker', 'PATCH', `/api/layers/hazard-sites/features/${ids.site}`, {
        properties: { operator: `Revisionsbolaget ${tag}` },
      })
    ).status,
  ).toBe(200)
  expect((await call('analytiker', 'DELETE', `/api/layers/hazard-sites/features/${ids.site}`)).status).toBe(
    204,
  )

  // Sign-out of a demo user last, since the cookie is needed until here.
  expect((await call('analytiker', 'POST', '/api/auth/logout')).status).toBe(204)
  windowEnd = await dbNow()
})

afterAll(async () => {
  await db?.close()
})

describe('every write is in the audit log', () => {
  it('records a sign-in with the account and when the session ends', async () => {
    const row = await one({ actor: 'analytiker', action: 'login', entity: 'session', entityId: ids.analyst })
    expect(Date.parse(String(row.details?.expiresAt))).toBeGreaterThan(windowEnd.getTime())
  })

  it('records failed sign-ins with why, for real and unknown accounts alike', async () => {
    expect((await one({ actor: 'lasare', action: 'login_failed', entity: 'session' })).details?.reason).toBe(
      'wrong_password',
    )
    expect(
      (await one({ actor: `ingen-${tag}`, action: 'login_failed', entity: 'session' })).details?.reason,
    ).toBe('unknown_or_disabled_user')
  })

  it('records a sign-in refused by the rate limit', async () => {
    const limited = createApp({
      db,
      config: { kommun: TEST_KOMMUN },
      limits: createRateLimits({ loginFailuresPer15Min: 1 }),
      log: () => {},
    })
    const attempt = () =>
      limited.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `spärrad-${tag}`, password: 'fel' }),
      })
    expect((await attempt()).status).toBe(401)
    expect((await attempt()).status).toBe(429)
    windowEnd = await dbNow()
    const rows = await audited({ actor: `spärrad-${tag}`, action: 'login_failed', entity: 'session' })
    expect(rows.map((r) => r.details?.reason)).toEqual(['unknown_or_disabled_user', 'rate_limited'])
  })

  it('records sign-outs', async () => {
    await one({ actor: 'analytiker', action: 'logout', entity: 'session', entityId: ids.analyst })
    await one({ actor: `revisor-${tag}`, action: 'logout', entity: 'session', entityId: ids.user })
  })

  it('records a new account with the account after, by its administrator', async () => {
    const row = await one({ actor: 'admin', action: 'create', entity: 'users', entityId: ids.user })
    expect(row.before).toBeNull()
    expect(row.after).toMatchObject({ username: `revisor-${tag}`, role: 'viewer', disabled: false })
  })

  it('records a change of name as an update, and a change of role as a change of rights, each with before and after', async () => {
    const update = await one({ actor: 'admin', action: 'update', entity: 'users', entityId: ids.user })
    expect(update.before).toMatchObject({ displayName: `Rut Revisor ${tag}` })
    expect(update.after).toMatchObject({ displayName: `Rut R. ${tag}` })
    const rights = (
      await audited({ actor: 'admin', action: 'rights', entity: 'users', entityId: ids.user })
    ).find((r) => r.before !== null)
    expect(rights?.before).toMatchObject({ role: 'viewer' })
    expect(rights?.after).toMatchObject({ role: 'planner' })
  })

  it('records a password reset and ended sessions, each with how many sessions ended', async () => {
    const rights = await audited({ actor: 'admin', action: 'rights', entity: 'users', entityId: ids.user })
    const reset = rights.find((r) => r.details?.passwordReset === true)
    expect(reset?.details?.sessionsEnded).toBe(1)
    const revoked = rights.find(
      (r) => r.details && !('passwordReset' in r.details) && 'sessionsEnded' in r.details,
    )
    expect(revoked?.details?.sessionsEnded).toBe(1)
  })

  it('records exports with their marking, size and format', async () => {
    const assets = await one({ actor: 'krisledare', action: 'export', entity: 'critical-assets' })
    expect(assets.details).toMatchObject({
      format: 'geojson',
      exportedBy: 'krisledare',
      classification: 'restricted',
    })
    expect(Number(assets.details?.count)).toBeGreaterThan(0)
    const risks = await one({ actor: 'krisledare', action: 'export', entity: 'rsa-risks' })
    expect(risks.details).toMatchObject({ format: 'csv', exportedBy: 'krisledare' })
    const trail = await one({ actor: 'admin', action: 'export', entity: 'audit_log' })
    expect(trail.details).toMatchObject({ format: 'json', classification: 'internal' })
  })

  it('records an object’s creation, change and deletion with before and after', async () => {
    const create = await one({
      actor: 'analytiker',
      action: 'create',
      entity: 'hazard-sites',
      entityId: ids.site,
    })
    expect(create.before).toBeNull()
    expect((create.after as unknown as Feature).properties).toMatchObject({ name: `Revisionsmacken ${tag}` })
    const update = await one({
      actor: 'analytiker',
      action: 'update',
      entity: 'hazard-sites',
      entityId: ids.site,
    })
    expect((update.before as unknown as Feature).properties?.operator ?? null).toBeNull()
    expect((update.after as unknown as Feature).properties?.operator).toBe(`Revisionsbolaget ${tag}`)
    const remove = await one({
      actor: 'analytiker',
      action: 'delete',
      entity: 'hazard-sites',
      entityId: ids.site,
    })
    expect((remove.before as unknown as Feature).properties?.operator).toBe(`Revisionsbolaget ${tag}`)
    expect(remove.after).toBeNull()
  })

  it('never records a password or its hash', async () => {
    const rows = await db.query<{ text: string }>(sql`
      SELECT concat_ws(' ', actor, entity_id, before::text, after::text, details::text) AS text FROM audit_log
      WHERE at >= ${windowStart.toISOString()}::timestamptz`)
    expect(rows.length).toBeGreaterThan(10)
    const secrets = [`ett första lösenord ${tag}`, newPassword, TEST_DEMO_PASSWORD, 'fel lösenord', '$argon2']
    for (const { text } of rows) for (const secret of secrets) expect(text).not.toContain(secret)
  })
})

/** The database's reason for refusing a statement (drizzle wraps it as the cause), or `accepted`. */
const refusal = (work: Promise<unknown>): Promise<string> =>
  work.then(
    () => 'accepted',
    (err: Error & { cause?: Error }) => `${err.cause?.message ?? ''} ${err.message}`,
  )

describe('the audit log is append-only in the database', () => {
  it.each([
    ['UPDATE', sql`UPDATE audit_log SET actor = 'someone else' WHERE id = (SELECT max(id) FROM audit_log)`],
    ['DELETE', sql`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`],
    ['DELETE all', sql`DELETE FROM audit_log`],
    ['TRUNCATE', sql`TRUNCATE audit_log`],
  ])('refuses %s', async (_, statement) => {
    const [before] = await db.query<{ n: number; last: string }>(
      sql`SELECT count(*)::int AS n, max(id)::text || max(actor) AS last FROM audit_log`,
    )
    expect(await refusal(db.query(statement))).toMatch(/append-only/)
    const [after] = await db.query<{ n: number; last: string }>(
      sql`SELECT count(*)::int AS n, max(id)::text || max(actor) AS last FROM audit_log`,
    )
    expect(after).toEqual(before)
  })

  it('refuses them inside a transaction too, leaving it to roll back', async () => {
    expect(
      await refusal(
        db.transaction(async (tx) => {
          await tx.execute(sql`UPDATE audit_log SET details = NULL`)
        }),
      ),
    ).toMatch(/append-only/)
  })
})

describe('administrators read and filter the audit log', () => {
  type Page = { entries: AuditRecord[]; total: number }
  const page = async (query: string) => {
    const res = await call<Page>('admin', 'GET', `/api/audit?${query}`)
    expect(res.status, query).toBe(200)
    return res.body
  }
  const windowQuery = () =>
    `from=${encodeURIComponent(windowStart.toISOString())}&to=${encodeURIComponent(new Date(windowEnd.getTime() + 1000).toISOString())}`

  it('filters by actor', async () => {
    const { entries } = await page(`actor=analytiker&${windowQuery()}&limit=500`)
    expect(entries.length).toBeGreaterThan(0)
    expect(entries.every((e) => e.actor === 'analytiker')).toBe(true)
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['login', 'create', 'update', 'delete', 'logout']),
    )
  })

  it('filters by action', async () => {
    const { entries } = await page(`action=login_failed&${windowQuery()}&limit=500`)
    expect(entries.length).toBeGreaterThanOrEqual(2)
    expect(entries.every((e) => e.action === 'login_failed')).toBe(true)
  })

  it('filters by entity and entity id', async () => {
    const { entries } = await page(`entity=users&entityId=${ids.user}`)
    expect(entries.map((e) => e.action).sort()).toEqual(['create', 'rights', 'rights', 'rights', 'update'])
    expect(entries.every((e) => e.entity === 'users' && e.entityId === ids.user)).toBe(true)
  })

  it('filters by time, newest first', async () => {
    const { entries, total } = await page(`${windowQuery()}&limit=500`)
    expect(total).toBeGreaterThanOrEqual(entries.length)
    for (const e of entries) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(windowStart.getTime())
      expect(Date.parse(e.at)).toBeLessThan(windowEnd.getTime() + 1000)
    }
    const order = entries.map((e) => e.id)
    expect(order).toEqual([...order].sort((a, b) => b - a))
    // The object's deletion happened inside the window, so nothing before it holds it.
    const path = `actor=analytiker&action=delete&entity=hazard-sites&entityId=${ids.site}`
    expect(
      (await page(`${path}&from=${encodeURIComponent(windowStart.toISOString())}`)).entries,
    ).toHaveLength(1)
    expect((await page(`${path}&to=${encodeURIComponent(windowStart.toISOString())}`)).entries).toEqual([])
  })

  it('finds free text in the values, with LIKE wildcards taken literally', async () => {
    const { entries } = await page(`q=${encodeURIComponent(`Revisionsbolaget ${tag}`)}`)
    expect(entries.map((e) => `${e.action} ${e.entity}`).sort()).toEqual([
      'delete hazard-sites',
      'update hazard-sites',
    ])
    expect((await page(`q=${encodeURIComponent(`Revisions%${tag}`)}`)).entries).toEqual([])
  })

  it('combines filters and pages through the total', async () => {
    const all = await page(`q=${tag}&limit=500`)
    expect(all.total).toBe(all.entries.length)
    expect(all.total).toBeGreaterThan(4)
    const first = await page(`q=${tag}&limit=2`)
    const second = await page(`q=${tag}&limit=2&offset=2`)
    expect(first.total).toBe(all.total)
    expect([...first.entries, ...second.entries].map((e) => e.id)).toEqual(
      all.entries.slice(0, 4).map((e) => e.id),
    )
    const rights = await page(`actor=admin&action=rights&entity=users&entityId=${ids.user}`)
    expect(rights.entries.length).toBe(3)
    // Of those three, only the change of role holds the account's name (in before and after).
    const named = await page(`actor=admin&action=rights&entity=users&entityId=${ids.user}&q=${tag}`)
    expect(named.entries.map((e) => e.id)).toEqual(
      rights.entries.filter((e) => e.before !== null).map((e) => e.id),
    )
  })

  it.each(['krisledare', 'analytiker', 'polis', 'planerare', 'lasare'])(
    'refuses %s the log and its export with 403',
    async (user) => {
      const cookie = await signIn(app, user)
      for (const path of ['/api/audit', '/api/audit?actor=admin', '/api/audit/export?format=csv']) {
        const res = await app.request(path, { headers: { cookie } })
        expect((await expectContractError(res, 403, { what: `${user} ${path}` })).code).toBe('forbidden')
      }
    },
  )
})
