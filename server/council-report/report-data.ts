/**
 * What the crime prevention council's lägesbild report (Lag 2023:196 § 2) says, gathered for one
 * calendar year against the year before: the mapping of reported crime (what, how much, where,
 * when), the safety survey as other relevant information, the action plan and its follow-up.
 *
 * Two versions. The internal one reads through the caller's need-to-know: exact incident counts
 * for a role cleared for every incident, published counts for the others, the measures the caller
 * may read. The open one is for anyone: counts under the disclosure threshold withheld, incidents
 * only through the cell-key control, and only measures marked open.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Geometry, LineString } from 'geojson'
import {
  type ActionMeasureProperties,
  type IncidentFollowUp,
  isOverdue,
  type MeasureStatus,
} from '../../common/action-plan.ts'
import { type Classification, type IncidentCategory, incidentCategoryTerms } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { followUpOf } from '../action-plan/follow-up.ts'
import { cellKeySql, DISCLOSURE_THRESHOLD, publishCells } from '../disclosure/cell-key.ts'
import { PERIOD_TIME_ZONE } from '../disclosure/fixed-queries.ts'
import { type Access, cleared } from '../http/access.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'
import { queryFeatures } from '../layers/query.ts'
import { layerSources } from '../layers/sources.ts'

export const ReportVersion = { internal: 'internal', open: 'open' } as const
export type ReportVersion = (typeof ReportVersion)[keyof typeof ReportVersion]

/** A count as the report may show it: null when withheld under the disclosure threshold. */
type Shown = number | null

export interface CategoryRow {
  category: IncidentCategory
  count: Shown
  previous: Shown
}

export interface DistrictRow {
  name: string
  population: number
  count: Shown
  previous: Shown
  per1000: number | null
  geometry: Geometry
}

export interface SurveyRow {
  name: string
  respondents: number
  /** Per indicator: this year's value and last year's, null where not measured. */
  values: Record<string, { value: number | null; previous: number | null }>
}

export interface MeasureRow {
  title: string
  problem: string
  status: MeasureStatus
  overdue: boolean
  owner: string | null
  place: string | null
  startDate: string
  endDate: string | null
  /** The first incident indicator's follow-up, if the measure names one. */
  incidents: IncidentFollowUp | null
}

export interface CouncilReport {
  version: ReportVersion
  municipality: { code: string; name: string; boundary: Geometry | null }
  roads: LineString[]
  year: number
  /** Reported crime (anmälda brott) per category and district, and the incidents by weekday and hour. */
  crime: {
    categories: CategoryRow[]
    total: Shown
    previousTotal: Shown
    months: { month: string; count: Shown; previous: Shown }[]
    districts: DistrictRow[]
    /** Crime incidents by weekday (0 = Monday) and hour; null where withheld. */
    weekdayHour: Shown[][]
    weekdayHourControl: 'none' | 'cell-key'
  }
  survey: { indicators: string[]; year: number | null; previousYear: number | null; districts: SurveyRow[] }
  measures: MeasureRow[]
  classification: Classification
}

/** The indicators the report sets beside crime: how unsafe people feel, and the problems they see. */
export const REPORT_INDICATORS = ['unsafe_at_night', 'worry_about_crime', 'problem_index'] as const

const CRIME = (Object.keys(incidentCategoryTerms) as IncidentCategory[]).filter(
  (c) => incidentCategoryTerms[c].group === 'crime',
)

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

/** Counts under the threshold are withheld in the open version; zero is shown as zero. */
const shown = (n: number, version: ReportVersion): Shown =>
  version === 'open' && n > 0 && n < DISCLOSURE_THRESHOLD ? null : n

/** The last calendar year the reported crime statistics cover in full. */
export async function lastFullYear(db: Database): Promise<number | null> {
  const [row] = await db.query<{ year: number | null }>(sql`
    SELECT max(y)::int AS year FROM (
      SELECT extract(year FROM month)::int AS y FROM crime_statistics
      GROUP BY 1 HAVING count(DISTINCT month) = 12) full_years`)
  return row?.year ?? null
}

