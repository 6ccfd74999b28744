/**
 * Reported crime (anmälda brott) from `crime_statistics`, one row per district, month and
 * category: the monthly trend with the same month a year before and the seasonal profile, and the
 * yearly count per district set beside the safety surveys.
 *
 * The rows are counts already, not records with ids, so for the cell-key method each row has its
 * key from its identity and its count (`statisticsRowKey`): the same rows always give the same
 * cell key and so the same noise, and a row whose count changes gets a new key and independent
 * noise, as a record added to a cell does. Roles cleared for the incident points get true counts;
 * the others get published counts (perturbed, under the threshold left out) for all crime
 * categories together, the one fixed category group the statistics have.
 */
import { type SQL, sql } from 'drizzle-orm'
import {
  type CrimeTrends,
  type CrimeTrendsQuery,
  categoriesOfGroup,
  crimeWindowOfSurveyYear,
} from '../../common/council.ts'
import { incidentGroupTerms } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { cellKeySql, DISCLOSURE_THRESHOLD, publishedCount } from '../disclosure/cell-key.ts'
import type { Access } from '../http/access.ts'
import { notFound } from '../http/errors.ts'
import { readableJoin } from '../http/readable-join.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'

/** The key a statistics row contributes to its cell: from its district, month, category and count. */
const statisticsRowKey = cellKeySql(
  sql`s.area_id::text || '|' || s.month::text || '|' || s.category || '|' || s.count::text`,
)

function categoryCondition(names: readonly string[] | null): SQL {
  if (!names) return sql``
  const categories = new Set<string>()
  for (const name of names)
    if (name in incidentGroupTerms)
      for (const c of categoriesOfGroup(name as keyof typeof incidentGroupTerms)) categories.add(c)
    else categories.add(name)
  return sql`AND s.category IN (${sql.join(
    [...categories].sort().map((c) => sql`${c}`),
    sql`, `,
  )})`
}

interface CountedCell {
  cell: string
  n: number
  cell_key: number | null
}

const publish = (perturb: boolean, r: CountedCell): number | null =>
  perturb ? publishedCount(Number(r.n), Number(r.cell_key)) : Number(r.n)

const monthsBetween = (first: string, last: string): string[] => {
  const out: string[] = []
  let [y, m] = first.split('-').map(Number) as [number, number]
  const [ly, lm] = last.split('-').map(Number) as [number, number]
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    m++
    if (m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/** The districts this caller may read, by name. */
export const readableDistricts = (db: Database, access: Access) =>
  db.query<{ id: string; name: string; population: number | null }>(sql`
    SELECT a.id::text AS id, a.name, a.population FROM areas a
    WHERE a.kind = 'district' AND ${readableJoin(access, 'a', 'actors')}
    ORDER BY a.name`)

/** The monthly series of one district (or all), each month with the same month a year before. */
export async function crimeTrends(db: Database, q: CrimeTrendsQuery, access: Access): Promise<CrimeTrends> {
  const perturb = !seesTrueCounts(access)
  const districts = await readableDistricts(db, access)
  // Note: a district the caller may not read answers like one that does not exist.
  if (q.district && !districts.some((d) => d.id === q.district))
    throw notFound(`No district with id ${q.district}`)
  const categories = perturb ? null : (q.category ?? null)
  const rows = await db.query<CountedCell>(sql`
    SELECT to_char(s.month, 'YYYY-MM') AS cell, sum(s.count)::int AS n,
      ${perturb ? statisticsRowKey : sql`NULL::int`} AS cell_key
    FROM crime_statistics s JOIN areas a ON a.id = s.area_id
    WHERE a.kind = 'district' AND ${readableJoin(access, 'a', 'actors')}
      ${q.district ? sql`AND s.area_id = ${q.district}::uuid` : sql``}
      ${categoryCondition(categories)}
    GROUP BY 1`)
  const counts = new Map(rows.map((r) => [r.cell, publish(perturb, r)]))
  const cells = [...counts.keys()].sort()
  const months = cells.length ? monthsBetween(cells[0]!, cells[cells.length - 1]!) : []
  const yearBefore = (month: string) => `${Number(month.slice(0, 4)) - 1}${month.slice(4)}`
  const series = months.map((month) => ({
    month,
    count: counts.get(month) ?? (perturb ? null : 0),
    lastYear: months.includes(yearBefore(month))
      ? (counts.get(yearBefore(month)) ?? (perturb ? null : 0))
      : null,
  }))
  const seasonality = Array.from({ length: 12 }, (_, i) => {
    const values = series
      .filter((s) => Number(s.month.slice(5)) === i + 1 && s.count !== null)
      .map((s) => s.count as number)
    return { month: i + 1, mean: values.length ? values.reduce((a, b) => a + b, 0) / values.length : null }
  })
  return {
    answered: {
      disclosure: perturb ? 'cell-key' : 'none',
      district: q.district ?? null,
      categories: perturb ? null : (q.category ?? null),
      minimumCount: perturb ? DISCLOSURE_THRESHOLD : null,
    },
    months: series,
    seasonality,
    districts: districts.map(({ id, name }) => ({ id, name })),
  }
}

/**
 * Reported crime per district in the twelve months before each survey year, as published to this
 * caller, by `districtId` and year.
 */
export async function crimeBesideSurveys(
  db: Database,
  years: readonly number[],
  access: Access,
): Promise<Map<string, Map<number, number | null>>> {
  const perturb = !seesTrueCounts(access)
  const out = new Map<string, Map<number, number | null>>()
  for (const year of years) {
    const window = crimeWindowOfSurveyYear(year)
    const rows = await db.query<CountedCell>(sql`
      SELECT s.area_id::text AS cell, sum(s.count)::int AS n,
        ${perturb ? statisticsRowKey : sql`NULL::int`} AS cell_key
      FROM crime_statistics s JOIN areas a ON a.id = s.area_id
      WHERE a.kind = 'district' AND ${readableJoin(access, 'a', 'actors')}
        AND s.month >= ${window.from}::date AND s.month < ${window.to}::date
      GROUP BY 1`)
    for (const r of rows) {
      const perYear = out.get(r.cell) ?? new Map<number, number | null>()
      perYear.set(year, publish(perturb, r))
      out.set(r.cell, perYear)
    }
  }
  return out
}
