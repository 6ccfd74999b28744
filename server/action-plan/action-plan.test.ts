/**
 * The action plan through the API: the council's analyst and the police write measures as objects
 * of the `action-measures` layer (validated, audited), everyone who may read the plan sees it at a
 * glance, and a measure's follow-up counts its incidents inside its place and in the rest of the
 * municipality: exactly for roles cleared for every incident (checked against the incident points
 * themselves, counted here with turf), through the disclosure control for the others.
 */
import { booleanPointInPolygon } from '@turf/turf'
import { sql } from 'drizzle-orm'
import type { Feature, FeatureCollection, MultiPolygon, Point } from 'geojson'
import { describe, expect, it } from 'vitest'
import { type MeasureFollowUp, MeasureFollowUp as MeasureFollowUpSchema } from '../../common/action-plan.ts'
import { incidentCategoryTerms } from '../../common/domain.ts'
import { DISCLOSURE_THRESHOLD } from '../disclosure/cell-key.ts'
import { badInputHarness, badInputTable, type DemoUser, JSON_HEADERS } from '../testing/bad-input.ts'
import { expectContractError } from '../testing/contract-error.ts'
import { categoriesOf, periodStart, periodsBetween } from './follow-up.ts'

const h = badInputHarness()

async function call(user: DemoUser, method: string, path: string, body?: unknown) {
  return h.app.request(path, {
    method,
    headers: { cookie: h.cookies[user], ...(body === undefined ? {} : JSON_HEADERS) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

interface Listed {
  id: string
  title: string
  status: string
  overdue: boolean
  startDate: string
  owner?: string
  classification: string
}

async function plan(user: DemoUser) {
  const res = await call(user, 'GET', '/api/action-plan/measures')
  expect(res.status).toBe(200)
  return (await res.json()) as { measures: Listed[]; summary: Record<string, number> }
}

async function followUp(user: DemoUser, id: string, beforeMonths = 12): Promise<MeasureFollowUp> {
  const res = await call(
    user,
    'GET',
    `/api/action-plan/measures/${id}/follow-up?beforeMonths=${beforeMonths}`,
  )
  expect(res.status, await res.clone().text()).toBe(200)
  return MeasureFollowUpSchema.parse(await res.json())
}

const nightlifeId = async () =>
  (await plan('analytiker')).measures.find((m) => m.title.startsWith('Belysning, ordningsvakter'))!.id

/** A small measure around a point, valid for the municipality of the test database. */
const square = (lon: number, lat: number, d = 0.004): MultiPolygon => ({
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [lon - d, lat - d],
        [lon + d, lat - d],
        [lon + d, lat + d],
        [lon - d, lat + d],
        [lon - d, lat - d],
      ],
    ],
  ],
})

async function somePlace(): Promise<[number, number]> {
  const [row] = await h.db.query<{ lon: number; lat: number }>(sql`
    SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
    FROM areas WHERE kind = 'district' ORDER BY code LIMIT 1`)
  return [Number(row!.lon), Number(row!.lat)]
}

const measure = (place: MultiPolygon, properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: place,
  properties: {
    title: 'Trygghetsvandringar (test)',
    problem: 'Otrygghet kvällstid',
    startDate: '2025-06-01',
    endDate: '2026-05-31',
    status: 'ongoing',
    partners: ['Polisen'],
    indicators: [{ kind: 'incidents', categories: ['assault'] }],
    ...properties,
  },
})

describe('the plan at a glance', () => {
  it('lists the demo measures with their status, owner and overdue flag, and sums them', async () => {
    const { measures, summary } = await plan('analytiker')
    expect(measures.length).toBeGreaterThanOrEqual(4)
    expect(summary.ongoing + summary.planned + summary.completed + summary.cancelled).toBe(measures.length)
    const nightlife = measures.find((m) => m.title.startsWith('Belysning, ordningsvakter'))!
    expect(nightlife).toMatchObject({
      status: 'ongoing',
      startDate: '2025-04-01',
      classification: 'internal',
    })
    expect(nightlife.owner).toMatch(/\(demo\)/)
    // The burglary measure ended in 2025 and is completed: done measures are never overdue.
    expect(measures.find((m) => m.title.startsWith('Grannsamverkan'))!.overdue).toBe(false)
  })

  it('shows the viewer the plan, which is internal, but not a measure marked restricted', async () => {
    const [lon, lat] = await somePlace()
    const created = await call(
      'analytiker',
      'POST',
      '/api/layers/action-measures/features',
      measure(square(lon, lat), { title: 'Skyddad åtgärd (test)', classification: 'restricted' }),
    )
    expect(created.status).toBe(201)
    const id = String(((await created.json()) as Feature).id)
    try {
      expect((await plan('analytiker')).measures.map((m) => m.id)).toContain(id)
      const viewer = await plan('lasare')
      expect(viewer.measures.map((m) => m.id)).not.toContain(id)
      expect(viewer.measures.length).toBe((await plan('analytiker')).measures.length - 1)
      // Its follow-up answers as if it did not exist.
      const res = await call('lasare', 'GET', `/api/action-plan/measures/${id}/follow-up`)
      await expectContractError(res, 404)
    } finally {
      await call('analytiker', 'DELETE', `/api/layers/action-measures/features/${id}`)
    }
  })
})

