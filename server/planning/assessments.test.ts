/**
 * The planner's report through the API: a plan with two sub-areas gets one finding per rule in
 * force in the county (the national fallback marked unverified), is saved, listed, revised (the
 * earlier version kept) and printed; a viewer may do none of it; the critical assets and the
 * district's incidents follow the reader's clearance; every write is audited.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type {
  AssessmentVersionSummary,
  PlanGeometry,
  PlanningAssessment,
  PlanningAssessmentSummary,
} from '../../common/planning-assessment.ts'
import { type Database, queryRows } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { readPdf } from '../reports/pdf-text.ts'
import { expectContractError } from '../testing/contract-error.ts'
import { signIn } from '../testing/sign-in.ts'
import { planningRulesFor } from './rules.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
/** A plan of two halves around a critical asset of the demo: housing west, a school east. */
let plan: { geometry: PlanGeometry; west: PlanGeometry; east: PlanGeometry }
let asset: { id: string; name: string }

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['planerare', 'lasare', 'analytiker']) cookies[user] = await signIn(app, user)
  // Note: around a critical asset inside the municipality, so the report has something nearby.
  const [row] = await queryRows<{ id: string; name: string; x: number; y: number }>(
    db.orm,
    sql`SELECT t.id::text, t.name, ST_X(ST_Transform(t.geom, 3006)) AS x, ST_Y(ST_Transform(t.geom, 3006)) AS y
      FROM critical_assets t, areas m
      WHERE m.kind = 'municipality' AND t.classification = 'internal' AND ST_Within(ST_Buffer(t.geom::geography, 1000)::geometry, m.geom)
      ORDER BY t.name LIMIT 1`,
  )
  asset = { id: row!.id, name: row!.name }
  const [x, y] = [Math.round(Number(row!.x)), Math.round(Number(row!.y))]
  const box = (x0: number, x1: number) =>
    `POLYGON((${x0} ${y - 150}, ${x1} ${y - 150}, ${x1} ${y + 150}, ${x0} ${y + 150}, ${x0} ${y - 150}))`
  const [g] = await queryRows<{ whole: PlanGeometry; west: PlanGeometry; east: PlanGeometry }>(
    db.orm,
    sql`SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromText(${box(x - 300, x + 300)}, 3006), 4326), 15)::json AS whole,
      ST_AsGeoJSON(ST_Transform(ST_GeomFromText(${box(x - 300, x)}, 3006), 4326), 15)::json AS west,
      ST_AsGeoJSON(ST_Transform(ST_GeomFromText(${box(x, x + 300)}, 3006), 4326), 15)::json AS east`,
  )
  plan = { geometry: g!.whole, west: g!.west, east: g!.east }
})

afterAll(async () => {
  await db?.close()
})

async function call<T = unknown>(user: string, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }) as Promise<Omit<Response, 'json'> & { json(): Promise<T> }>
}

const body = () => ({
  title: 'Kvarteret Fixturen',
  geometry: plan.geometry,
  landUses: ['B', 'S'],
  subAreas: [
    { name: 'Väst', landUses: ['B'], geometry: plan.west },
    { name: 'Öst', landUses: ['S'], geometry: plan.east },
  ],
})

