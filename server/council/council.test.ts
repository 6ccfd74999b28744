/**
 * The council's counts, trends and surveys through the API: exact for the roles cleared for the
 * incident points (checked against counts made here in SQL), and for the viewer (`lasare`) exactly
 * what the cell-key method publishes (recomputed here from the record keys), with nearby questions
 * answered alike so that no difference of two answers pins an incident.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CrimeTrends, IncidentCounts, SurveyComparison } from '../../common/council.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import {
  DISCLOSURE_THRESHOLD,
  disclosureSecret,
  publishedCount,
  recordKeyOf,
} from '../disclosure/cell-key.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['lasare', 'planerare', 'polis', 'analytiker']) cookies[user] = await signIn(app, user)
})
afterAll(async () => {
  await db?.close()
})

async function get<T>(user: string, path: string): Promise<T> {
  const res = await app.request(path, { headers: { cookie: cookies[user]! } })
  expect(res.status, await res.clone().text()).toBe(200)
  return (await res.json()) as T
}

const NIGHT = '22,23,0,1,2,3,4,5'
const assaultsAtNight = `/api/council/incidents?category=assault&from=2025-11-01&to=2026-11-01&hour=${NIGHT}`

/** The true count of assaults at night (Stockholm time) in the year, made here in SQL. */
async function trueAssaultsAtNight(extra = sql``): Promise<{ id: string }[]> {
  return db.query<{ id: string }>(sql`
    SELECT id::text AS id FROM incidents
    WHERE category = 'assault' AND occurred_at >= '2025-11-01'::timestamptz AND occurred_at < '2026-11-01'::timestamptz
      AND extract(hour FROM occurred_at AT TIME ZONE 'Europe/Stockholm')::int IN (22,23,0,1,2,3,4,5) ${extra}`)
}

