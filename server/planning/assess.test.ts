/**
 * The planner's report at the rules' limits: plans built in SWEREF 99 TM at 149 m and 151 m from a
 * hazardous-goods route and 29 m and 31 m from a railway, sent through WGS 84 as a client would,
 * measured by PostGIS and judged by the rules in force in the test municipality's county. The
 * route and railway replace the demo network inside a transaction that is rolled back.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LandUse } from '../../common/planning.ts'
import type { PlanGeometry, PlanningFinding } from '../../common/planning-assessment.ts'
import { expectFixture, loadFixture } from '../../common/testing/fixtures.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import type { Access } from '../http/access.ts'
import { assessPlan } from './assess.ts'

interface BoundaryCase {
  route: { name: string; hazardousGoodsRoute: string; line: [number, number][] }
  railway: { name: string; line: [number, number][] }
  plans: { name: string; landUses: LandUse[]; ring: [number, number][] }[]
}

const planner: Access = {
  userId: '00000000-0000-0000-0000-000000000001',
  username: 'planerare',
  displayName: 'Planerare',
  role: 'planner',
  actorId: null,
}

let db: Database
beforeAll(async () => {
  db = await openTestDatabase()
})
afterAll(async () => {
  await db?.close()
})

class Rollback extends Error {}

/** Runs `work` in a transaction that is always rolled back, returning what it returned. */
async function rolledBack<T>(work: (tx: Orm) => Promise<T>): Promise<T> {
  let result: T | undefined
  await db
    .transaction(async (tx) => {
      result = await work(tx)
      throw new Rollback()
    })
    .catch((err) => {
      if (!(err instanceof Rollback)) throw err
    })
  return result as T
}

const lineWkt = (origin: [number, number], line: [number, number][]) =>
  `LINESTRING(${line.map(([x, y]) => `${origin[0] + x} ${origin[1] + y}`).join(', ')})`

const judged = [
  'hazardous_goods_assessment_distance',
  'hazardous_goods_land_use_zones',
  'railway_no_buildings',
]

describe('the planning report at the limits', () => {
  it('measures 149/151 m to a hazardous-goods route and 29/31 m to a railway exactly, with the verdicts of the rules', async () => {
    const fixture = loadFixture('planning-boundaries').json<BoundaryCase>()
    const answer = await rolledBack(async (tx) => {
      const [origin] = await queryRows<{ x: number; y: number }>(
        tx,
        sql`SELECT round(ST_X(p)) AS x, round(ST_Y(p)) AS y FROM (
          SELECT ST_Transform(ST_PointOnSurface(geom), 3006) AS p FROM areas
          WHERE kind = 'municipality' AND code = ${TEST_KOMMUN}) m`,
      )
      const o: [number, number] = [Number(origin!.x), Number(origin!.y)]
      await queryRows(tx, sql`DELETE FROM transport_links`)
      await queryRows(
        tx,
        sql`INSERT INTO transport_links (mode, road_class, name, hazardous_goods_route, geom, classification)
          VALUES ('road', 'primary', ${fixture.route.name}, ${fixture.route.hazardousGoodsRoute},
            ST_Transform(ST_GeomFromText(${lineWkt(o, fixture.route.line)}, 3006), 4326), 'open'),
          ('railway', NULL, ${fixture.railway.name}, NULL,
            ST_Transform(ST_GeomFromText(${lineWkt(o, fixture.railway.line)}, 3006), 4326), 'open')`,
      )
      const out: Record<
        string,
        Record<string, Pick<PlanningFinding, 'verdict' | 'distanceM' | 'limitM' | 'subjectName'>>
      > = {}
      for (const plan of fixture.plans) {
        // Built in SWEREF 99 TM, sent in WGS 84 as the client sends it.
        const [row] = await queryRows<{ geometry: PlanGeometry }>(
          tx,
          sql`SELECT ST_AsGeoJSON(ST_Transform(ST_GeomFromText(${`POLYGON((${plan.ring
            .map(([x, y]) => `${o[0] + x} ${o[1] + y}`)
            .join(', ')}))`}, 3006), 4326), 15)::json AS geometry`,
        )
        const report = await assessPlan(tx, planner, TEST_KOMMUN, {
          title: plan.name,
          geometry: row!.geometry,
          landUses: plan.landUses,
        })
        out[plan.name] = Object.fromEntries(
          report.findings
            .filter((f) => judged.includes(f.ruleKey))
            .map((f) => [
              f.ruleKey,
              { verdict: f.verdict, distanceM: f.distanceM, limitM: f.limitM, subjectName: f.subjectName },
            ]),
        )
      }
      return out
    })
    expectFixture('planning-boundaries', answer)
    // The limits themselves, stated once more without the file: the fixture cannot drift past them.
    expect(answer['housing-149m-from-route']!.hazardous_goods_assessment_distance!.verdict).toBe('assess')
    expect(answer['housing-151m-from-route']!.hazardous_goods_assessment_distance!.verdict).toBe('ok')
    expect(answer['housing-29m-from-railway']!.railway_no_buildings!.verdict).toBe('conflict')
    expect(answer['housing-31m-from-railway']!.railway_no_buildings!.verdict).toBe('ok')
    expect(answer['parking-29m-from-railway']!.railway_no_buildings!.verdict).toBe('ok')
  })
})
