/**
 * Crisis sessions over HTTP (`/api/sessions`): creating, changing, inviting by user and by
 * organisation, who sees what (a hidden session answers like a missing one), the escalation log
 * with time and decider, closed sessions read-only but browsable, history, snapshots, the GeoJSON
 * export with its marking and audit record, the report, and bad input that must change nothing.
 * Runs on PGlite and, with `npm run test:postgres`, on PostgreSQL.
 */
import { sql } from 'drizzle-orm'
import type { FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type AnnotationRecord,
  type HistoryEntry,
  type LogEntry,
  type SessionDetail,
  type SessionSummary,
  type Snapshot,
  stateAt,
} from '../../common/crisis.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits } from '../http/security.ts'
import { UNUSED_UUID } from '../testing/app-routes.ts'
import { expectContractError } from '../testing/contract-error.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { signIn } from '../testing/sign-in.ts'
import { tableChecksums } from '../testing/table-checksums.ts'

const users = ['admin', 'krisledare', 'analytiker', 'polis', 'planerare', 'lasare'] as const
type User = (typeof users)[number]

let db: Database
let app: ReturnType<typeof createApp>
const cookies = {} as Record<User, string>
const userIds = {} as Record<User, string>
const actorIds = {} as Record<User, string>
let inside: [number, number]
/** The seeded example session, "Elavbrott i centrala … (demo)". */
let exampleId: string
const unexpected: unknown[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({
    db,
    config: { kommun: TEST_KOMMUN },
    limits: createRateLimits({ writesPerMinute: 10_000 }),
    log: (err) => unexpected.push(err),
  })
  for (const user of users) cookies[user] = await signIn(app, user)
  for (const row of await db.query<{ id: string; username: User; actor_id: string }>(
    sql`SELECT id::text AS id, username, actor_id::text AS actor_id FROM users`,
  )) {
    userIds[row.username] = row.id
    actorIds[row.username] = row.actor_id
  }
  inside = await pointInMunicipality(db)
  const [example] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM crisis_sessions WHERE title LIKE 'Elavbrott i centrala %' ORDER BY created_at LIMIT 1`,
  )
  exampleId = example!.id
})

afterAll(async () => {
  await db?.close()
})

async function call<T = unknown>(
  user: User | undefined,
  method: string,
  path: string,
  body?: unknown,
  target = app,
) {
  const res = await target.request(path, {
    method,
    headers: {
      ...(user ? { cookie: cookies[user] } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await res.clone().text()
  const json = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  return { status: res.status, body: json as T, headers: res.headers, res }
}

const square = (d = 0.01, [x, y] = inside) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + d, y],
      [x + d, y + d],
      [x, y + d],
      [x, y],
    ],
  ],
})

async function create(body: Record<string, unknown> = {}, as: User = 'krisledare'): Promise<SessionDetail> {
  const { status, body: answer } = await call<{ session: SessionDetail }>(as, 'POST', '/api/sessions', {
    title: `Vattenläcka ${Date.now().toString(36)}`,
    ...body,
  })
  expect(status, JSON.stringify(answer)).toBe(201)
  return answer.session
}

const audit = (entityId: string) =>
  db.query<{
    actor: string
    action: string
    entity: string
    before: unknown
    after: unknown
    details: Record<string, unknown> | null
  }>(
    sql`SELECT actor, action, entity, before, after, details FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`,
  )

const listed = async (user: User) =>
  (await call<{ sessions: SessionSummary[] }>(user, 'GET', '/api/sessions')).body.sessions.map((s) => s.id)

describe('creating and changing a session', () => {
  it('creates a session with its facts, the default level and the creator as chair, and audits it', async () => {
    const session = await create({ eventType: 'flood', affectedArea: square(), classification: 'internal' })
    expect(session).toMatchObject({
      status: 'open',
      escalationLevel: 'normal',
      eventType: 'flood',
      seq: 0,
      classification: 'internal',
      createdBy: 'krisledare',
      closedAt: null,
      agendaStep: null,
      presenterId: null,
      participants: [],
      rights: { role: 'chair', draw: true, chair: true },
    })
    expect(session.affectedArea).toEqual(square())
    const records = await audit(session.id)
    expect(records).toEqual([
      expect.objectContaining({ actor: 'krisledare', action: 'create', entity: 'crisis_session' }),
    ])
    const summary = (
      await call<{ sessions: SessionSummary[] }>('krisledare', 'GET', '/api/sessions')
    ).body.sessions.find((s) => s.id === session.id)
    expect(summary).toMatchObject({
      id: session.id,
      title: session.title,
      status: 'open',
      escalationLevel: 'normal',
    })
    expect(
      (await call<{ session: SessionDetail }>('krisledare', 'GET', `/api/sessions/${session.id}`)).body
        .session,
    ).toEqual(session)
  })

  it('lets only administrators and crisis managers create sessions', async () => {
    for (const user of ['analytiker', 'polis', 'planerare', 'lasare'] as const) {
      const { res } = await call(user, 'POST', '/api/sessions', { title: 'Inte min' })
      expect((await expectContractError(res, 403, { what: user })).code).toBe('forbidden')
    }
    await create({}, 'admin')
  })

  it('changes title, event type, area and agenda step for the chair only, each one seq in the history', async () => {
    const session = await create({ participants: [{ userId: userIds.analytiker }] })
    const patch = {
      title: 'Vattenläcka, Norra staden',
      eventType: 'water_outage',
      affectedArea: square(0.02),
      agendaStep: 'roll_call',
    }
    const changed = await call<{ session: SessionDetail }>(
      'krisledare',
      'PATCH',
      `/api/sessions/${session.id}`,
      patch,
    )
    expect(changed.status).toBe(200)
    expect(changed.body.session).toMatchObject({ ...patch, seq: 1, rights: { chair: true } })
    const refused = await call('analytiker', 'PATCH', `/api/sessions/${session.id}`, { title: 'Mitt namn' })
    expect((await expectContractError(refused.res, 403)).code).toBe('forbidden')
    const history = (
      await call<{ history: HistoryEntry[] }>('analytiker', 'GET', `/api/sessions/${session.id}/history`)
    ).body.history
    expect(history).toEqual([
      expect.objectContaining({ seq: 1, by: 'krisledare', change: { type: 'session', patch } }),
    ])
    const [record] = (await audit(session.id)).filter((r) => r.action === 'update')
    expect(record).toMatchObject({
      before: { title: session.title },
      after: { title: patch.title, agendaStep: 'roll_call' },
    })
  })
})

describe('invitations and who sees a session', () => {
  it('invites by user and by organisation; withdrawing the invitation hides the session again', async () => {
    const session = await create()
    expect(await listed('polis')).not.toContain(session.id)
    await expectContractError((await call('polis', 'GET', `/api/sessions/${session.id}`)).res, 404)

    const byUser = await call<{ participant: { id: string; role: string; name: string } }>(
      'krisledare',
      'POST',
      `/api/sessions/${session.id}/participants`,
      {
        userId: userIds.polis,
      },
    )
    expect(byUser.status).toBe(201)
    expect(byUser.body.participant).toMatchObject({
      userId: userIds.polis,
      role: 'participant',
      name: 'Per Polis (demo)',
      invitedBy: 'krisledare',
    })
    expect(await listed('polis')).toContain(session.id)
    const seen = (await call<{ session: SessionDetail }>('polis', 'GET', `/api/sessions/${session.id}`)).body
      .session
    expect(seen.rights).toEqual({ role: 'participant', draw: true, chair: false })

    const byOrganisation = await call<{ participant: { id: string } }>(
      'krisledare',
      'POST',
      `/api/sessions/${session.id}/participants`,
      {
        actorId: actorIds.planerare,
        role: 'observer',
      },
    )
    expect(byOrganisation.status).toBe(201)
    expect(await listed('planerare')).toContain(session.id)
    expect(
      (await call<{ session: SessionDetail }>('planerare', 'GET', `/api/sessions/${session.id}`)).body.session
        .rights,
    ).toEqual({
      role: 'observer',
      draw: false,
      chair: false,
    })
    const twice = await call('krisledare', 'POST', `/api/sessions/${session.id}/participants`, {
      userId: userIds.polis,
    })
    expect((await expectContractError(twice.res, 409)).code).toBe('conflict')
    const notChair = await call('polis', 'POST', `/api/sessions/${session.id}/participants`, {
      userId: userIds.analytiker,
    })
    expect((await expectContractError(notChair.res, 403)).code).toBe('forbidden')

    const withdrawn = await call(
      'krisledare',
      'DELETE',
      `/api/sessions/${session.id}/participants/${byOrganisation.body.participant.id}`,
    )
    expect(withdrawn.status).toBe(204)
    expect(await listed('planerare')).not.toContain(session.id)
    await expectContractError((await call('planerare', 'GET', `/api/sessions/${session.id}`)).res, 404)
    const rights = (await audit(session.id)).filter((r) => r.action === 'rights')
    expect(rights).toHaveLength(3)
    const history = (
      await call<{ history: HistoryEntry[] }>('krisledare', 'GET', `/api/sessions/${session.id}/history`)
    ).body.history
    expect(history.map((h) => h.seq)).toEqual([1, 2, 3])
  })

  it('answers a session the caller may not see exactly like one that does not exist, on every route', async () => {
    const hidden = await create({ classification: 'restricted', participants: [{ userId: userIds.polis }] })
    for (const suffix of ['', '/history', '/snapshots', '/export?format=geojson', '/report.pdf']) {
      for (const user of ['polis', 'analytiker', 'lasare'] as const) {
        const seen = await expectContractError(
          (await call(user, 'GET', `/api/sessions/${hidden.id}${suffix}`)).res,
          404,
          { what: `${user} ${suffix}` },
        )
        const missing = await expectContractError(
          (await call(user, 'GET', `/api/sessions/${UNUSED_UUID}${suffix}`)).res,
          404,
        )
        expect(seen.message.replace(hidden.id, '…')).toBe(missing.message.replace(UNUSED_UUID, '…'))
      }
    }
    // The police are invited, but restricted is above their clearance for crisis sessions.
    expect(await listed('polis')).not.toContain(hidden.id)
    expect(await listed('admin')).toContain(hidden.id)
  })

  it('lists the example session for the police through their organisation’s invitation', async () => {
    expect(await listed('polis')).toContain(exampleId)
    expect(await listed('lasare')).not.toContain(exampleId)
  })
})

describe('escalation', () => {
  it('logs every change of level with its time, reason and who decided, as two consecutive seqs', async () => {
    const session = await create()
    const t0 = Date.now()
    const res = await call<{ session: SessionDetail }>('krisledare', 'PATCH', `/api/sessions/${session.id}`, {
      escalationLevel: 'serious',
      escalationReason: 'Särskilda boenden utan reservkraft',
      decidedBy: 'Krisledningsnämndens ordförande',
    })
    expect(res.status).toBe(200)
    expect(res.body.session).toMatchObject({ escalationLevel: 'serious', seq: 2 })
    const second = await call('krisledare', 'PATCH', `/api/sessions/${session.id}`, {
      escalationLevel: 'extraordinary',
      escalationReason: 'Extraordinär händelse enligt LEH',
    })
    expect(second.status).toBe(200)
    const history = (
      await call<{ history: HistoryEntry[] }>('krisledare', 'GET', `/api/sessions/${session.id}/history`)
    ).body.history
    expect(history.map((h) => [h.seq, h.change.type])).toEqual([
      [1, 'session'],
      [2, 'log'],
      [3, 'session'],
      [4, 'log'],
    ])
    const entries = history.flatMap((h) => (h.change.type === 'log' ? [h.change.entry] : [])) as LogEntry[]
    expect(entries[0]).toMatchObject({
      kind: 'escalation',
      from: 'normal',
      to: 'serious',
      text: 'Särskilda boenden utan reservkraft',
      decidedBy: 'Krisledningsnämndens ordförande',
      createdBy: 'krisledare',
      version: 2,
    })
    // Without a named decider, the one who changed it decided.
    expect(entries[1]).toMatchObject({
      from: 'serious',
      to: 'extraordinary',
      decidedBy: 'Kim Krisledare (demo)',
    })
    for (const e of entries) expect(Date.parse(e.createdAt)).toBeGreaterThanOrEqual(t0 - 1000)
    const [stored] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM session_log WHERE session_id = ${session.id}::uuid AND kind = 'escalation'`,
    )
    expect(stored!.n).toBe(2)
  })

  it('takes the municipality’s own list of levels from the configuration', async () => {
    const levels = [
      { id: 'green', sv: 'Grön', en: 'Green' },
      { id: 'red', sv: 'Röd', en: 'Red' },
    ]
    const own = createApp({ db, config: { kommun: TEST_KOMMUN, escalationLevels: levels }, log: () => {} })
    const config = await call<{ escalationLevels: unknown }>(
      'krisledare',
      'GET',
      '/api/config',
      undefined,
      own,
    )
    expect(config.body.escalationLevels).toEqual(levels)
    const made = await call<{ session: SessionDetail }>(
      'krisledare',
      'POST',
      '/api/sessions',
      { title: 'Egen skala' },
      own,
    )
    expect(made.body.session.escalationLevel).toBe('green')
    const refused = await call(
      'krisledare',
      'POST',
      '/api/sessions',
      { title: 'Fel skala', escalationLevel: 'serious' },
      own,
    )
    expect((await expectContractError(refused.res, 400)).message).toMatch(/green, red/)
  })
})