describe('counts that follow the filter', () => {
  it('gives the police and the analyst the true counts of exactly their filter', async () => {
    const truth = await trueAssaultsAtNight()
    expect(truth.length).toBeGreaterThan(50)
    for (const user of ['polis', 'analytiker']) {
      const answer = await get<IncidentCounts>(user, assaultsAtNight)
      expect(answer.answered).toMatchObject({ disclosure: 'none', categories: ['assault'] })
      expect(answer.total).toBe(truth.length)
      expect(answer.months.reduce((s, m) => s + m.count!, 0)).toBe(truth.length)
      expect(answer.weekdayHours.reduce((s, c) => s + c.count!, 0)).toBe(truth.length)
      expect(answer.categories).toEqual([{ category: 'assault', count: truth.length }])
      expect(new Set(answer.weekdayHours.map((c) => c.hour))).toEqual(new Set([22, 23, 0, 1, 2, 3, 4, 5]))
      expect(answer.months.map((m) => m.month)).toEqual(
        [...new Set(answer.months.map((m) => m.month))].sort(),
      )
    }
  })

  it('counts each district from the incidents inside it', async () => {
    const answer = await get<IncidentCounts>('analytiker', assaultsAtNight)
    const [biggest] = answer.districts
    const [row] = await db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM incidents t JOIN areas a ON a.id = ${biggest!.id}::uuid AND ST_Contains(a.geom, t.geom)
      WHERE t.id::text IN (${sql.join(
        (await trueAssaultsAtNight()).map((r) => sql`${r.id}`),
        sql`, `,
      )})`)
    expect(biggest!.count).toBe(Number(row!.n))
  })

  it('weekday filters keep only those days', async () => {
    const answer = await get<IncidentCounts>('polis', `${assaultsAtNight}&weekday=6,7`)
    expect(new Set(answer.weekdayHours.map((c) => c.weekday))).toEqual(new Set([6, 7]))
    const truth = await trueAssaultsAtNight(
      sql`AND extract(isodow FROM occurred_at AT TIME ZONE 'Europe/Stockholm')::int IN (6, 7)`,
    )
    expect(answer.total).toBe(truth.length)
  })
})

describe('the viewer gets only what the disclosure control publishes', () => {
  it('answers the fixed question: the year, all crime, the night band', async () => {
    const answer = await get<IncidentCounts>('lasare', assaultsAtNight)
    expect(answer.answered).toEqual({
      disclosure: 'cell-key',
      period: 'all',
      periodFrom: null,
      periodTo: null,
      categoryGroup: 'crime',
      weekdayBand: null,
      hourBand: 'night',
      minimumCount: DISCLOSURE_THRESHOLD,
    })
  })

  it('publishes each count as the cell-key method does, recomputed here from the record keys', async () => {
    const secret = await disclosureSecret(db)
    const answer = await get<IncidentCounts>(
      'lasare',
      '/api/council/incidents?category=crime&from=2026-03-01&to=2026-04-01&hour=22,23',
    )
    expect(answer.answered).toMatchObject({ period: '2026-03', hourBand: 'night' })
    const records = await db.query<{ id: string; weekday: number; hour: number; category: string }>(sql`
      SELECT id::text AS id, extract(isodow FROM occurred_at AT TIME ZONE 'Europe/Stockholm')::int AS weekday,
        extract(hour FROM occurred_at AT TIME ZONE 'Europe/Stockholm')::int AS hour, category
      FROM incidents WHERE category_group = 'crime'
        AND (occurred_at AT TIME ZONE 'Europe/Stockholm') >= '2026-03-01' AND (occurred_at AT TIME ZONE 'Europe/Stockholm') < '2026-04-01'
        AND extract(hour FROM occurred_at AT TIME ZONE 'Europe/Stockholm')::int IN (22,23,0,1,2,3,4,5)`)
    const published = (ids: string[]) =>
      publishedCount(
        ids.length,
        ids.reduce((s, id) => (s + recordKeyOf(secret, id)) % 256, 0),
      )
    expect(answer.total).toBe(published(records.map((r) => r.id)))
    expect(answer.total).not.toBeNull()
    // Every cell of the weekday-by-hour table, suppressed ones left out.
    const expected = []
    for (let weekday = 1; weekday <= 7; weekday++)
      for (let hour = 0; hour < 24; hour++) {
        const count = published(
          records.filter((r) => r.weekday === weekday && r.hour === hour).map((r) => r.id),
        )
        if (count !== null) expected.push({ weekday, hour, count })
      }
    expect(answer.weekdayHours).toEqual(expected)
    // Small cells exist in this table, and none of them is shown.
    const small = new Set<string>()
    for (const r of records) small.add(`${r.weekday}/${r.hour}`)
    expect(expected.length).toBeLessThan(small.size)
    for (const list of [answer.weekdayHours, answer.districts, answer.categories, answer.months])
      for (const cell of list) expect(cell.count).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
  })

  it('gives the same answer to nearby questions, so no difference of two answers pins an incident', async () => {
    const base = await get<IncidentCounts>(
      'lasare',
      '/api/council/incidents?category=assault&from=2026-03-01&to=2026-04-01&hour=22,23,0',
    )
    for (const nearby of [
      '/api/council/incidents?category=crime&from=2026-03-02&to=2026-04-01&hour=23',
      '/api/council/incidents?category=assault,robbery&from=2026-03-01T00:00&to=2026-03-31&hour=22,23,0,1,2,3,4,5',
      '/api/council/incidents?category=vandalism&from=2026-03-10&to=2026-03-11&hour=4',
    ])
      expect(await get<IncidentCounts>('lasare', nearby)).toEqual(base)
    // A free set of hours that fits no band is the whole day, not those hours.
    const spanning = await get<IncidentCounts>(
      'lasare',
      '/api/council/incidents?category=assault&from=2026-03-01&to=2026-04-01&hour=5,6',
    )
    expect(spanning.answered).toMatchObject({ hourBand: null })
    expect(new Set(spanning.weekdayHours.map((c) => c.hour)).size).toBeGreaterThan(8)
  })

  it('carries no incident, id or point: only counts', async () => {
    const answer = await get<IncidentCounts>('lasare', assaultsAtNight)
    const text = JSON.stringify(answer)
    const [restricted] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM incidents WHERE classification = 'restricted' LIMIT 1`,
    )
    expect(text).not.toContain(restricted!.id)
    expect(text).not.toMatch(/coordinates|occurredAt|description/)
  })
})