async function crimeStatistics(db: Database, year: number, version: ReportVersion) {
  const range = (y: number): SQL => sql`month >= make_date(${y}, 1, 1) AND month < make_date(${y + 1}, 1, 1)`
  const byCategory = await db.query<{ category: IncidentCategory; n: number; previous: number }>(sql`
    SELECT category, sum(count) FILTER (WHERE ${range(year)})::int AS n,
      sum(count) FILTER (WHERE ${range(year - 1)})::int AS previous
    FROM crime_statistics GROUP BY category`)
  const byMonth = await db.query<{ m: number; n: number; previous: number }>(sql`
    SELECT extract(month FROM month)::int AS m, sum(count) FILTER (WHERE ${range(year)})::int AS n,
      sum(count) FILTER (WHERE ${range(year - 1)})::int AS previous
    FROM crime_statistics WHERE ${range(year)} OR ${range(year - 1)} GROUP BY 1 ORDER BY 1`)
  const byDistrict = await db.query<{
    name: string
    population: number | null
    n: number | null
    previous: number | null
    geometry: Geometry | string
  }>(sql`
    SELECT a.name, a.population, s.n, s.previous,
      ST_AsGeoJSON(ST_SimplifyPreserveTopology(a.geom, 0.0002), 6)::json AS geometry
    FROM areas a LEFT JOIN (
      SELECT area_id, sum(count) FILTER (WHERE ${range(year)})::int AS n,
        sum(count) FILTER (WHERE ${range(year - 1)})::int AS previous
      FROM crime_statistics GROUP BY area_id) s ON s.area_id = a.id
    WHERE a.kind = 'district' ORDER BY a.name`)
  const categories = CRIME.map((category) => {
    const row = byCategory.find((r) => r.category === category)
    return {
      category,
      count: shown(Number(row?.n ?? 0), version),
      previous: shown(Number(row?.previous ?? 0), version),
    }
  })
  const total = byCategory.reduce((a, r) => a + Number(r.n ?? 0), 0)
  const previousTotal = byCategory.reduce((a, r) => a + Number(r.previous ?? 0), 0)
  return {
    categories,
    total: shown(total, version),
    previousTotal: shown(previousTotal, version),
    months: Array.from({ length: 12 }, (_, i) => {
      const row = byMonth.find((r) => Number(r.m) === i + 1)
      return {
        month: `${year}-${String(i + 1).padStart(2, '0')}`,
        count: shown(Number(row?.n ?? 0), version),
        previous: shown(Number(row?.previous ?? 0), version),
      }
    }),
    districts: byDistrict.map((d) => {
      const count = shown(Number(d.n ?? 0), version)
      const population = Number(d.population ?? 0)
      return {
        name: d.name,
        population,
        count,
        previous: shown(Number(d.previous ?? 0), version),
        per1000: count !== null && population > 0 ? Math.round((count * 10_000) / population) / 10 : null,
        geometry: parse(d.geometry),
      }
    }),
  }
}

/**
 * Crime incidents by weekday and hour of the year: exact for a role cleared for every incident (in
 * the internal version), else published cell by cell by the cell-key method.
 */
async function weekdayHour(db: Database, access: Access, year: number, exact: boolean) {
  const rows = await db.query<{ d: number; h: number; n: number; cell_key: number | null }>(sql`
    SELECT (extract(isodow FROM s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE})::int - 1) AS d,
      extract(hour FROM s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE})::int AS h, count(*)::int AS n,
      ${exact ? sql`NULL::int` : cellKeySql(sql`s.id::text`)} AS cell_key
    FROM incidents s
    WHERE s.category_group = 'crime'
      AND (s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) >= make_date(${year}, 1, 1)
      AND (s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) < make_date(${year + 1}, 1, 1)
      ${exact ? sql`AND ${cleared(access, 'crime')}` : sql``}
    GROUP BY 1, 2`)
  const grid: Shown[][] = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0))
  if (exact) for (const r of rows) grid[r.d]![r.h] = Number(r.n)
  else {
    for (const r of rows) grid[r.d]![r.h] = null
    for (const { cell, count } of publishCells(
      rows.map((r) => ({ cell: [r.d, r.h] as const, count: Number(r.n), cellKey: Number(r.cell_key) })),
    ))
      grid[cell[0]]![cell[1]] = count
  }
  return grid
}

