/**
 * Incident counts that follow the council's filter (category, time window, weekday, hour): the
 * total, per month (the time slider's histogram), per weekday and hour (the weekday-by-hour chart),
 * per district and per category, in one pass over the incidents (`GROUPING SETS`).
 *
 * A role cleared for every incident gets the true counts of exactly its filter. Any other role gets
 * the disclosure control's answer (`server/disclosure/`): the window widened to a fixed calendar
 * period, the categories to one fixed group, the weekdays and hours to fixed bands, and every count
 * (the total as much as each cell) perturbed by the cell-key method and left out under the threshold.
 */
import { type SQL, sql } from 'drizzle-orm'
import {
  type AnsweredQuestion,
  categoriesOfGroup,
  hourBandOf,
  hourBands,
  type IncidentCounts,
  type IncidentCountsQuery,
  weekdayBandOf,
  weekdayBands,
} from '../../common/council.ts'
import { incidentGroupTerms } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { DerivedCache, layerDataVersion } from '../cache/derived-cache.ts'
import { cellKeySql, DISCLOSURE_THRESHOLD, publishedCount } from '../disclosure/cell-key.ts'
import { fixedCategoryGroup, fixedPeriod, PERIOD_TIME_ZONE } from '../disclosure/fixed-queries.ts'
import { type Access, clearanceOf } from '../http/access.ts'
import { badRequest } from '../http/errors.ts'
import { readableJoin } from '../http/readable-join.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'

const local = (column: SQL) => sql`(${column} AT TIME ZONE ${PERIOD_TIME_ZONE})`
const numbers = (values: readonly number[]) =>
  sql.join(
    values.map((v) => sql`${v}::int`),
    sql`, `,
  )
const texts = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

/** A filter's categories, a group's name standing for its categories. */
function categoriesAsked(names: readonly string[]): string[] {
  const out = new Set<string>()
  for (const name of names)
    if (name in incidentGroupTerms)
      for (const c of categoriesOfGroup(name as keyof typeof incidentGroupTerms)) out.add(c)
    else out.add(name)
  return [...out].sort()
}

/** The question answered for this caller: the filter itself, or its fixed widening. */
export function answeredQuestion(q: IncidentCountsQuery, access: Access): AnsweredQuestion {
  if (seesTrueCounts(access))
    return {
      disclosure: 'none',
      categories: q.category ? categoriesAsked(q.category) : null,
      from: q.from ?? null,
      to: q.to ?? null,
      weekdays: q.weekday ?? null,
      hours: q.hour ?? null,
    }
  const group = fixedCategoryGroup(q.category)
  if ('unknown' in group) throw badRequest(`No incident category or group named ${group.unknown}`)
  const period = fixedPeriod(q.from, q.to)
  return {
    disclosure: 'cell-key',
    period: period.label,
    periodFrom: period.kind === 'all' ? null : period.start,
    periodTo: period.kind === 'all' ? null : period.end,
    categoryGroup: group.group ?? null,
    weekdayBand: weekdayBandOf(q.weekday) ?? null,
    hourBand: hourBandOf(q.hour) ?? null,
    minimumCount: DISCLOSURE_THRESHOLD,
  }
}

function whereOf(a: AnsweredQuestion): SQL {
  const at = sql`t.occurred_at`
  if (a.disclosure === 'none')
    return sql`${a.categories ? sql`AND t.category IN (${texts(a.categories)})` : sql``}
      ${a.from ? sql`AND ${at} >= ${a.from}::timestamptz` : sql``}
      ${a.to ? sql`AND ${at} < ${a.to}::timestamptz` : sql``}
      ${a.weekdays ? sql`AND extract(isodow FROM ${local(at)})::int IN (${numbers(a.weekdays)})` : sql``}
      ${a.hours ? sql`AND extract(hour FROM ${local(at)})::int IN (${numbers(a.hours)})` : sql``}`
  const weekdays = a.weekdayBand ? weekdayBands[a.weekdayBand as keyof typeof weekdayBands] : null
  const hours = a.hourBand ? hourBands[a.hourBand as keyof typeof hourBands] : null
  return sql`${a.categoryGroup ? sql`AND t.category_group = ${a.categoryGroup}` : sql``}
    ${
      a.periodFrom && a.periodTo
        ? sql`AND ${local(at)} >= ${a.periodFrom}::timestamp AND ${local(at)} < ${a.periodTo}::timestamp`
        : sql``
    }
    ${weekdays ? sql`AND extract(isodow FROM ${local(at)})::int IN (${numbers(weekdays)})` : sql``}
    ${hours ? sql`AND extract(hour FROM ${local(at)})::int IN (${numbers(hours)})` : sql``}`
}

