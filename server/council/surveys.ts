/**
 * Safety surveys (*trygghetsmätning*) beside reported crime, per district: every survey year and
 * indicator with its respondents, and reported crime in the twelve months before each survey (as
 * published to the caller, so a role without clearance sees perturbed counts with small ones left
 * out). Survey results are open; the rate per 1,000 residents is made from the published count.
 */
import { sql } from 'drizzle-orm'
import { MINIMUM_RESPONDENTS, type SurveyComparison, type SurveyDistrict } from '../../common/council.ts'
import { surveyIndicatorTerms } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'
import { crimeBesideSurveys, readableDistricts } from './crime-statistics.ts'

const SURVEY = 'trygghetsmatning'

export async function surveyComparison(db: Database, access: Access): Promise<SurveyComparison> {
  const districts = await readableDistricts(db, access)
  const readable = new Set(districts.map((d) => d.id))
  const results = await db.query<{
    area_id: string
    year: number
    indicator: string
    value: number
    respondents: number
  }>(sql`
    SELECT area_id::text AS area_id, year, indicator, value, respondents
    FROM survey_results WHERE survey = ${SURVEY} ORDER BY year, indicator`)
  const years = [...new Set(results.map((r) => Number(r.year)))].sort((a, b) => a - b)
  const known = Object.keys(surveyIndicatorTerms)
  const indicators = [...new Set(results.map((r) => r.indicator))].sort(
    (a, b) => known.indexOf(a) - known.indexOf(b),
  )
  const crime = await crimeBesideSurveys(db, years, access)
  const byDistrict = new Map<string, SurveyDistrict>(
    districts.map((d) => [
      d.id,
      {
        id: d.id,
        name: d.name,
        population: d.population === null ? null : Number(d.population),
        years: {},
        crime: {},
      },
    ]),
  )
  for (const r of results) {
    const district = byDistrict.get(r.area_id)
    if (!district || !readable.has(r.area_id)) continue
    const year = String(r.year)
    district.years[year] ??= { respondents: Number(r.respondents), values: {} }
    district.years[year].values[r.indicator] = Number(r.value)
  }
  for (const district of byDistrict.values())
    for (const year of years) {
      const count = crime.get(district.id)?.get(year) ?? null
      district.crime[String(year)] = {
        count,
        per1000:
          count === null || !district.population
            ? null
            : Math.round((count * 10_000) / district.population) / 10,
      }
    }
  return {
    survey: SURVEY,
    years,
    indicators,
    minimumRespondents: MINIMUM_RESPONDENTS,
    disclosure: seesTrueCounts(access) ? 'none' : 'cell-key',
    districts: [...byDistrict.values()].filter((d) => Object.keys(d.years).length > 0),
  }
}
