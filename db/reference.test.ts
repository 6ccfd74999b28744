/**
 * The reference planning rules load at every start, in every mode: a newer file updates and
 * removes the reference rules, the same file again changes nothing, and a county's own rules that
 * an administrator entered are never touched.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ReferenceRuleFile } from '../common/planning.ts'
import type { Database } from './client.ts'
import { loadReferenceData, readPlanningRules } from './reference.ts'
import { openTestDatabase, TEST_KOMMUN } from './testing/test-database.ts'

let db: Database
const shipped = readPlanningRules()

interface Row {
  county: string
  rule_key: string
  origin: string
  parameters: unknown
  updated_at: Date | string
}
const rows = () =>
  db.query<Row>(sql`SELECT county, rule_key, origin, parameters, updated_at FROM planning_rules
    WHERE origin = 'reference' OR county = '25' ORDER BY county, rule_key, origin`)
const parameters = (r: Row | undefined) =>
  typeof r?.parameters === 'string' ? JSON.parse(r.parameters) : r?.parameters
const find = (all: Row[], county: string, key: string, origin = 'reference') =>
  all.find((r) => r.county === county && r.rule_key === key && r.origin === origin)

beforeAll(async () => {
  db = await openTestDatabase()
  // An administrator's own rule for Norrbotten, as `POST /api/planning/rules` stores it.
  await db.query(sql`INSERT INTO planning_rules (county, rule_key, version, hazard_kind, description,
      parameters, source, verified, origin, adopted_year, classification, created_by, updated_by)
    VALUES ('25', 'railway_no_buildings', '2024', 'railway', 'Norrbottens egna värden.',
      '{"distanceM": 25}'::jsonb, 'Länsstyrelsen i Norrbottens län (test)', true, 'county', 2024, 'open', 'admin', 'admin')
    ON CONFLICT (county, rule_key, origin) DO NOTHING`)
})

afterAll(async () => {
  // Note: the PostgreSQL suites share one database; put the shipped rules back as a start would.
  await db?.query(sql`DELETE FROM planning_rules WHERE origin = 'county' AND county = '25'`)
  await db?.query(sql`UPDATE app_meta SET value = '{"version": 0}'::jsonb WHERE key = 'planning_rules'`)
  if (db) await loadReferenceData(db, TEST_KOMMUN, shipped)
  await db?.close()
})

describe('loadReferenceData, planning rules', () => {
  it('holds the shipped rules', async () => {
    const all = await rows()
    expect(all.filter((r) => r.origin === 'reference')).toHaveLength(shipped.rules.length)
    expect(parameters(find(all, '01', 'hazardous_goods_assessment_distance'))).toMatchObject({
      distanceM: 150,
    })
  })

  it('brings a newer file in, keeping the county’s own rules, and does nothing the second time', async () => {
    const before = await rows()
    const newer: ReferenceRuleFile = {
      version: shipped.version + 1,
      rules: shipped.rules
        .filter((r) => r.ruleKey !== 'heat_warning')
        .map((r) =>
          r.county === '01' && r.ruleKey === 'hazardous_goods_assessment_distance'
            ? { ...r, version: '2027', parameters: { ...r.parameters, distanceM: 160 } }
            : r.ruleKey === 'railway_no_buildings' && r.county === '*'
              ? { ...r, parameters: { distanceM: 35 } }
              : r,
        ),
    }
    await loadReferenceData(db, TEST_KOMMUN, newer)
    const after = await rows()
    expect(after.filter((r) => r.origin === 'reference')).toHaveLength(newer.rules.length)
    expect(parameters(find(after, '01', 'hazardous_goods_assessment_distance'))).toMatchObject({
      distanceM: 160,
    })
    expect(find(after, '*', 'heat_warning')).toBeUndefined()
    expect(parameters(find(after, '*', 'railway_no_buildings'))).toEqual({ distanceM: 35 })
    // The administrator's own rule is as it was, to the time of its last change.
    const own = find(after, '25', 'railway_no_buildings', 'county')
    expect(parameters(own)).toEqual({ distanceM: 25 })
    expect(String(own?.updated_at)).toBe(
      String(find(before, '25', 'railway_no_buildings', 'county')?.updated_at),
    )

    // The same file again, and an older one, change nothing.
    await loadReferenceData(db, TEST_KOMMUN, newer)
    await loadReferenceData(db, TEST_KOMMUN, shipped)
    const again = await rows()
    expect(again.map((r) => [r.county, r.rule_key, String(r.updated_at)])).toEqual(
      after.map((r) => [r.county, r.rule_key, String(r.updated_at)]),
    )
  })

  it('refuses a file whose rule does not fit its key', () => {
    const parsed = ReferenceRuleFile.safeParse({
      version: 2,
      rules: [{ ...shipped.rules[0], parameters: { distanceM: 'far', appliesTo: ['primary'] } }],
    })
    expect(parsed.success).toBe(false)
    expect(JSON.stringify(parsed.error?.issues)).toMatch(/parameters.*distanceM/)
    const twice = ReferenceRuleFile.safeParse({ version: 2, rules: [shipped.rules[0], shipped.rules[0]] })
    expect(JSON.stringify(twice.error?.issues)).toMatch(/appears twice/)
  })
})
