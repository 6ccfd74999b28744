/**
 * The follow-up of one action-plan measure: the incidents its indicators name, counted per period
 * inside the measure's place and in the rest of the municipality, before and after its start; and
 * the survey indicators it names, per survey year, in the districts the place lies in and in the
 * others. Brå's advice is to compare a place with its surroundings over the same time, so that a
 * fall everywhere is not taken for the measure's effect.
 *
 * Need-to-know as for the incident layer and its generalised twin: a role cleared for every
 * incident gets exact monthly counts of the incidents it may read, for exactly the categories the
 * measure names; any other role gets what the disclosure control publishes (quarters, the one
 * category group holding the categories or all incidents, each count perturbed by the cell-key
 * method and withheld under the threshold).
 */
import { type SQL, sql } from 'drizzle-orm'
import {
  beforeAfter,
  type FollowUpMonth,
  type IncidentFollowUp,
  type MeasureFollowUp,
  type MeasureIndicator,
  type SurveyFollowUp,
} from '../../common/action-plan.ts'
import { type Classification, incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { cellKeySql, publishCells } from '../disclosure/cell-key.ts'
import { fixedCategoryGroup, PERIOD_TIME_ZONE } from '../disclosure/fixed-queries.ts'
import { type Access, cleared } from '../http/access.ts'
import { badRequest } from '../http/errors.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'

/** The measure as the follow-up needs it, already read through the layer's need-to-know. */
export interface MeasureToFollow {
  id: string
  startDate: string
  indicators: MeasureIndicator[]
  /** The marking of what the caller sees of the measure. */
  classification: Classification
}

const isGroup = (c: string): c is keyof typeof incidentGroupTerms => c in incidentGroupTerms

/** The categories a list of categories and groups stands for, sorted. */
export function categoriesOf(names: readonly string[]): string[] {
  const all = Object.entries(incidentCategoryTerms) as [string, { group: string }][]
  const out = new Set<string>()
  for (const name of names)
    if (isGroup(name)) for (const [key, term] of all) term.group === name && out.add(key)
    else out.add(name)
  return [...out].sort()
}

const addMonths = (day: string, months: number): string => {
  const [y, m] = day.split('-').map(Number) as [number, number]
  const index = y * 12 + (m - 1) + months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}

/** The first day of the period (month or quarter) that holds `day`. */
export function periodStart(day: string, kind: 'month' | 'quarter'): string {
  const [y, m] = day.split('-').map(Number) as [number, number]
  const month = kind === 'quarter' ? m - ((m - 1) % 3) : m
  return `${y}-${String(month).padStart(2, '0')}-01`
}

/** Every period start from `from` up to (not including) `to`. */
export function periodsBetween(from: string, to: string, kind: 'month' | 'quarter'): string[] {
  const out: string[] = []
  for (let p = periodStart(from, kind); p < to; p = addMonths(p, kind === 'quarter' ? 3 : 1)) out.push(p)
  return out
}

interface CountRow {
  period: string
  inside: boolean
  n: number
  cell_key: number | null
  most: Classification | null
}

async function incidentFollowUp(
  db: Database,
  access: Access,
  measure: MeasureToFollow,
  names: readonly string[],
  beforeMonths: number,
  published: boolean,
): Promise<{ followUp: IncidentFollowUp; marking: Classification }> {
  const exact = seesTrueCounts(access) && !published
  const periodKind = exact ? 'month' : 'quarter'
  let categories: string[]
  let categoryCondition: SQL
  if (exact) {
    categories = categoriesOf(names)
    categoryCondition = sql`AND s.category IN (${sql.join(
      categories.map((c) => sql`${c}`),
      sql`, `,
    )})`
  } else {
    // Note: a free set of categories would let two measures' answers differ by one category; the
    // disclosure control answers for the one fixed group that holds them, or for all incidents.
    const fixed = fixedCategoryGroup(names)
    if ('unknown' in fixed) throw badRequest(`No incident category or group named ${fixed.unknown}`)
    categories = fixed.group ? [fixed.group] : []
    categoryCondition = fixed.group ? sql`AND s.category_group = ${fixed.group}` : sql``
  }

  const from = periodStart(addMonths(measure.startDate, -beforeMonths), periodKind)
  // Note: the series runs to the end of the last whole period that holds any incident, so that
  // months not yet reported (the police deliver with a delay) do not read as a fall to zero, nor a
  // quarter of which one month is known as a quarter that fell by two thirds.
  const [last] = await db.query<{ day: string | null }>(sql`
    SELECT to_char(max(occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}), 'YYYY-MM-DD') AS day FROM incidents`)
  const to = last?.day ? periodStart(addMonths(periodStart(last.day, 'month'), 1), periodKind) : from

  const rows = await db.query<CountRow>(sql`
    WITH place AS (SELECT geom FROM action_measures WHERE id = ${measure.id}::uuid)
    SELECT to_char(date_trunc(${periodKind}, s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}), 'YYYY-MM-DD') AS period,
      ST_Intersects(s.geom, place.geom) AS inside, count(*)::int AS n,
      ${exact ? sql`NULL::int` : cellKeySql(sql`s.id::text`)} AS cell_key,
      CASE WHEN bool_or(s.classification = 'restricted') THEN 'restricted'
        WHEN bool_or(s.classification = 'internal') THEN 'internal' ELSE 'open' END AS most
    FROM incidents s, place
    WHERE (s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) >= ${from}::timestamp
      AND (s.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) < ${to}::timestamp
      ${categoryCondition}
      ${exact ? sql`AND ${cleared(access, 'crime')}` : sql``}
    GROUP BY 1, 2`)

  const key = (period: string, inside: boolean) => `${period}|${inside ? 'in' : 'rest'}`
  const counts = new Map<string, number | null>()
  if (exact) for (const r of rows) counts.set(key(r.period, r.inside), Number(r.n))
  else {
    const published = publishCells(
      rows.map((r) => ({
        cell: key(r.period, r.inside),
        count: Number(r.n),
        cellKey: Number(r.cell_key),
      })),
    )
    // Note: a cell with incidents that is not published was withheld (null), while a cell with
    // none at all is a true zero: zero is not a small count that identifies anyone.
    for (const r of rows) counts.set(key(r.period, r.inside), null)
    for (const { cell, count } of published) counts.set(cell, count)
  }
  const series: FollowUpMonth[] = periodsBetween(from, to, periodKind).map((period) => ({
    period,
    inside: counts.has(key(period, true)) ? counts.get(key(period, true))! : 0,
    rest: counts.has(key(period, false)) ? counts.get(key(period, false))! : 0,
  }))
  // Note: exact counts of police data carry the most classified incident counted; published
  // counts are made to be shown at the level of the twin, internal.
  const marking: Classification = exact
    ? rows.reduce<Classification>((m, r) => higherClassification(m, r.most ?? 'open'), 'internal')
    : 'internal'
  return {
    followUp: {
      kind: 'incidents',
      categories,
      disclosureControl: exact ? 'none' : 'cell-key',
      periodKind,
      series,
      summary: beforeAfter(series, measure.startDate),
    },
    marking,
  }
}

async function surveyFollowUp(db: Database, measureId: string, indicator: string): Promise<SurveyFollowUp> {
  // Note: the districts the place lies in are those it covers some of; each district's value
  // counts by its respondents, as a mean over the people asked.
  const rows = await db.query<{
    year: number
    inside: boolean
    value: number | null
    respondents: number
  }>(sql`
    WITH place AS (SELECT geom FROM action_measures WHERE id = ${measureId}::uuid)
    SELECT r.year, ST_Intersects(a.geom, place.geom) AND NOT ST_Touches(a.geom, place.geom) AS inside,
      sum(r.value * r.respondents) / nullif(sum(r.respondents), 0) AS value,
      sum(r.respondents)::int AS respondents
    FROM survey_results r JOIN areas a ON a.id = r.area_id, place
    WHERE r.indicator = ${indicator} AND a.kind = 'district'
    GROUP BY 1, 2 ORDER BY 1`)
  const years = [...new Set(rows.map((r) => Number(r.year)))].sort((a, b) => a - b)
  const round2 = (v: number | null) => (v === null ? null : Math.round(Number(v) * 100) / 100)
  return {
    kind: 'survey',
    indicator,
    years: years.map((year) => {
      const inside = rows.find((r) => Number(r.year) === year && r.inside)
      const rest = rows.find((r) => Number(r.year) === year && !r.inside)
      return {
        year,
        inside: round2(inside?.value ?? null),
        rest: round2(rest?.value ?? null),
        respondentsInside: inside?.respondents ?? 0,
      }
    }),
  }
}

/**
 * The follow-up of a measure the caller may read, for every indicator it names. `published` gives
 * the disclosure-controlled counts whoever asks (for the open version of the council's report).
 */
export async function followUpOf(
  db: Database,
  access: Access,
  measure: MeasureToFollow,
  beforeMonths: number,
  { published = false }: { published?: boolean } = {},
): Promise<MeasureFollowUp> {
  let classification = measure.classification
  const indicators: MeasureFollowUp['indicators'] = []
  for (const indicator of measure.indicators) {
    if (indicator.kind === 'incidents') {
      const { followUp, marking } = await incidentFollowUp(
        db,
        access,
        measure,
        indicator.categories,
        beforeMonths,
        published,
      )
      classification = higherClassification(classification, marking)
      indicators.push(followUp)
    } else indicators.push(await surveyFollowUp(db, measure.id, indicator.indicator))
  }
  return { measureId: measure.id, startDate: measure.startDate, beforeMonths, indicators, classification }
}