describe('a closed session', () => {
  it('refuses every write with conflict and stays browsable; the chair may reopen it', async () => {
    const session = await create({ participants: [{ userId: userIds.analytiker }] })
    const closed = await call<{ session: SessionDetail }>(
      'krisledare',
      'PATCH',
      `/api/sessions/${session.id}`,
      { status: 'closed' },
    )
    expect(closed.body.session).toMatchObject({ status: 'closed', rights: { draw: false, chair: true } })
    expect(Date.parse(closed.body.session.closedAt!)).toBeGreaterThan(0)
    const before = await tableChecksums(db)
    for (const [method, path, body] of [
      ['PATCH', '', { title: 'Efteråt' }],
      ['PATCH', '', { escalationLevel: 'serious', escalationReason: 'För sent' }],
      ['POST', '/participants', { userId: userIds.polis }],
      ['POST', '/snapshots', { name: 'Efter stängning' }],
    ] as const) {
      const res = await call('krisledare', method, `/api/sessions/${session.id}${path}`, body)
      expect((await expectContractError(res.res, 409, { what: `${method} ${path}` })).message).toMatch(
        /closed/,
      )
    }
    for (const path of ['', '/history', '/snapshots', '/export?format=geojson'])
      expect((await call('analytiker', 'GET', `/api/sessions/${session.id}${path}`)).status, path).toBe(200)
    expect(await tableChecksums(db)).toEqual(before)
    const reopened = await call<{ session: SessionDetail }>(
      'krisledare',
      'PATCH',
      `/api/sessions/${session.id}`,
      { status: 'open' },
    )
    expect(reopened.body.session).toMatchObject({ status: 'open', closedAt: null })
    const notChair = await call('analytiker', 'PATCH', `/api/sessions/${session.id}`, { status: 'closed' })
    expect(notChair.status).toBe(403)
  })
})