async function surveys(db: Database, year: number) {
  // Note: the survey of the report's year, or the latest before it when none was made that year.
  const years = await db.query<{ y: number }>(sql`
    SELECT DISTINCT year::int AS y FROM survey_results WHERE year <= ${year} ORDER BY 1 DESC LIMIT 2`)
  const surveyYear = years[0]?.y ?? null
  const previousYear = years[1]?.y ?? null
  if (surveyYear === null)
    return { indicators: [...REPORT_INDICATORS], year: null, previousYear: null, districts: [] }
  const rows = await db.query<{
    name: string
    year: number
    indicator: string
    value: number
    respondents: number
  }>(sql`
    SELECT a.name, r.year, r.indicator, r.value, r.respondents
    FROM survey_results r JOIN areas a ON a.id = r.area_id
    WHERE a.kind = 'district' AND r.year IN (${surveyYear}, ${previousYear ?? surveyYear})
      AND r.indicator IN (${sql.join(
        REPORT_INDICATORS.map((i) => sql`${i}`),
        sql`, `,
      )})
    ORDER BY a.name`)
  const names = [...new Set(rows.map((r) => r.name))]
  return {
    indicators: [...REPORT_INDICATORS],
    year: surveyYear,
    previousYear,
    districts: names.map((name) => {
      const of = (y: number | null, indicator: string) =>
        rows.find((r) => r.name === name && Number(r.year) === y && r.indicator === indicator)
      return {
        name,
        respondents: Math.max(
          0,
          ...rows.filter((r) => r.name === name && Number(r.year) === surveyYear).map((r) => r.respondents),
        ),
        values: Object.fromEntries(
          REPORT_INDICATORS.map((i) => [
            i,
            { value: of(surveyYear, i)?.value ?? null, previous: of(previousYear, i)?.value ?? null },
          ]),
        ),
      }
    }),
  }
}

async function measures(db: Database, access: Access, version: ReportVersion, today: string) {
  const source = layerSources.get('action-measures')!
  const { features } = await queryFeatures(db, source, access, { filters: {}, limit: 1000, offset: 0 })
  const rows: MeasureRow[] = []
  let marking: Classification = 'open'
  for (const f of features) {
    const p = f.properties as ActionMeasureProperties & {
      owner?: string | null
      district?: string | null
      classification: Classification
    }
    if (version === 'open' && p.classification !== 'open') continue
    const followUp = await followUpOf(
      db,
      access,
      {
        id: String(f.id),
        startDate: p.startDate,
        indicators: p.indicators ?? [],
        classification: p.classification,
      },
      12,
      { published: version === 'open' },
    )
    marking = higherClassification(marking, followUp.classification)
    rows.push({
      title: p.title,
      problem: p.problem,
      status: p.status,
      overdue: isOverdue(p, today),
      owner: p.owner ?? null,
      place: p.district ?? null,
      startDate: p.startDate,
      endDate: p.endDate ?? null,
      incidents:
        (followUp.indicators.find((i) => i.kind === 'incidents') as IncidentFollowUp | undefined) ?? null,
    })
  }
  rows.sort((a, b) =>
    a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : a.title.localeCompare(b.title),
  )
  return { rows, marking }
}

export interface CouncilReportRequest {
  access: Access
  kommun: string
  year: number
  version: ReportVersion
  /** Today in Stockholm, YYYY-MM-DD: which measures are overdue. */
  today: string
}

export async function buildCouncilReport(
  db: Database,
  request: CouncilReportRequest,
): Promise<CouncilReport> {
  const { access, year, version } = request
  const [municipality] = await db.query<{
    code: string
    name: string
    boundary: Geometry | string | null
  }>(sql`
    SELECT code, name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0002), 6)::json AS boundary
    FROM areas WHERE kind = 'municipality' AND code = ${request.kommun} LIMIT 1`)
  const roads = await db.query<{ geometry: LineString | string }>(sql`
    SELECT ST_AsGeoJSON(t.geom, 6)::json AS geometry FROM transport_links t
    WHERE t.mode = 'road' AND t.classification = 'open' AND t.road_class IN ('motorway', 'primary') LIMIT 400`)
  const exact = version === 'internal' && seesTrueCounts(access)
  const plan = await measures(db, access, version, request.today)
  const classification: Classification =
    version === 'open'
      ? 'open'
      : higherClassification(
          higherClassification('internal', plan.marking),
          exact ? 'restricted' : 'internal',
        )
  return {
    version,
    municipality: {
      code: municipality?.code ?? request.kommun,
      name: municipality?.name ?? request.kommun,
      boundary: municipality?.boundary ? parse(municipality.boundary) : null,
    },
    roads: roads.map((r) => parse(r.geometry)).filter((g) => g.type === 'LineString'),
    year,
    crime: {
      ...(await crimeStatistics(db, year, version)),
      weekdayHour: await weekdayHour(db, access, year, exact),
      weekdayHourControl: exact ? 'none' : 'cell-key',
    },
    survey: await surveys(db, year),
    measures: plan.rows,
    classification,
  }
}