interface GroupedRow {
  g_month: number
  g_hour: number
  g_district: number
  g_category: number
  month: string | null
  weekday: number | null
  hour: number | null
  district: string | null
  category: string | null
  n: number
  cell_key: number | null
}

async function computeCounts(db: Database, a: AnsweredQuestion, access: Access): Promise<IncidentCounts> {
  const perturb = a.disclosure === 'cell-key'
  const rows = await db.query<GroupedRow>(sql`
    WITH f AS (
      SELECT t.id::text AS id, t.category,
        to_char(${local(sql`t.occurred_at`)}, 'YYYY-MM') AS month,
        extract(isodow FROM ${local(sql`t.occurred_at`)})::int AS weekday,
        extract(hour FROM ${local(sql`t.occurred_at`)})::int AS hour,
        d.id AS district
      FROM incidents t
      LEFT JOIN LATERAL (
        SELECT a.id::text AS id FROM areas a
        WHERE a.kind = 'district' AND ST_Contains(a.geom, t.geom) AND ${readableJoin(access, 'a', 'actors')}
        LIMIT 1) d ON true
      WHERE true ${whereOf(a)}
    )
    SELECT grouping(month)::int AS g_month, grouping(weekday, hour)::int AS g_hour,
      grouping(district)::int AS g_district, grouping(category)::int AS g_category,
      month, weekday, hour, district, category, count(*)::int AS n,
      ${perturb ? cellKeySql(sql`id`) : sql`NULL::int`} AS cell_key
    FROM f
    GROUP BY GROUPING SETS ((), (month), (weekday, hour), (district), (category))`)

  const publish = (r: GroupedRow): number | null =>
    perturb ? publishedCount(Number(r.n), Number(r.cell_key)) : Number(r.n)
  const names = new Map(
    (
      await db.query<{ id: string; name: string }>(sql`
        SELECT a.id::text AS id, a.name FROM areas a
        WHERE a.kind = 'district' AND ${readableJoin(access, 'a', 'actors')}`)
    ).map((r) => [r.id, r.name]),
  )
  const answer: IncidentCounts = {
    answered: a,
    total: null,
    months: [],
    weekdayHours: [],
    districts: [],
    categories: [],
  }
  for (const r of rows) {
    // Note: a left-out cell is left out of the lists, so an answer never tells one to four
    // incidents from none.
    const count = publish(r)
    const isTotal = r.g_month === 1 && r.g_hour === 3 && r.g_district === 1 && r.g_category === 1
    if (isTotal) answer.total = count
    else if (count === null) continue
    else if (r.g_month === 0 && r.month) answer.months.push({ month: r.month, count })
    else if (r.g_hour === 0 && r.weekday !== null && r.hour !== null)
      answer.weekdayHours.push({ weekday: Number(r.weekday), hour: Number(r.hour), count })
    else if (r.g_district === 0 && r.district && names.has(r.district))
      answer.districts.push({ id: r.district, name: names.get(r.district)!, count })
    else if (r.g_category === 0 && r.category) answer.categories.push({ category: r.category, count })
  }
  answer.months.sort((x, y) => x.month.localeCompare(y.month))
  answer.weekdayHours.sort((x, y) => x.weekday - y.weekday || x.hour - y.hour)
  answer.districts.sort((x, y) => y.count! - x.count! || x.name.localeCompare(y.name, 'sv'))
  answer.categories.sort((x, y) => y.count! - x.count! || x.category.localeCompare(y.category))
  return answer
}

const caches = new WeakMap<Database, DerivedCache<IncidentCounts>>()

function countsCache(db: Database): DerivedCache<IncidentCounts> {
  let cache = caches.get(db)
  if (!cache) {
    cache = new DerivedCache(layerDataVersion(db))
    caches.set(db, cache)
  }
  return cache
}

/** The counts for this caller and filter; cached per answered question and clearance until a write. */
export function incidentCounts(
  db: Database,
  q: IncidentCountsQuery,
  access: Access,
): Promise<IncidentCounts> {
  const answered = answeredQuestion(q, access)
  const key = JSON.stringify({ answered, districts: clearanceOf(access, 'actors') })
  return countsCache(db).get(key, () => computeCounts(db, answered, access))
}
