/**
 * Incident reporting through the API: any employee reports, sees their own reports and their status;
 * the follow-up assigns a responsible person who takes it to closed; every change is in the history
 * and the audit log; threats to staff are restricted whatever the reporter asks, and those without
 * the right never see another's report, nor its count in a way that pins it.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IncidentReport } from '../../common/incident-report.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
let position: [number, number]

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: (err) => console.error(err) })
  for (const user of ['admin', 'analytiker', 'polis', 'planerare', 'lasare'])
    cookies[user] = await signIn(app, user)
  position = await pointInMunicipality(db)
})
afterAll(async () => {
  await db?.close()
})

async function call<T>(user: string, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T }
}

const report = (fields: Record<string, unknown> = {}) => ({
  category: 'water_damage',
  occurredAt: '2026-11-30T08:15:00+01:00',
  severity: 2,
  description: 'Vattenläcka i källaren på Borgs skola (test)',
  injured: false,
  position,
  placeName: 'Borgs skola',
  ...fields,
})

describe('reporting and following up an incident', () => {
  let id: string
  let planerareId: string

  it('lets any employee report, stamped with who and where, status received', async () => {
    const { status, body } = await call<{ report: IncidentReport }>(
      'lasare',
      'POST',
      '/api/incident-reports',
      report(),
    )
    expect(status).toBe(201)
    id = body.report.id
    expect(body.report).toMatchObject({
      status: 'received',
      category: 'water_damage',
      injured: false,
      classification: 'internal',
      responsible: null,
      mayFollowUp: false,
    })
    expect(body.report.reporter.name).toMatch(/\S/)
    expect(body.report.history.map((h) => h.kind)).toEqual(['reported'])
    const [row] = await db.query<{ source: string; category_group: string; reporter: string | null }>(
      sql`SELECT source, category_group, reporter FROM incidents WHERE id = ${id}::uuid`,
    )
    expect(row).toMatchObject({ source: 'municipality', category_group: 'municipal' })
  })

  it('shows the reporter their own reports, and nobody else theirs', async () => {
    const mine = await call<{ reports: { id: string }[] }>(
      'lasare',
      'GET',
      '/api/incident-reports?scope=mine',
    )
    expect(mine.body.reports.map((r) => r.id)).toContain(id)
    const others = await call<{ reports: { id: string }[] }>(
      'planerare',
      'GET',
      '/api/incident-reports?scope=mine',
    )
    expect(others.body.reports.map((r) => r.id)).not.toContain(id)
    expect((await call('planerare', 'GET', `/api/incident-reports/${id}`)).status).toBe(404)
    expect((await call('planerare', 'GET', '/api/incident-reports?scope=all')).status).toBe(403)
  })

  it('lets the follow-up assign a responsible person, who moves it step by step to closed', async () => {
    const people = await call<{ people: { id: string; name: string; role: string }[] }>(
      'analytiker',
      'GET',
      '/api/incident-reports/assignees',
    )
    planerareId = people.body.people.find((p) => p.role === 'planner')!.id
    const assigned = await call<{ report: IncidentReport }>(
      'analytiker',
      'PATCH',
      `/api/incident-reports/${id}`,
      {
        responsibleId: planerareId,
        status: 'investigating',
        comment: 'Fastighetsförvaltningen kontaktad',
      },
    )
    expect(assigned.status).toBe(200)
    expect(assigned.body.report.status).toBe('investigating')
    expect(assigned.body.report.responsible?.id).toBe(planerareId)
    // The responsible person now sees it and may move it on, but not skip a step.
    const skip = await call('planerare', 'PATCH', `/api/incident-reports/${id}`, { status: 'received' })
    expect(skip.status).toBe(200)
    expect(
      (await call('planerare', 'PATCH', `/api/incident-reports/${id}`, { status: 'closed' })).status,
    ).toBe(409)
    await call('planerare', 'PATCH', `/api/incident-reports/${id}`, { status: 'investigating' })
    await call('planerare', 'PATCH', `/api/incident-reports/${id}`, { status: 'measures_decided' })
    const closed = await call<{ report: IncidentReport }>(
      'planerare',
      'PATCH',
      `/api/incident-reports/${id}`,
      {
        status: 'closed',
        comment: 'Rören bytta',
      },
    )
    expect(closed.body.report.status).toBe('closed')
    // The reporter may not change the status, but sees it and may comment.
    expect(
      (await call('lasare', 'PATCH', `/api/incident-reports/${id}`, { status: 'investigating' })).status,
    ).toBe(403)
    const seen = await call<{ report: IncidentReport }>('lasare', 'GET', `/api/incident-reports/${id}`)
    expect(seen.body.report.status).toBe('closed')
    expect(seen.body.report.history.map((h) => [h.kind, h.detail.to ?? null, h.by])).toEqual([
      ['reported', null, 'lasare'],
      ['responsible', planerareId, 'analytiker'],
      ['status', 'investigating', 'analytiker'],
      ['comment', null, 'analytiker'],
      ['status', 'received', 'planerare'],
      ['status', 'investigating', 'planerare'],
      ['status', 'measures_decided', 'planerare'],
      ['status', 'closed', 'planerare'],
      ['comment', null, 'planerare'],
    ])
  })

  it('audits every change with who and what', async () => {
    const rows = await db.query<{ actor: string; action: string }>(
      sql`SELECT actor, action FROM audit_log WHERE entity = 'incident-reports' AND entity_id = ${id} ORDER BY id`,
    )
    expect(rows.map((r) => `${r.actor}:${r.action}`)).toEqual([
      'lasare:create',
      'analytiker:update',
      'planerare:update',
      'planerare:update',
      'planerare:update',
      'planerare:update',
    ])
  })

  it('links the incident to an RSA risk, seen from both sides by those who may read both', async () => {
    const [risk] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM rsa_risks WHERE classification = 'internal' ORDER BY title LIMIT 1`,
    )
    const linked = await call<{ report: IncidentReport }>(
      'analytiker',
      'POST',
      `/api/incident-reports/${id}/risks`,
      {
        riskId: risk!.id,
      },
    )
    expect(linked.status).toBe(201)
    expect(linked.body.report.risks.map((r) => r.id)).toEqual([risk!.id])
    const fromRisk = await call<{ incidents: { id: string }[] }>(
      'analytiker',
      'GET',
      `/api/rsa/risks/${risk!.id}`,
    )
    expect(fromRisk.body.incidents.map((i) => i.id)).toContain(id)
  })
})

describe('threats against staff', () => {
  it('are restricted even when the reporter leaves them unmarked, and hidden from other viewers', async () => {
    const { body } = await call<{ report: IncidentReport }>(
      'lasare',
      'POST',
      '/api/incident-reports',
      report({ category: 'threat_to_staff', description: 'Hotad i receptionen (test)', restricted: false }),
    )
    expect(body.report.classification).toBe('restricted')
    // The reporter sees their own report; the incidents layer does not show it to a viewer.
    expect((await call('lasare', 'GET', `/api/incident-reports/${body.report.id}`)).status).toBe(200)
    expect((await call('lasare', 'GET', `/api/layers/incidents/features/${body.report.id}`)).status).toBe(404)
    expect((await call('analytiker', 'GET', `/api/incident-reports/${body.report.id}`)).status).toBe(200)
  })
})

describe('statistics', () => {
  it('gives cleared roles true counts per category and others cell-key counts over fixed periods', async () => {
    const [truth] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM incidents WHERE category = 'vandalism'`,
    )
    const cleared = await call<{ disclosure: string; rows: { key: string; count: number }[] }>(
      'analytiker',
      'GET',
      '/api/incident-reports/statistics?by=category',
    )
    expect(cleared.body.disclosure).toBe('none')
    expect(cleared.body.rows.find((r) => r.key === 'vandalism')?.count).toBe(truth!.n)
    const viewer = await call<{
      disclosure: string
      period: { label: string }
      rows: { key: string; count: number }[]
    }>('lasare', 'GET', '/api/incident-reports/statistics?by=district&from=2026-03-03&to=2026-03-20')
    expect(viewer.body.disclosure).toBe('cell-key')
    expect(viewer.body.period.label).toBe('2026-03')
    for (const row of viewer.body.rows) expect(row.count).toBeGreaterThanOrEqual(5)
    // A window a day apart is the same question, with the same answer.
    const again = await call(
      'lasare',
      'GET',
      '/api/incident-reports/statistics?by=district&from=2026-03-04&to=2026-03-19',
    )
    expect(again.body).toEqual(viewer.body)
  })
})
