/**
 * The planning rules through the API: the reference rules every installation has, the rules that
 * apply in a county with and without its own, and an administrator entering a county's adopted
 * values (validated, audited, only by an administrator, and replacing the county's earlier entry).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type PlanningRule, planningRuleKinds } from '../../common/planning.ts'
import type { Database } from '../../db/client.ts'
import { readPlanningRules } from '../../db/reference.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { expectContractError } from '../testing/contract-error.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
/** A county no other test writes rules for, so the PostgreSQL suites can share the database. */
const COUNTY = '23'

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['admin', 'planerare', 'lasare', 'krisledare']) cookies[user] = await signIn(app, user)
  await db.query(sql`DELETE FROM planning_rules WHERE origin = 'county' AND county = ${COUNTY}`)
})

afterAll(async () => {
  await db?.query(sql`DELETE FROM planning_rules WHERE origin = 'county' AND county = ${COUNTY}`)
  await db?.close()
})

async function call<T = unknown>(user: string | undefined, method: string, path: string, body?: unknown) {
  return app.request(path, {
    method,
    headers: {
      ...(user ? { cookie: cookies[user]! } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  }) as Promise<Response & { json(): Promise<T> }>
}

const rules = async (query = '') => {
  const res = await call('lasare', 'GET', `/api/planning/rules${query}`)
  expect(res.status).toBe(200)
  return ((await res.json()) as { rules: PlanningRule[] }).rules
}

const countyRule = {
  county: COUNTY,
  ruleKey: 'hazardous_goods_assessment_distance',
  parameters: { distanceM: 120, appliesTo: ['primary', 'railway'] },
  source: 'Länsstyrelsen i Jämtlands län: riktlinjer för farligt gods (test)',
  adoptedYear: 2025,
}

const storedCountyRules = () =>
  db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM planning_rules WHERE origin = 'county' AND county = ${COUNTY}`,
  )

describe('GET /api/planning/rules', () => {
  it('serves every reference rule of the file, with its source, version and whether it is verified', async () => {
    const file = readPlanningRules()
    const all = (await rules()).filter((r) => r.origin === 'reference')
    expect(all).toHaveLength(file.rules.length)
    for (const rule of all) {
      expect(rule).toMatchObject({
        ruleKey: expect.any(String),
        county: expect.any(String),
        version: expect.any(String),
        hazardKind: planningRuleKinds[rule.ruleKey].hazardKind,
        parameters: expect.any(Object),
        source: expect.any(String),
        verified: expect.any(Boolean),
      })
      expect(rule.description.sv.length).toBeGreaterThan(10)
      expect(rule.description.en.length).toBeGreaterThan(10)
    }
    const stockholm = all.find(
      (r) => r.county === '01' && r.ruleKey === 'hazardous_goods_assessment_distance',
    )
    expect(stockholm).toMatchObject({ parameters: { distanceM: 150 }, verified: true })
    const skane = all.find((r) => r.county === '12' && r.ruleKey === 'hazardous_goods_assessment_distance')
    expect(skane?.parameters.distanceM).toBe(140)
    expect(all.find((r) => r.ruleKey === 'railway_no_buildings' && r.county === '14')?.parameters).toEqual({
      distanceM: 30,
    })
    expect(all.find((r) => r.ruleKey === 'petrol_station_distances' && r.county === '01')).toMatchObject({
      parameters: { officesM: 25, housingM: 50 },
      verified: false,
    })
  })

  it('gives a county without rules of its own the national rules, common practice marked unverified', async () => {
    const ostergotland = await rules('?county=05')
    const keys = ostergotland.map((r) => r.ruleKey).sort()
    expect(keys).toEqual(
      Object.keys(planningRuleKinds)
        .filter((k) => !['flood_malaren_min_level', 'flood_baltic_min_level'].includes(k))
        .sort(),
    )
    for (const rule of ostergotland) expect(rule.county).toBe('*')
    const distance = ostergotland.find((r) => r.ruleKey === 'hazardous_goods_assessment_distance')!
    expect(distance).toMatchObject({ parameters: { distanceM: 150 }, verified: false })
    expect(distance.source).toMatch(/länet har inte antagit egna värden/)
    // Södermanland borders Lake Mälaren: its own level applies beside the national rules.
    const sodermanland = await rules('?county=04')
    expect(sodermanland.find((r) => r.ruleKey === 'flood_malaren_min_level')).toMatchObject({
      county: '04',
      parameters: { minLevelM: 2.7, heightSystem: 'RH 2000' },
    })
    // Skåne's own 140 m, not the national 150 m.
    const skane = await rules('?county=12')
    expect(skane.find((r) => r.ruleKey === 'hazardous_goods_assessment_distance')).toMatchObject({
      county: '12',
      parameters: { distanceM: 140 },
      verified: true,
    })
  })

  it('refuses an unknown county and unknown parameters', async () => {
    await expectContractError(await call('lasare', 'GET', '/api/planning/rules?county=99'), 400)
    await expectContractError(await call('lasare', 'GET', '/api/planning/rules?kommun=0581'), 400)
    await expectContractError(await call(undefined, 'GET', '/api/planning/rules'), 401)
  })
})

describe('POST /api/planning/rules', () => {
  it('lets only an administrator enter a county’s own values', async () => {
    for (const user of ['planerare', 'krisledare', 'lasare']) {
      const error = await expectContractError(
        await call(user, 'POST', '/api/planning/rules', countyRule),
        403,
      )
      expect(error.code).toBe('forbidden')
    }
    expect((await storedCountyRules())[0].n).toBe(0)
  })

  it('refuses bad input with a 4xx naming the fault, storing nothing', async () => {
    const bad: [string, unknown][] = [
      ['unknown rule', { ...countyRule, ruleKey: 'hazardous_goods_distance' }],
      ['unknown county', { ...countyRule, county: '99' }],
      ['national', { ...countyRule, county: '*' }],
      ['negative distance', { ...countyRule, parameters: { distanceM: -5, appliesTo: ['primary'] } }],
      ['a parameter of another rule', { ...countyRule, parameters: { officesM: 25, housingM: 50 } }],
      ['an unknown parameter', { ...countyRule, parameters: { ...countyRule.parameters, extra: 1 } }],
      ['no source', { ...countyRule, source: undefined }],
      ['a year out of range', { ...countyRule, adoptedYear: 1850 }],
      ['an unknown field', { ...countyRule, verified: false }],
      ['not an object', [countyRule]],
    ]
    for (const [what, body] of bad) {
      const error = await expectContractError(await call('admin', 'POST', '/api/planning/rules', body), 400, {
        what,
      })
      expect(error.code, what).toBe('validation_failed')
    }
    const negative = await expectContractError(
      await call('admin', 'POST', '/api/planning/rules', {
        ...countyRule,
        parameters: { distanceM: -5, appliesTo: ['primary'] },
      }),
      400,
    )
    expect(JSON.stringify(negative.details)).toMatch(/parameters.*distanceM/)
    expect((await storedCountyRules())[0].n).toBe(0)
  })

  it('stores, audits and applies a county’s own rule, and a second entry replaces the first', async () => {
    const created = await call<{ rule: PlanningRule }>('admin', 'POST', '/api/planning/rules', countyRule)
    expect(created.status).toBe(201)
    const { rule } = await created.json()
    expect(rule).toMatchObject({
      county: COUNTY,
      ruleKey: 'hazardous_goods_assessment_distance',
      hazardKind: 'hazardous_goods',
      version: '2025',
      origin: 'county',
      adoptedYear: 2025,
      verified: true,
      parameters: countyRule.parameters,
      source: countyRule.source,
      updatedBy: 'admin',
    })
    const inCounty = await rules(`?county=${COUNTY}`)
    expect(inCounty.find((r) => r.ruleKey === 'hazardous_goods_assessment_distance')).toMatchObject({
      id: rule.id,
      parameters: { distanceM: 120 },
    })
    // The other rules still come from the national reference.
    expect(inCounty.find((r) => r.ruleKey === 'railway_no_buildings')?.county).toBe('*')

    const replaced = await call<{ rule: PlanningRule }>('admin', 'POST', '/api/planning/rules', {
      ...countyRule,
      parameters: { distanceM: 100, appliesTo: ['primary'] },
      adoptedYear: 2026,
      description: { sv: 'Jämtlands egna avstånd.', en: 'Jämtland’s own distance.' },
    })
    expect(replaced.status).toBe(200)
    expect((await replaced.json()).rule).toMatchObject({ id: rule.id, parameters: { distanceM: 100 } })
    expect((await storedCountyRules())[0].n).toBe(1)

    const audit = await db.query<{ action: string; actor: string; before: unknown; after: unknown }>(
      sql`SELECT action, actor, before, after FROM audit_log
        WHERE entity = 'planning_rules' AND entity_id = ${rule.id} ORDER BY id`,
    )
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['create', 'admin'],
      ['update', 'admin'],
    ])
    const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as PlanningRule | null
    expect(parse(audit[0].before)).toBeNull()
    expect(parse(audit[1].before)?.parameters).toEqual(countyRule.parameters)
    expect(parse(audit[1].after)?.adoptedYear).toBe(2026)
  })
})
