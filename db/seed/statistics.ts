/**
 * Aggregates for the crime prevention council (brottsförebyggande rådet): reported crime per
 * district, month and category, derived from the police's incidents; and safety-survey results
 * (trygghetsmätning) per district and year, which deliberately do not simply follow crime.
 */
import { sql } from 'drizzle-orm'
import { type IncidentCategory, incidentCategoryTerms, type SurveyIndicator } from '../../common/domain.ts'
import { crimeStatistics, surveyResults } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import { insertAll, rows } from './sql.ts'

const MONTHS = Array.from({ length: 36 }, (_, i) => {
  const d = new Date(Date.UTC(2023, 10 + i, 1))
  return d.toISOString().slice(0, 10)
})
const CRIME_CATEGORIES = (Object.keys(incidentCategoryTerms) as IncidentCategory[]).filter(
  (c) => incidentCategoryTerms[c].group === 'crime',
)
const SURVEY_YEARS = [2024, 2025, 2026]

export async function seedStatistics(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('statistics')
  const { world } = ctx
  const tracked = { createdBy: SEED_USER, updatedBy: SEED_USER, classification: 'open' as const }

  // Reported crime (anmälda brott) counts more than the geocoded points the police share, so the
  // statistics run a little above the incidents, with some noise.
  const counted = await rows<{ area_id: string; month: string; category: string; n: number }>(
    ctx.tx,
    sql`SELECT a.id::text AS area_id,
          to_char(date_trunc('month', i.occurred_at AT TIME ZONE 'Europe/Stockholm'), 'YYYY-MM-DD') AS month,
          i.category, count(*)::int AS n
        FROM incidents i JOIN areas a ON a.kind = 'district' AND ST_Contains(a.geom, i.geom)
        WHERE i.source = 'police' AND i.category_group = 'crime'
        GROUP BY 1, 2, 3`,
  )
  const found = new Map(counted.map((r) => [`${r.area_id}|${r.month}|${r.category}`, Number(r.n)]))
  const crimeRows: (typeof crimeStatistics.$inferInsert)[] = []
  const perDistrict = new Map<string, number>()
  for (const d of world.districts)
    for (const month of MONTHS)
      for (const category of CRIME_CATEGORIES) {
        const n = found.get(`${d.id}|${month}|${category}`) ?? 0
        const count = Math.max(0, Math.round(n * 1.08 + rng.normal(0, 0.5 + Math.sqrt(n) * 0.3)))
        perDistrict.set(d.id, (perDistrict.get(d.id) ?? 0) + count)
        crimeRows.push({ areaId: d.id, month, category, count, source: 'demo', ...tracked })
      }
  ctx.counts.crime_statistics = await insertAll(ctx.tx, crimeStatistics, crimeRows, 1000)

  // Perceived insecurity: half from crime per inhabitant, half from the district's own character;
  // one quiet rural district worries much more than its crime would suggest.
  const rates = world.districts.map((d) => (perDistrict.get(d.id) ?? 0) / Math.max(1, d.population))
  const maxRate = Math.max(...rates, 1e-9)
  const rural = world.districts.filter((d) => d.kind === 'rural')
  const worried = rural.length ? rural[rng.int(0, rural.length - 1)] : undefined
  const hotspot = world.districts.find((d) => d.kind === 'urban')
  const surveyRows: (typeof surveyResults.$inferInsert)[] = []
  world.districts.forEach((d, i) => {
    const crime = rates[i] / maxRate
    const character = rng.next()
    for (const [y, year] of SURVEY_YEARS.entries()) {
      // The emerging hotspot suburb feels worse each year; the centre a little better after
      // the council's measures there.
      const drift = d === hotspot ? 0.08 * y : d.kind === 'centre' ? -0.04 * y : rng.normal(0, 0.02)
      const felt = Math.min(
        1,
        Math.max(0, 0.5 * crime + 0.5 * character + drift + (d === worried ? 0.35 : 0)),
      )
      const disorder = Math.min(1, Math.max(0, 0.7 * crime + 0.3 * character + drift))
      const clamp = (v: number, lo: number, hi: number) => Math.round(Math.min(hi, Math.max(lo, v)) * 10) / 10
      const values: Record<SurveyIndicator, number> = {
        problem_index: clamp(0.8 + 2.6 * disorder + rng.normal(0, 0.15), 0, 6),
        unsafe_at_night: clamp(10 + 38 * felt + rng.normal(0, 2), 0, 100),
        worry_about_crime: clamp(14 + 30 * felt + rng.normal(0, 2), 0, 100),
        victimisation: clamp(7 + 16 * crime + rng.normal(0, 1.5), 0, 100),
        litter: clamp(1.4 + 2.2 * disorder + rng.normal(0, 0.2), 0, 6),
        vandalism: clamp(0.8 + 2.4 * disorder + rng.normal(0, 0.2), 0, 6),
        drug_dealing: clamp(0.4 + (d === hotspot ? 2.8 : 1.8) * disorder + rng.normal(0, 0.2), 0, 6),
        youth_gangs: clamp(0.5 + 2.2 * disorder + rng.normal(0, 0.2), 0, 6),
      }
      const respondents = Math.round(Math.min(600, Math.max(80, d.population / 40 + rng.normal(0, 20))))
      for (const [indicator, value] of Object.entries(values))
        surveyRows.push({
          survey: 'trygghetsmatning',
          areaId: d.id,
          year,
          indicator,
          value,
          respondents,
          ...tracked,
        })
    }
  })
  ctx.counts.survey_results = await insertAll(ctx.tx, surveyResults, surveyRows)
}