describe('history, snapshots and hand-over of the example session', () => {
  it('folds the history into exactly the session’s live annotations', async () => {
    const history = (
      await call<{ history: HistoryEntry[] }>('krisledare', 'GET', `/api/sessions/${exampleId}/history`)
    ).body.history
    const session = (
      await call<{ session: SessionDetail }>('krisledare', 'GET', `/api/sessions/${exampleId}`)
    ).body.session
    expect(history.map((h) => h.seq)).toEqual(Array.from({ length: session.seq }, (_, i) => i + 1))
    const exported = (
      await call<FeatureCollection>('krisledare', 'GET', `/api/sessions/${exampleId}/export?format=geojson`)
    ).body
    const folded = stateAt(history, session.seq).annotations
    expect(new Set(exported.features.map((f) => f.id))).toEqual(new Set(folded.keys()))
    for (const f of exported.features) expect(f.properties?.version).toBe(folded.get(String(f.id))!.version)
  })

  it('saves a snapshot at the current seq and lists it after the seeded one', async () => {
    const session = await create({ participants: [{ userId: userIds.analytiker }] })
    await call('krisledare', 'PATCH', `/api/sessions/${session.id}`, { agendaStep: 'situation_reports' })
    const made = await call<{ snapshot: Snapshot }>(
      'analytiker',
      'POST',
      `/api/sessions/${session.id}/snapshots`,
      { name: 'Stabsmöte 1, 08:00' },
    )
    expect(made.status).toBe(201)
    expect(made.body.snapshot).toMatchObject({ name: 'Stabsmöte 1, 08:00', seq: 1, createdBy: 'analytiker' })
    const list = (
      await call<{ snapshots: Snapshot[] }>('analytiker', 'GET', `/api/sessions/${session.id}/snapshots`)
    ).body.snapshots
    expect(list).toEqual([made.body.snapshot])
    const seeded = (
      await call<{ snapshots: Snapshot[] }>('krisledare', 'GET', `/api/sessions/${exampleId}/snapshots`)
    ).body.snapshots
    expect(seeded.length).toBeGreaterThanOrEqual(1)
    expect(seeded[0]!.name).toMatch(/^Stabsmöte 1/)
  })

  it('refuses a second snapshot of the same name, suggesting a free one', async () => {
    const session = await create()
    const path = `/api/sessions/${session.id}/snapshots`
    expect((await call('krisledare', 'POST', path, { name: 'Stabsmöte 2, 10:00' })).status).toBe(201)
    const before = await tableChecksums(db)
    for (const name of ['Stabsmöte 2, 10:00', '  stabsmöte 2,   10:00 ']) {
      const refused = await call('krisledare', 'POST', path, { name })
      const error = await expectContractError(refused.res, 409, { what: name, echoes: [name.trim()] })
      expect(error).toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/already has a snapshot named/),
        // The suggestion keeps what was typed, its spacing tidied.
        details: { field: 'name', suggestion: `${name.trim().replace(/\s+/g, ' ')} (2)` },
      })
    }
    expect(await tableChecksums(db)).toEqual(before)
    expect((await call('krisledare', 'POST', path, { name: 'Stabsmöte 2, 10:00 (2)' })).status).toBe(201)
  })

  it('exports GeoJSON with the annotations’ attributes, the marking, and an audit record', async () => {
    const res = await call<
      FeatureCollection & { lagesbild: Record<string, unknown>; classification: string }
    >('polis', 'GET', `/api/sessions/${exampleId}/export?format=geojson`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/geo\+json/)
    expect(res.headers.get('x-classification')).toBe('internal')
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="session-.*-internal-.*\.geojson"/,
    )
    const body = res.body
    expect(body.type).toBe('FeatureCollection')
    expect(body.classification).toBe('internal')
    expect(body.lagesbild).toMatchObject({
      classification: 'internal',
      marking: 'INTERN',
      exportedBy: 'polis',
      sessionId: exampleId,
      title: expect.stringMatching(/^Elavbrott i centrala/),
      seq: expect.any(Number),
    })
    expect(body.features.length).toBe(10)
    for (const f of body.features)
      expect(f.properties).toMatchObject({
        kind: expect.any(String),
        version: expect.any(Number),
        createdBy: 'krisledare',
        createdAt: expect.any(String),
        updatedBy: expect.any(String),
        updatedAt: expect.any(String),
      })
    expect(body.features.some((f) => f.properties?.symbol === 'shelter')).toBe(true)
    const [record] = (await audit(exampleId)).filter((r) => r.action === 'export' && r.actor === 'polis')
    expect(record?.details).toMatchObject({
      format: 'geojson',
      count: 10,
      classification: 'internal',
      exportedBy: 'polis',
    })
  })

  it('marks an English export in English: INTERNAL, never the Swedish INTERN', async () => {
    const res = await call<FeatureCollection & { lagesbild: Record<string, unknown> }>(
      'polis',
      'GET',
      `/api/sessions/${exampleId}/export?format=geojson&lang=en`,
    )
    expect(res.status).toBe(200)
    expect(res.body.lagesbild).toMatchObject({ classification: 'internal', marking: 'INTERNAL', lang: 'en' })
  })

  it('exports the picture at an earlier seq, and refuses a seq ahead of the room', async () => {
    const early = (
      await call<FeatureCollection & { lagesbild: { seq: number } }>(
        'krisledare',
        'GET',
        `/api/sessions/${exampleId}/export?seq=6`,
      )
    ).body
    // The seed's first six changes: two agenda moves, the dark area, a report, the level, the fault.
    expect(early.lagesbild.seq).toBe(6)
    expect(early.features.length).toBe(2)
    for (const f of early.features) expect(f.properties?.version).toBeLessThanOrEqual(6)
    await expectContractError(
      (await call('krisledare', 'GET', `/api/sessions/${exampleId}/export?seq=100000`)).res,
      400,
    )
    await expectContractError((await call('lasare', 'GET', `/api/sessions/${exampleId}/export`)).res, 404)
  })

  it('refuses the viewer an export of an internal session it may read', async () => {
    const session = await create({ participants: [{ userId: userIds.lasare }] })
    expect((await call('lasare', 'GET', `/api/sessions/${session.id}`)).status).toBe(200)
    const refused = await call('lasare', 'GET', `/api/sessions/${session.id}/export?format=geojson`)
    expect((await expectContractError(refused.res, 403)).code).toBe('forbidden')
  })

  it('renders the situation report as a PDF, audited, in Swedish and English', async () => {
    for (const lang of ['sv', 'en'] as const) {
      const res = await call('krisledare', 'GET', `/api/sessions/${exampleId}/report.pdf?lang=${lang}`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const bytes = new Uint8Array(await res.res.arrayBuffer())
      expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-')
      expect(bytes.length).toBeGreaterThan(10_000)
    }
    const early = await call('krisledare', 'GET', `/api/sessions/${exampleId}/report.pdf?seq=5`)
    expect(early.status).toBe(200)
    const records = (await audit(exampleId)).filter(
      (r) => r.action === 'export' && r.details?.format === 'pdf',
    )
    expect(records.map((r) => r.details?.lang)).toEqual(expect.arrayContaining(['sv', 'en']))
  })
})