describe('the follow-up', () => {
  it('counts exactly, month by month, the incidents the measure names inside its place and in the rest', async () => {
    const id = await nightlifeId()
    const answer = await followUp('analytiker', id)
    const incidents = answer.indicators.find((i) => i.kind === 'incidents')!
    expect(incidents).toMatchObject({
      disclosureControl: 'none',
      periodKind: 'month',
      categories: ['assault', 'robbery'],
    })
    // Every month from twelve months before the start (2025-04-01) up to the last month of data.
    expect(incidents.series[0]!.period).toBe('2024-04-01')
    expect(incidents.series.map((p) => p.period)).toEqual(
      periodsBetween('2024-04-01', incidents.series.at(-1)!.period.replace(/-01$/, '-02'), 'month'),
    )

    // The same counts from the incident points and the measure's polygon, counted apart from SQL.
    const place = (await (
      await call('analytiker', 'GET', `/api/layers/action-measures/features/${id}`)
    ).json()) as Feature<MultiPolygon>
    const points = (await (
      await call('analytiker', 'GET', '/api/layers/incidents/features?limit=10000&category=assault,robbery')
    ).json()) as FeatureCollection<Point>
    expect(points.features.length).toBeGreaterThan(0)
    const monthOf = (iso: string) =>
      new Date(iso).toLocaleDateString('sv-SE', { timeZone: 'Europe/Stockholm' }).slice(0, 7)
    for (const p of incidents.series.filter((_, i) => i % 5 === 0)) {
      const month = p.period.slice(0, 7)
      const inMonth = points.features.filter((f) => monthOf(String(f.properties!.occurredAt)) === month)
      const inside = inMonth.filter((f) => booleanPointInPolygon(f, place)).length
      expect({ month, inside: p.inside, rest: p.rest }).toEqual({
        month,
        inside,
        rest: inMonth.length - inside,
      })
    }
    expect(incidents.series.filter((p) => p.inside! > 0).length).toBeGreaterThan(6)
    // The before/after summary is the mean of those months.
    const before = incidents.series.filter((p) => p.period < '2025-04-01')
    expect(before.length).toBe(12)
    expect(incidents.summary.insideBefore).toBeCloseTo(before.reduce((a, p) => a + p.inside!, 0) / 12, 9)
    expect(answer.classification).toBe('restricted')
  })

  it('gives survey indicators per year, inside the districts the place lies in and in the rest', async () => {
    const answer = await followUp('analytiker', await nightlifeId())
    const survey = answer.indicators.find((i) => i.kind === 'survey')!
    expect(survey).toMatchObject({ indicator: 'unsafe_at_night' })
    expect(survey.years.map((y) => y.year)).toEqual([2024, 2025, 2026])
    for (const y of survey.years) {
      expect(y.respondentsInside).toBeGreaterThan(0)
      expect(y.inside).toBeGreaterThanOrEqual(0)
      expect(y.rest).toBeGreaterThanOrEqual(0)
    }
  })

  it('gives a role without clearance only published counts: quarters, the whole group, no small count', async () => {
    const id = await nightlifeId()
    const answer = await followUp('lasare', id)
    const incidents = answer.indicators.find((i) => i.kind === 'incidents')!
    expect(incidents).toMatchObject({
      disclosureControl: 'cell-key',
      periodKind: 'quarter',
      categories: ['crime'],
    })
    expect(answer.classification).toBe('internal')
    for (const p of incidents.series) {
      expect(p.period).toBe(periodStart(p.period, 'quarter'))
      for (const n of [p.inside, p.rest])
        if (n !== null && n !== 0) expect(n).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
    }
    // Whole quarters only: the demo's incidents end with October 2026, so the last is the third.
    expect(incidents.series.at(-1)!.period).toBe('2026-07-01')
    // The same question asked twice gives the same published answer: no averaging the noise away.
    expect(await followUp('lasare', id)).toEqual(answer)
    // The planner, who also lacks clearance for the points, gets the same published counts.
    expect((await followUp('planerare', id)).indicators).toEqual(answer.indicators)
  })

  it('follows a measure drawn by the police from the moment it is written', async () => {
    const [lon, lat] = await somePlace()
    const res = await call(
      'polis',
      'POST',
      '/api/layers/action-measures/features',
      measure(square(lon, lat, 0.01)),
    )
    expect(res.status).toBe(201)
    const created = (await res.json()) as Feature
    try {
      const [audit] = await h.db.query<{ actor: string; action: string }>(sql`
        SELECT actor, action FROM audit_log WHERE entity = 'action-measures' AND entity_id = ${String(created.id)}`)
      expect(audit).toMatchObject({ actor: 'polis', action: 'create' })
      const answer = await followUp('polis', String(created.id), 6)
      const incidents = answer.indicators[0]!
      expect(incidents.kind === 'incidents' && incidents.series[0]!.period).toBe('2024-12-01')
    } finally {
      await call('polis', 'DELETE', `/api/layers/action-measures/features/${String(created.id)}`)
    }
  })

  it('expands a category group to its categories', () => {
    expect(categoriesOf(['fire'])).toEqual(['building_fire', 'outdoor_fire'])
    expect(categoriesOf(['crime', 'assault']).length).toBe(
      Object.values(incidentCategoryTerms).filter((t) => t.group === 'crime').length,
    )
  })
})

