/**
 * Incident statistics per category, district or month. A role cleared for every incident gets the
 * true counts for exactly the filters it asks; any other role gets what the disclosure control
 * publishes (`server/disclosure/`): the window widened to a fixed calendar period, categories to one
 * fixed group, each count perturbed by the cell-key method and small ones left out, so that no
 * answer, nor the difference of two, points at one incident (a threat against a named official).
 */
import { type SQL, sql } from 'drizzle-orm'
import type { StatisticsGrouping } from '../../common/incident-report.ts'
import type { Database } from '../../db/client.ts'
import { cellKeySql, publishCells } from '../disclosure/cell-key.ts'
import { fixedCategoryGroup, fixedPeriod, PERIOD_TIME_ZONE } from '../disclosure/fixed-queries.ts'
import type { Access } from '../http/access.ts'
import { badRequest } from '../http/errors.ts'
import { seesTrueCounts } from '../layers/incident-hexagons.ts'

export interface StatisticsQuery {
  by: StatisticsGrouping
  category?: string[]
  from?: string
  to?: string
}

export interface StatisticsAnswer {
  by: StatisticsGrouping
  /** `cell-key` when the counts passed the disclosure control, `none` when they are true counts. */
  disclosure: 'cell-key' | 'none'
  /** The period counted: the one asked, or the fixed period it was widened to. */
  period: { from: string | null; to: string | null; label: string | null }
  /** The category group counted, when the categories were widened to one. */
  categoryGroup: string | null
  rows: { key: string; label: string; count: number }[]
}

const keyOf: Record<StatisticsGrouping, SQL> = {
  category: sql`t.category`,
  district: sql`coalesce(d.code, '')`,
  month: sql`to_char(t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}, 'YYYY-MM')`,
}
const labelOf: Record<StatisticsGrouping, SQL> = {
  category: sql`t.category`,
  district: sql`coalesce(d.name, '')`,
  month: sql`to_char(t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}, 'YYYY-MM')`,
}

export async function incidentStatistics(
  db: Database,
  access: Access,
  q: StatisticsQuery,
): Promise<StatisticsAnswer> {
  const cleared = seesTrueCounts(access)
  const filters: SQL[] = []
  let period: StatisticsAnswer['period'] = { from: q.from ?? null, to: q.to ?? null, label: null }
  let categoryGroup: string | null = null
  if (cleared) {
    if (q.category?.length)
      filters.push(
        sql`t.category IN (${sql.join(
          q.category.map((c) => sql`${c}`),
          sql`, `,
        )})`,
      )
    if (q.from) filters.push(sql`t.occurred_at >= ${q.from}::timestamptz`)
    if (q.to) filters.push(sql`t.occurred_at < ${q.to}::timestamptz`)
  } else {
    const group = fixedCategoryGroup(q.category)
    if ('unknown' in group) throw badRequest(`No incident category or group named ${group.unknown}`)
    categoryGroup = group.group ?? null
    if (categoryGroup) filters.push(sql`t.category_group = ${categoryGroup}`)
    const fixed = fixedPeriod(q.from, q.to)
    if (fixed.kind !== 'all') {
      filters.push(sql`(t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) >= ${fixed.start}::timestamp`)
      filters.push(sql`(t.occurred_at AT TIME ZONE ${PERIOD_TIME_ZONE}) < ${fixed.end}::timestamp`)
      period = { from: fixed.start, to: fixed.end, label: fixed.label }
    } else period = { from: null, to: null, label: fixed.label }
  }
  const where = filters.length ? sql.join(filters, sql` AND `) : sql`true`
  const rows = await db.query<{ key: string; label: string; n: number; cell_key: number | null }>(sql`
    SELECT ${keyOf[q.by]} AS key, min(${labelOf[q.by]}) AS label, count(*)::int AS n,
      ${cleared ? sql`NULL::int` : cellKeySql(sql`t.id::text`)} AS cell_key
    FROM incidents t
    ${q.by === 'district' ? sql`LEFT JOIN areas d ON d.kind = 'district' AND ST_Covers(d.geom, t.geom)` : sql``}
    WHERE ${where}
    GROUP BY 1 ORDER BY 1`)
  const counted = cleared
    ? rows.map((r) => ({ key: r.key, label: r.label, count: Number(r.n) }))
    : publishCells(
        rows.map((r) => ({
          cell: { key: r.key, label: r.label },
          count: Number(r.n),
          cellKey: r.cell_key === null ? Number.NaN : Number(r.cell_key),
        })),
      ).map(({ cell, count }) => ({ ...cell, count }))
  return { by: q.by, disclosure: cleared ? 'none' : 'cell-key', period, categoryGroup, rows: counted }
}