describe('bad input gets a 4xx in the contract shape and changes nothing', () => {
  let openId: string
  let checksums: Record<string, string>
  const bowTie = () => ({
    type: 'Polygon',
    coordinates: [
      [
        inside,
        [inside[0] + 0.01, inside[1] + 0.01],
        [inside[0] + 0.01, inside[1]],
        [inside[0], inside[1] + 0.01],
        inside,
      ],
    ],
  })

  beforeAll(async () => {
    openId = (await create({ participants: [{ userId: userIds.analytiker }] })).id
    checksums = await tableChecksums(db)
  })

  const rows: [string, User, string, () => string, unknown, number][] = [
    ['no title', 'krisledare', 'POST', () => '/api/sessions', {}, 400],
    ['an empty title', 'krisledare', 'POST', () => '/api/sessions', { title: '   ' }, 400],
    [
      'a title of 201 characters',
      'krisledare',
      'POST',
      () => '/api/sessions',
      { title: 'x'.repeat(201) },
      400,
    ],
    ['an unknown field', 'krisledare', 'POST', () => '/api/sessions', { title: 'x', seq: 99 }, 400],
    [
      'an unknown escalation level',
      'krisledare',
      'POST',
      () => '/api/sessions',
      { title: 'x', escalationLevel: 'apocalypse' },
      400,
    ],
    [
      'an unknown classification',
      'krisledare',
      'POST',
      () => '/api/sessions',
      { title: 'x', classification: 'secret' },
      400,
    ],
    [
      'a self-intersecting area',
      'krisledare',
      'POST',
      () => '/api/sessions',
      () => ({ title: 'x', affectedArea: bowTie() }),
      400,
    ],
    [
      'an area 500 km away',
      'krisledare',
      'POST',
      () => '/api/sessions',
      () => ({ title: 'x', affectedArea: { type: 'Point', coordinates: [inside[0] + 9, inside[1]] } }),
      400,
    ],
    [
      'an invitation by no id',
      'krisledare',
      'POST',
      () => '/api/sessions',
      { title: 'x', participants: [{ role: 'chair' }] },
      400,
    ],
    [
      'an invitation of a user who does not exist',
      'krisledare',
      'POST',
      () => '/api/sessions',
      { title: 'x', participants: [{ userId: UNUSED_UUID }] },
      // Note: 404 like an organisation the chair may not read, so an invitation cannot probe for one.
      404,
    ],
    ['a NUL in the title', 'krisledare', 'POST', () => '/api/sessions', { title: 'Brand\u0000' }, 400],
    ['a JSON array', 'krisledare', 'POST', () => '/api/sessions', [{ title: 'x' }], 400],
    ['truncated JSON', 'krisledare', 'POST', () => '/api/sessions', '{"title":', 400],
    ['a session by the viewer', 'lasare', 'POST', () => '/api/sessions', { title: 'x' }, 403],
    ['a change of nothing', 'krisledare', 'PATCH', () => `/api/sessions/${openId}`, {}, 400],
    [
      'an unknown status',
      'krisledare',
      'PATCH',
      () => `/api/sessions/${openId}`,
      { status: 'archived' },
      400,
    ],
    [
      'an unknown agenda step',
      'krisledare',
      'PATCH',
      () => `/api/sessions/${openId}`,
      { agendaStep: 'lunch' },
      400,
    ],
    [
      'a new level without a reason',
      'krisledare',
      'PATCH',
      () => `/api/sessions/${openId}`,
      { escalationLevel: 'serious' },
      400,
    ],
    [
      'the level it already has',
      'krisledare',
      'PATCH',
      () => `/api/sessions/${openId}`,
      { escalationLevel: 'normal' },
      400,
    ],
    [
      'a session id that is no UUID',
      'krisledare',
      'PATCH',
      () => '/api/sessions/elavbrott',
      { title: 'x' },
      400,
    ],
    [
      'a session that does not exist',
      'krisledare',
      'PATCH',
      () => `/api/sessions/${UNUSED_UUID}`,
      { title: 'x' },
      404,
    ],
    [
      'a change by a participant who is not chair',
      'analytiker',
      'PATCH',
      () => `/api/sessions/${openId}`,
      { title: 'x' },
      403,
    ],
    [
      'a change by someone not invited',
      'polis',
      'PATCH',
      () => `/api/sessions/${openId}`,
      { title: 'x' },
      404,
    ],
    [
      'an invitation by user and organisation at once',
      'krisledare',
      'POST',
      () => `/api/sessions/${openId}/participants`,
      { userId: UNUSED_UUID, actorId: UNUSED_UUID },
      400,
    ],
    [
      'an invitation as king',
      'krisledare',
      'POST',
      () => `/api/sessions/${openId}/participants`,
      { userId: UNUSED_UUID, role: 'king' },
      400,
    ],
    [
      'an organisation that does not exist',
      'krisledare',
      'POST',
      () => `/api/sessions/${openId}/participants`,
      { actorId: UNUSED_UUID },
      404,
    ],
    [
      'withdrawing an invitation that does not exist',
      'krisledare',
      'DELETE',
      () => `/api/sessions/${openId}/participants/${UNUSED_UUID}`,
      undefined,
      404,
    ],
    [
      'a snapshot without a name',
      'analytiker',
      'POST',
      () => `/api/sessions/${openId}/snapshots`,
      { name: '' },
      400,
    ],
    [
      'an export as CSV',
      'krisledare',
      'GET',
      () => `/api/sessions/${openId}/export?format=csv`,
      undefined,
      400,
    ],
    [
      'an export at seq -1',
      'krisledare',
      'GET',
      () => `/api/sessions/${openId}/export?seq=-1`,
      undefined,
      400,
    ],
    [
      'an export at seq 0x10',
      'krisledare',
      'GET',
      () => `/api/sessions/${openId}/export?seq=0x10`,
      undefined,
      400,
    ],
    [
      'a report in German',
      'krisledare',
      'GET',
      () => `/api/sessions/${openId}/report.pdf?lang=de`,
      undefined,
      400,
    ],
    [
      'a report at a snapshot of no one',
      'krisledare',
      'GET',
      () => `/api/sessions/${openId}/report.pdf?snapshot=${UNUSED_UUID}`,
      undefined,
      404,
    ],
  ]

  it.each(rows)('%s', async (name, user, method, path, body, status) => {
    const res = await call(user, method, path(), typeof body === 'function' ? body() : body)
    await expectContractError(res.res, status, { what: name })
  })

  it('left every table as it was, and met nothing unexpected', async () => {
    expect(await tableChecksums(db)).toEqual(checksums)
    expect(unexpected).toEqual([])
  })
})

describe('annotation records', () => {
  it('reads the seeded annotations as the wire shape', async () => {
    const exported = (await call<FeatureCollection>('krisledare', 'GET', `/api/sessions/${exampleId}/export`))
      .body
    const kinds = new Set(exported.features.map((f) => f.properties?.kind as AnnotationRecord['kind']))
    expect(kinds).toEqual(new Set(['polygon', 'point', 'circle', 'line', 'text']))
  })
})
