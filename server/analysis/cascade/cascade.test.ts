/**
 * The cascade over the demo municipality through the real route: what krisledare gets for a
 * substation out 12 hours, a measure compared, a zone, and need-to-know (no cascade for the viewer,
 * and an answer on the readable subgraph that is exactly the answer without what is hidden).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCascade } from '../../../common/cascade.ts'
import type { CascadeAnswer } from '../../../common/cascade-api.ts'
import type { Database } from '../../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../../db/testing/test-database.ts'
import { createApp } from '../../app.ts'
import { createRateLimits } from '../../http/security.ts'
import { expectContractError } from '../../testing/contract-error.ts'
import { accessFor, signIn } from '../../testing/sign-in.ts'
import { cascadeAnswer } from './cascade-answer.ts'
import { readableGraph } from './readable-graph.ts'
import { resolveScenario } from './routes.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
let substationId: string

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits(), log: () => {} })
  for (const user of ['krisledare', 'analytiker', 'polis', 'planerare', 'lasare'])
    cookies[user] = await signIn(app, user)
  // The primary substation with the most dependents: the staff room's first question.
  const [row] = await db.query<{ id: string }>(sql`
    SELECT a.id::text AS id FROM critical_assets a JOIN asset_dependencies d ON d.provider_asset_id = a.id
    WHERE a.name LIKE 'Fördelningsstation%' GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1`)
  substationId = row.id
})

afterAll(async () => {
  await db?.close()
})

const post = (user: string, body: unknown) =>
  app.request('/api/analysis/cascade', {
    method: 'POST',
    headers: { cookie: cookies[user], 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })

async function cascade(user: string, body: unknown): Promise<CascadeAnswer> {
  const res = await post(user, body)
  const text = await res.text()
  expect(res.status, text.slice(0, 300)).toBe(200)
  return JSON.parse(text) as CascadeAnswer
}

describe('a substation out for 12 hours, as krisledare', () => {
  it('answers who fails when, sorted by time, with causes that were down at that time', async () => {
    const answer = await cascade('krisledare', { outages: [{ assetId: substationId, durationHours: 12 }] })
    expect(answer.horizonHours).toBe(168)
    expect(answer.affected[0]).toMatchObject({
      assetId: substationId,
      downAtHours: 0,
      upAtHours: 12,
      cause: 'outage',
    })
    expect(answer.affected.length).toBeGreaterThan(3)
    const byId = new Map(answer.affected.map((a) => [a.assetId, a]))
    for (let i = 1; i < answer.affected.length; i++)
      expect(answer.affected[i].downAtHours).toBeGreaterThanOrEqual(answer.affected[i - 1].downAtHours)
    for (const a of answer.affected) {
      if (a.cause === 'outage') continue
      // Every provider of the lost group was down at the moment the asset went down.
      for (const provider of a.cause.providerAssetIds) {
        const p = byId.get(provider)
        expect(p, `${a.name} names ${provider}`).toBeDefined()
        expect(p?.downAtHours).toBeLessThanOrEqual(a.downAtHours)
      }
    }
    expect(answer.residentsAffected).toBe(answer.affected.reduce((s, a) => s + (a.residentsServed ?? 0), 0))
    expect(answer.affected.some((a) => a.owner?.onCallPhone)).toBe(true)
    expect(answer.classification).toMatch(/^(open|internal|restricted)$/)
    expect(answer.compare).toBeNull()
  })

  it('compares one more backup hour on the worst-hit asset beside the present', async () => {
    const present = await cascade('krisledare', { outages: [{ assetId: substationId, durationHours: 12 }] })
    const worst = present.backupsRunningOut[0]
    expect(worst, 'some backup runs out within 12 hours').toBeDefined()
    const answer = await cascade('krisledare', {
      outages: [{ assetId: substationId, durationHours: 12 }],
      measures: [{ kind: 'assetBackup', assetId: worst.assetId, addHours: 1 }],
    })
    expect(answer.affected).toEqual(present.affected)
    const compare = answer.compare
    expect(compare).not.toBeNull()
    const before = present.affected.find((a) => a.assetId === worst.assetId)
    const after = compare?.affected.find((a) => a.assetId === worst.assetId)
    // One more hour: it goes down one hour later, or not at all.
    if (after) expect(after.downAtHours).toBe((before?.downAtHours ?? 0) + 1)
    expect(compare?.downHoursSaved).toBeGreaterThan(0)
    expect(compare?.residentsSaved).toBe(present.residentsAffected - (compare?.residentsAffected ?? 0))
  })

  it('exports the answer as marked CSV, one row per affected asset, and audits it', async () => {
    const body = { outages: [{ assetId: substationId, durationHours: 12 }] }
    const answer = await cascade('krisledare', body)
    const res = await app.request('/api/analysis/cascade/export?format=csv&lang=en', {
      method: 'POST',
      headers: { cookie: cookies.krisledare, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('X-Classification')).toBe(answer.classification)
    const lines = (await res.text()).trim().split('\r\n')
    expect(lines[0]).toMatch(/^# (OPEN|INTERNAL|RESTRICTED) /)
    expect(lines[2]).toMatch(/^asset,name,down at \(h\)/)
    expect(lines.slice(3)).toHaveLength(answer.affected.length)
    expect(lines[3]).toContain(answer.affected[0].name)
    const [audit] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'cascade' AND actor = 'krisledare'`,
    )
    expect(audit.n).toBe(1)
    const refused = await app.request('/api/analysis/cascade/export', {
      method: 'POST',
      headers: { cookie: cookies.lasare, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
    expect(refused.status).toBe(403)
  })

  it("lists the Styrel basis by class with each asset's electricity feeds, as JSON and marked CSV", async () => {
    const res = await app.request('/api/analysis/styrel-basis', { headers: { cookie: cookies.analytiker } })
    expect(res.status).toBe(200)
    const basis = (await res.json()) as {
      classes: { styrelClass: number; assets: { id: string; feeds: { providerAssetId: string }[] }[] }[]
    }
    const [counted] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM critical_assets WHERE styrel_class IS NOT NULL`,
    )
    expect(basis.classes.reduce((n, k) => n + k.assets.length, 0)).toBe(counted.n)
    expect(basis.classes.map((k) => k.styrelClass)).toEqual(
      [...basis.classes.map((k) => k.styrelClass)].sort(),
    )
    const [feeds] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM asset_dependencies d JOIN critical_assets a ON a.id = d.dependent_asset_id
        WHERE d.resource = 'electricity' AND a.styrel_class IS NOT NULL`,
    )
    expect(basis.classes.flatMap((k) => k.assets).reduce((n, a) => n + a.feeds.length, 0)).toBe(feeds.n)
    const csv = await app.request('/api/analysis/styrel-basis?format=csv&lang=sv', {
      headers: { cookie: cookies.analytiker },
    })
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[2]).toMatch(/^Styrelklass,prioritet,/)
    expect(lines.length - 3).toBe(counted.n)
    for (const user of ['lasare', 'polis'])
      expect(
        (await app.request('/api/analysis/styrel-basis', { headers: { cookie: cookies[user] } })).status,
      ).toBe(403)
  })

  it('takes out every readable asset inside a flood zone', async () => {
    const [zone] = await db.query<{ id: string; n: number }>(sql`
      SELECT z.id::text AS id, count(a.id)::int AS n FROM hazard_zones z
        JOIN critical_assets a ON ST_Intersects(a.geom, z.geom)
      GROUP BY z.id ORDER BY count(a.id) DESC LIMIT 1`)
    expect(zone?.n).toBeGreaterThan(0)
    const answer = await cascade('analytiker', { zone: { hazardZoneId: zone.id, durationHours: 24 } })
    expect(answer.outages).toHaveLength(zone.n)
    expect(answer.zone?.name).toBeTruthy()
    expect(answer.affected.filter((a) => a.cause === 'outage')).toHaveLength(zone.n)
  })
})

describe('need-to-know', () => {
  it('gives the viewer, the police and the planner no cascade, alike for ids that exist and that do not', async () => {
    for (const user of ['lasare', 'polis', 'planerare']) {
      const existing = await post(user, { outages: [{ assetId: substationId, durationHours: 12 }] })
      const missing = await post(user, {
        outages: [{ assetId: '00000000-0000-4000-8000-000000000001', durationHours: 12 }],
      })
      const invalid = await post(user, { outages: 'nonsense' })
      const body = await existing.clone().text()
      expect((await expectContractError(existing, 403)).code).toBe('forbidden')
      expect(await missing.text()).toBe(body)
      expect(await invalid.text()).toBe(body)
    }
  })

  it('computes on the readable subgraph exactly as if the hidden assets did not exist', async () => {
    // Make one provider on the substation's chain restricted: the police (internal clearance) may
    // not read it, so for them it and its dependencies are not there.
    const full = await readableGraph(db, accessFor('crisis'))
    const present = cascadeAnswer(full, {
      outages: [{ assetId: substationId, startHours: 0, durationHours: 12 }],
      horizonHours: 168,
      measures: [],
      zone: null,
    })
    const hidden = present.affected.find((a) => a.cause !== 'outage' && a.assetId !== substationId)
    expect(hidden).toBeDefined()
    const hiddenId = hidden?.assetId as string
    // Note: on PostgreSQL the suites share one database, so the classifications are put back after.
    const assetsBefore = await db.query<{ id: string; c: string }>(
      sql`SELECT id::text AS id, classification AS c FROM critical_assets`,
    )
    const dependenciesBefore = await db.query<{ id: string; c: string }>(
      sql`SELECT id::text AS id, classification AS c FROM asset_dependencies`,
    )
    await db.query(sql`UPDATE critical_assets SET classification = 'restricted' WHERE id = ${hiddenId}`)
    await db.query(sql`UPDATE critical_assets SET classification = 'internal'
      WHERE id <> ${hiddenId} AND classification = 'restricted'`)
    await db.query(
      sql`UPDATE asset_dependencies SET classification = 'internal' WHERE classification = 'restricted'`,
    )
    try {
      {
        const police = accessFor('police')
        const graph = await readableGraph(db, police)
        expect(graph.assets.some((a) => a.id === hiddenId)).toBe(false)
        expect(
          graph.dependencies.some((d) => d.providerAssetId === hiddenId || d.dependentAssetId === hiddenId),
        ).toBe(false)
        const request = {
          outages: [{ assetId: substationId, startHours: 0, durationHours: 12 }],
          horizonHours: 168,
          measures: [],
        }
        const scenario = await resolveScenario(db, police, graph, request)
        const answer = cascadeAnswer(graph, scenario)
        // The same graph without the hidden asset, built from the full one by hand.
        const expected = runCascade({
          assets: full.assets.filter((a) => a.id !== hiddenId),
          dependencies: full.dependencies.filter(
            (d) => d.providerAssetId !== hiddenId && d.dependentAssetId !== hiddenId,
          ),
          outages: request.outages,
          horizonHours: 168,
        })
        const periods = (list: { assetId: string; periods: unknown }[]) =>
          Object.fromEntries(list.map((a) => [a.assetId, a.periods]))
        expect(periods(answer.affected)).toEqual(periods(expected.affected))
        expect(answer.affected.length).toBeGreaterThan(1)
        expect(JSON.stringify(answer)).not.toContain(hiddenId)
        expect(answer.classification).not.toBe('restricted')
        // Naming the hidden asset reads exactly like naming one that does not exist.
        const refusal = async (assetId: string) =>
          resolveScenario(db, police, graph, {
            ...request,
            outages: [{ assetId, startHours: 0, durationHours: 1 }],
          })
            .then(() => 'answered')
            .catch((e: Error) => e.message.replace(assetId, '<id>'))
        expect(await refusal(hiddenId)).toBe(await refusal('00000000-0000-4000-8000-000000000001'))
        expect(await refusal(hiddenId)).toBe('No critical asset <id>')
      }
    } finally {
      await db.query(sql`UPDATE critical_assets t SET classification = r.c
        FROM jsonb_to_recordset(${JSON.stringify(assetsBefore)}::jsonb) AS r(id uuid, c text) WHERE t.id = r.id`)
      await db.query(sql`UPDATE asset_dependencies t SET classification = r.c
        FROM jsonb_to_recordset(${JSON.stringify(dependenciesBefore)}::jsonb) AS r(id uuid, c text) WHERE t.id = r.id`)
    }
  })
})