describe('trends of reported crime', () => {
  it('gives cleared roles the true monthly series with the year before and the seasonal means', async () => {
    const trends = await get<CrimeTrends>('analytiker', '/api/council/trends?category=assault')
    const rows = await db.query<{ month: string; n: number }>(sql`
      SELECT to_char(month, 'YYYY-MM') AS month, sum(count)::int AS n FROM crime_statistics
      WHERE category = 'assault' GROUP BY 1 ORDER BY 1`)
    expect(trends.months.map((m) => [m.month, m.count])).toEqual(rows.map((r) => [r.month, Number(r.n)]))
    const march26 = trends.months.find((m) => m.month === '2026-03')!
    expect(march26.lastYear).toBe(trends.months.find((m) => m.month === '2025-03')!.count)
    expect(trends.months[0]!.lastYear).toBeNull()
    const novembers = trends.months.filter((m) => m.month.endsWith('-11')).map((m) => m.count!)
    expect(trends.seasonality[10]!.mean).toBeCloseTo(
      novembers.reduce((a, b) => a + b, 0) / novembers.length,
      9,
    )
  })

  it('gives one district its own series', async () => {
    const all = await get<CrimeTrends>('polis', '/api/council/trends')
    const district = all.districts[0]!
    const one = await get<CrimeTrends>('polis', `/api/council/trends?district=${district.id}`)
    const [row] = await db.query<{ n: number }>(
      sql`SELECT sum(count)::int AS n FROM crime_statistics WHERE area_id = ${district.id}::uuid`,
    )
    expect(one.months.reduce((s, m) => s + m.count!, 0)).toBe(Number(row!.n))
  })

  it('gives the viewer all crime together, small months left out', async () => {
    const district = (await get<CrimeTrends>('lasare', '/api/council/trends')).districts[0]!
    const trends = await get<CrimeTrends>(
      'lasare',
      `/api/council/trends?district=${district.id}&category=assault`,
    )
    expect(trends.answered).toMatchObject({ disclosure: 'cell-key', categories: null })
    for (const m of trends.months)
      if (m.count !== null) expect(m.count).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
    // The same question by another way is the same answer.
    expect(await get<CrimeTrends>('lasare', `/api/council/trends?district=${district.id}`)).toEqual(trends)
  })
})

describe('surveys beside crime', () => {
  it('gives every survey year and indicator with respondents, and crime in the year before each', async () => {
    const surveys = await get<SurveyComparison>('analytiker', '/api/council/surveys')
    expect(surveys.years).toEqual([2024, 2025, 2026])
    expect(surveys.indicators).toHaveLength(8)
    const district = surveys.districts[0]!
    expect(Object.keys(district.years)).toEqual(['2024', '2025', '2026'])
    expect(district.years['2025']!.respondents).toBeGreaterThan(0)
    const [row] = await db.query<{ n: number }>(sql`
      SELECT sum(count)::int AS n FROM crime_statistics
      WHERE area_id = ${district.id}::uuid AND month >= '2024-11-01' AND month < '2025-11-01'`)
    expect(district.crime['2025']!.count).toBe(Number(row!.n))
  })

  it('gives the viewer published crime counts only', async () => {
    const surveys = await get<SurveyComparison>('lasare', '/api/council/surveys')
    expect(surveys.disclosure).toBe('cell-key')
    for (const d of surveys.districts)
      for (const c of Object.values(d.crime))
        if (c.count !== null) expect(c.count).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
  })
})
