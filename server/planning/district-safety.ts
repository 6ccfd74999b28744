/**
 * The safety situation of the districts (*delområden*) a plan lies in: incidents per 1,000
 * residents over the last whole calendar year, and the latest safety-survey results
 * (*trygghetsmätning*). A reader not cleared for the police's incident points gets the count the
 * disclosure control publishes (`server/disclosure/`: cell-key noise, small counts suppressed),
 * over the same fixed period as the incident twin, so the report cannot be used to difference
 * counts the map would not give.
 */
import { sql } from 'drizzle-orm'
import type { DistrictSafety, PlanGeometry } from '../../common/planning-assessment.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { cellKeySql, publishedCount } from '../disclosure/cell-key.ts'
import { fixedPeriod, PERIOD_TIME_ZONE } from '../disclosure/fixed-queries.ts'
import { type Access, clearanceOf } from '../http/access.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'

/** The survey indicators the report shows, in this order. */
const REPORTED_INDICATORS = ['unsafe_at_night', 'worry_about_crime', 'problem_index'] as const

export async function districtSafety(
  handle: Orm,
  access: Access,
  plan: PlanGeometry,
  now: Date,
): Promise<DistrictSafety[]> {
  const year = Number(
    new Intl.DateTimeFormat('sv-SE', { timeZone: PERIOD_TIME_ZONE, year: 'numeric' }).format(now),
  )
  const period = fixedPeriod(`${year - 1}-01-01`, `${year}-01-01`)
  if (period.kind === 'all') throw new Error('a calendar year is always a fixed period')
  const trueCounts = seesTrueCounts(access)
  const rows = await queryRows<{
    id: string
    name: string
    population: number | null
    n: number
    cell_key: number | null
  }>(
    handle,
    sql`WITH d AS (
        SELECT a.id, a.name, a.population, a.geom FROM areas a
        WHERE a.kind = 'district'
          AND ST_Intersects(a.geom, ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(plan)}), 4326))))
      SELECT d.id::text AS id, d.name, d.population, count(t.id)::int AS n,
        ${trueCounts ? sql`NULL::int` : sql`CASE WHEN count(t.id) > 0 THEN ${cellKeySql(sql`t.id::text`)} END`} AS cell_key
      FROM d LEFT JOIN incidents t ON ST_Intersects(d.geom, t.geom)
        AND (t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) >= ${period.start}::timestamp
        AND (t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) < ${period.end}::timestamp
      GROUP BY d.id, d.name, d.population ORDER BY d.name`,
  )
  if (rows.length === 0) return []
  const survey = await queryRows<{
    area_id: string
    year: number
    respondents: number
    indicator: string
    value: number
  }>(
    handle,
    sql`SELECT DISTINCT ON (t.area_id, t.indicator) t.area_id::text, t.year, t.respondents, t.indicator, t.value
      FROM survey_results t
      WHERE t.area_id IN (${sql.join(
        rows.map((r) => sql`${r.id}::uuid`),
        sql`, `,
      )})
        AND t.indicator IN (${sql.join(
          REPORTED_INDICATORS.map((i) => sql`${i}`),
          sql`, `,
        )})
        AND t.classification IN (${sql.join(
          clearanceOf(access, 'crime').map((c) => sql`${c}`),
          sql`, `,
        )})
      ORDER BY t.area_id, t.indicator, t.year DESC`,
  )
  return rows.map((row) => {
    const n = Number(row.n)
    // Note: an empty district is published as suppressed too, so none can be told from one with a few.
    const incidents = trueCounts ? n : publishedCount(n, Number(row.cell_key ?? 0))
    const population = row.population === null ? null : Number(row.population)
    const results = survey.filter((s) => s.area_id === row.id)
    const latest = Math.max(...results.map((s) => Number(s.year)))
    const shown = results.filter((s) => Number(s.year) === latest)
    return {
      district: row.name,
      population,
      incidents,
      incidentsPer1000:
        incidents === null || !population ? null : Math.round((incidents / population) * 10000) / 10,
      period: period.label,
      disclosureControl: trueCounts ? 'none' : 'cell-key',
      survey: shown.length
        ? {
            year: latest,
            respondents: Number(shown[0]!.respondents),
            indicators: REPORTED_INDICATORS.flatMap((indicator) => {
              const s = shown.find((r) => r.indicator === indicator)
              return s ? [{ indicator, value: Number(s.value) }] : []
            }),
          }
        : null,
    }
  })
}