describe('changes that break the rule across properties', () => {
  it('refuses a change of the end date alone to before the stored start, naming the field', async () => {
    const [lon, lat] = await somePlace()
    const res = await call(
      'analytiker',
      'POST',
      '/api/layers/action-measures/features',
      measure(square(lon, lat)),
    )
    const id = String(((await res.json()) as Feature).id)
    try {
      const change = await call('analytiker', 'PATCH', `/api/layers/action-measures/features/${id}`, {
        properties: { endDate: '2025-01-01' },
      })
      const error = await expectContractError(change, 400)
      expect(error.message).toMatch(/properties\.endDate/)
      const [row] = await h.db.query<{ end_date: string }>(sql`
        SELECT to_char(end_date, 'YYYY-MM-DD') AS end_date FROM action_measures WHERE id = ${id}::uuid`)
      expect(row!.end_date).toBe('2026-05-31')
    } finally {
      await call('analytiker', 'DELETE', `/api/layers/action-measures/features/${id}`)
    }
  })
})

const validPlace = square(16.19, 58.59)
const UNKNOWN = '00000000-0000-4000-8000-000000000000'

badInputTable(h, 'bad input to the action plan', [
  {
    name: 'a planner may not write the plan',
    as: 'planerare',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace),
    status: 403,
  },
  {
    name: 'a measure that ends before it starts',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { startDate: '2026-01-01', endDate: '2025-01-01' }),
    status: 400,
    message: /properties\.endDate/,
  },
  {
    name: 'an indicator of an unknown incident category',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { indicators: [{ kind: 'incidents', categories: ['jaywalking'] }] }),
    status: 400,
  },
  {
    name: 'an indicator of an unknown survey question',
    as: 'polis',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { indicators: [{ kind: 'survey', indicator: 'happiness' }] }),
    status: 400,
  },
  {
    name: 'an unknown status',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { status: 'maybe' }),
    status: 400,
  },
  {
    name: 'a date that is not a date',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { startDate: '2025-02-30x' }),
    status: 400,
  },
  {
    name: 'an owner that is no actor',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { ownerActorId: UNKNOWN }),
    status: 400,
  },
  {
    name: 'a district that does not exist',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: measure(validPlace, { areaId: UNKNOWN }),
    status: 400,
  },
  {
    name: 'a place that is a point',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: { ...measure(validPlace), geometry: { type: 'Point', coordinates: [16.19, 58.59] } },
    status: 400,
  },
  {
    name: 'a self-intersecting place',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/action-measures/features',
    headers: JSON_HEADERS,
    body: {
      ...measure(validPlace),
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [16.18, 58.58],
            [16.2, 58.6],
            [16.2, 58.58],
            [16.18, 58.6],
            [16.18, 58.58],
          ],
        ],
      },
    },
    status: 400,
  },
  {
    name: 'a follow-up of a measure that does not exist',
    as: 'analytiker',
    path: `/api/action-plan/measures/${UNKNOWN}/follow-up`,
    status: 404,
  },
  {
    name: 'a follow-up by an id that is no UUID',
    as: 'analytiker',
    path: '/api/action-plan/measures/x/follow-up',
    status: 400,
  },
  {
    name: 'a follow-up looking back five years and more',
    as: 'analytiker',
    path: `/api/action-plan/measures/${UNKNOWN}/follow-up?beforeMonths=61`,
    status: 400,
  },
  {
    name: 'a follow-up with an unknown parameter',
    as: 'analytiker',
    path: `/api/action-plan/measures/${UNKNOWN}/follow-up?months=3`,
    status: 400,
  },
  { name: 'the plan without signing in', path: '/api/action-plan/measures', status: 401 },
])