describe('POST /api/planning/assessments', () => {
  let created: PlanningAssessment

  it('answers 201 with one finding per rule in force in the county, national fallbacks marked unverified', async () => {
    const res = await call<{ assessment: PlanningAssessment }>(
      'planerare',
      'POST',
      '/api/planning/assessments',
      body(),
    )
    expect(res.status).toBe(201)
    created = (await res.json()).assessment
    const rules = await planningRulesFor(db.orm, TEST_KOMMUN.slice(0, 2))
    expect(created.county).toBe('05')
    expect(created.findings.map((f) => f.ruleKey).sort()).toEqual(rules.map((r) => r.ruleKey).sort())
    for (const finding of created.findings) {
      expect(['ok', 'assess', 'conflict']).toContain(finding.verdict)
      const rule = rules.find((r) => r.ruleKey === finding.ruleKey)!
      expect(finding).toMatchObject({
        source: rule.source,
        verified: rule.verified,
        hazardKind: rule.hazardKind,
      })
      expect(finding.subAreas.map((s) => s.subArea).sort()).toEqual(['Väst', 'Öst'])
    }
    // Östergötland has no rules of its own: the hazardous-goods distance is the unverified practice.
    const goods = created.findings.find((f) => f.ruleKey === 'hazardous_goods_assessment_distance')!
    expect(goods).toMatchObject({ verified: false, countyRule: false, limitM: 150 })
    expect(goods.distanceM).toBeGreaterThanOrEqual(0)
    const heat = created.findings.find((f) => f.ruleKey === 'heat_warning')!
    expect(heat).toMatchObject({ verdict: 'assess', subArea: 'Öst', distanceM: null })
    expect(created.subAreas.map((s) => Math.round(s.areaM2))).toEqual([90_000, 90_000])
    expect(created.version).toBe(1)
  })

  it('lists the critical asset the plan surrounds for a planner who may read it', () => {
    expect(created.criticalAssets.map((a) => a.id)).toContain(asset.id)
  })

  it('saves, lists and audits the assessment', async () => {
    const list = await call<{ assessments: PlanningAssessmentSummary[] }>(
      'planerare',
      'GET',
      '/api/planning/assessments',
    )
    expect((await list.json()).assessments.map((a) => a.id)).toContain(created.id)
    const got = await call<{ assessment: PlanningAssessment }>(
      'planerare',
      'GET',
      `/api/planning/assessments/${created.id}`,
    )
    expect(got.status).toBe(200)
    expect((await got.json()).assessment.findings).toEqual(created.findings)
    const [audit] = await queryRows<{ actor: string; action: string }>(
      db.orm,
      sql`SELECT actor, action FROM audit_log WHERE entity = 'planning_assessments' AND entity_id = ${created.id}`,
    )
    expect(audit).toMatchObject({ actor: 'planerare', action: 'create' })
  })

  it('keeps the earlier version when revised, and lists both', async () => {
    const revised = await call<{ assessment: PlanningAssessment }>(
      'planerare',
      'POST',
      `/api/planning/assessments/${created.id}/revisions`,
      {
        ...body(),
        title: 'Kvarteret Fixturen, reviderad',
        landUses: ['B', 'P'],
        subAreas: [
          { name: 'Väst', landUses: ['B'], geometry: plan.west },
          { name: 'Öst', landUses: ['P'], geometry: plan.east },
        ],
      },
    )
    expect(revised.status).toBe(201)
    const after = (await revised.json()).assessment
    expect(after).toMatchObject({
      id: created.id,
      version: 2,
      versions: 2,
      title: 'Kvarteret Fixturen, reviderad',
    })
    expect(after.findings.find((f) => f.ruleKey === 'heat_warning')!.verdict).toBe('ok')
    const versions = await call<{ versions: AssessmentVersionSummary[] }>(
      'planerare',
      'GET',
      `/api/planning/assessments/${created.id}/versions`,
    )
    expect((await versions.json()).versions.map((v) => [v.version, v.title])).toEqual([
      [1, 'Kvarteret Fixturen'],
      [2, 'Kvarteret Fixturen, reviderad'],
    ])
    const first = await call<{ assessment: PlanningAssessment }>(
      'planerare',
      'GET',
      `/api/planning/assessments/${created.id}?version=1`,
    )
    expect((await first.json()).assessment).toMatchObject({ version: 1, versions: 2, landUses: ['B', 'S'] })
  })

  it('prints the report as a PDF with the verdicts, sources and "unverified" in words', async () => {
    for (const lang of ['sv', 'en'] as const) {
      const res = await call(
        'planerare',
        'GET',
        `/api/planning/assessments/${created.id}/report.pdf?lang=${lang}&version=1`,
      )
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/pdf')
      const { text } = readPdf(new Uint8Array(await res.arrayBuffer()))
      const all = text.join('\n')
      expect(all).toContain('Kvarteret Fixturen')
      if (lang === 'sv') {
        expect(all).toMatch(/INTERN|BEGRÄNSAD/)
        expect(all).toContain('Ska utredas')
        expect(all).toContain('Östergötlands län har inte antagit egna värden')
        expect(all).toContain('ej verifierad')
        expect(all).toContain('Plankarta')
      } else {
        expect(all).toContain('Must be assessed')
        expect(all).toContain('unverified')
        expect(all).toContain("Not the county's own")
      }
    }
  })
})

describe('need-to-know', () => {
  it('refuses the viewer every planning-report route', async () => {
    for (const [method, path, payload] of [
      ['POST', '/api/planning/assessments', body()],
      ['GET', '/api/planning/assessments', undefined],
    ] as const) {
      const res = await call('lasare', method, path, payload)
      const error = await expectContractError(res as Response, 403)
      expect(error.code).toBe('forbidden')
    }
  })

  it("leaves a restricted critical asset out of a planner's report but not an analyst's", async () => {
    await db.query(sql`UPDATE critical_assets SET classification = 'restricted' WHERE id = ${asset.id}::uuid`)
    try {
      const seen = async (user: string) => {
        const res = await call<{ assessment: PlanningAssessment }>(
          user,
          'POST',
          '/api/planning/assessments',
          body(),
        )
        expect(res.status).toBe(201)
        const a = (await res.json()).assessment
        return {
          ids: a.criticalAssets.map((x) => x.id),
          text: JSON.stringify(a),
          classification: a.classification,
        }
      }
      const planner = await seen('planerare')
      expect(planner.ids).not.toContain(asset.id)
      expect(planner.text).not.toContain(asset.name)
      const analyst = await seen('analytiker')
      expect(analyst.ids).toContain(asset.id)
      expect(analyst.classification).toBe('restricted')
    } finally {
      await db.query(sql`UPDATE critical_assets SET classification = 'internal' WHERE id = ${asset.id}::uuid`)
    }
  })

  it("gives the planner the district's incidents through the disclosure control, the analyst the true count", async () => {
    const res = async (user: string) =>
      (
        (await (
          await call<{ assessment: PlanningAssessment }>(user, 'POST', '/api/planning/assessments', body())
        ).json()) as {
          assessment: PlanningAssessment
        }
      ).assessment.safety
    const planner = await res('planerare')
    const analyst = await res('analytiker')
    expect(planner.length).toBeGreaterThan(0)
    expect(planner.every((s) => s.disclosureControl === 'cell-key')).toBe(true)
    expect(analyst.every((s) => s.disclosureControl === 'none' && s.incidents !== null)).toBe(true)
    for (const s of planner) if (s.incidents !== null) expect(s.incidents).toBeGreaterThanOrEqual(5)
  })
})
