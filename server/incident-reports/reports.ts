/**
 * Reported incidents and their follow-up, in SQL. A report is a row of `incidents` (source
 * `municipality`) with a status; its history is `incident_events`; links to RSA risks are
 * `incident_risk_links`. Who may see a report: its reporter, its responsible person, and those who
 * follow up incidents within their clearance for the crime theme. Anyone else is told it does not
 * exist.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { IncidentCategory } from '../../common/domain.ts'
import type { IncidentHistoryEntry, IncidentReport, IncidentStatus } from '../../common/incident-report.ts'
import { Capability, clearanceIn, may, mayRead } from '../../common/permissions.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { riskScoreSql } from '../analysis/risk-sql.ts'
import type { Access } from '../http/access.ts'
import { notFound } from '../http/errors.ts'
import { readableRisk } from '../rsa/register.ts'

const inList = (values: readonly string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )

/** Whether the caller follows up incidents at all (and so sees the reports within their clearance). */
export const followsUp = (access: Access) => may(access.role, Capability.followUpIncidents)

/**
 * The reports the caller may see, as a WHERE condition on `t` (incidents): their own, those they are
 * responsible for, and, for those who follow up, every report within their clearance.
 */
export function visibleReports(access: Access): SQL {
  const own = sql`(t.reported_by_id = ${access.userId}::uuid OR t.responsible_id = ${access.userId}::uuid)`
  if (!followsUp(access)) return sql`t.status IS NOT NULL AND ${own}`
  return sql`t.status IS NOT NULL AND (${own} OR t.classification IN (${inList(clearanceIn(access.role, 'crime'))}))`
}

/** The RSA risks the caller may read, as a WHERE condition on `r` (rsa_risks): the register's rule. */
export const readableRisks = (access: Access): SQL => readableRisk(access)

interface ReportRow {
  id: string
  category: IncidentCategory
  occurred_at: Date | string
  severity: number
  description: string | null
  injured: boolean | null
  lon: number
  lat: number
  place_name: string | null
  status: IncidentStatus
  reported_by_id: string | null
  reporter: string | null
  responsible_id: string | null
  responsible_name: string | null
  classification: 'open' | 'internal' | 'restricted'
  created_at: Date | string
}

const iso = (v: Date | string) => new Date(v).toISOString()

const reportColumns = sql`t.id::text AS id, t.category, t.occurred_at, t.severity, t.description, t.injured,
  ST_X(t.geom) AS lon, ST_Y(t.geom) AS lat, t.place_name, t.status, t.reported_by_id::text AS reported_by_id,
  t.reporter, t.responsible_id::text AS responsible_id, u.display_name AS responsible_name,
  t.classification, t.created_at`

/** The caller's right to change a report's status: those who follow up it, or its responsible person. */
export const mayFollowUp = (access: Access, row: Pick<ReportRow, 'responsible_id' | 'classification'>) =>
  row.responsible_id === access.userId ||
  (followsUp(access) && mayRead(access.role, 'crime', row.classification))

function summary(access: Access, row: ReportRow): Omit<IncidentReport, 'risks' | 'history'> {
  return {
    id: row.id,
    category: row.category,
    occurredAt: iso(row.occurred_at),
    severity: Number(row.severity),
    description: row.description,
    injured: row.injured,
    position: [Number(row.lon), Number(row.lat)],
    placeName: row.place_name,
    status: row.status,
    reporter: { id: row.reported_by_id, name: row.reporter },
    responsible: row.responsible_id ? { id: row.responsible_id, name: row.responsible_name ?? '' } : null,
    classification: row.classification,
    createdAt: iso(row.created_at),
    mayFollowUp: mayFollowUp(access, row),
  }
}

export type ReportSummary = ReturnType<typeof summary>

export async function listReports(
  handle: Orm,
  access: Access,
  filter: { scope: 'mine' | 'assigned' | 'all'; status?: IncidentStatus },
): Promise<ReportSummary[]> {
  const scope =
    filter.scope === 'mine'
      ? sql`AND t.reported_by_id = ${access.userId}::uuid`
      : filter.scope === 'assigned'
        ? sql`AND t.responsible_id = ${access.userId}::uuid`
        : sql``
  const rows = await queryRows<ReportRow>(
    handle,
    sql`SELECT ${reportColumns} FROM incidents t LEFT JOIN users u ON u.id = t.responsible_id
      WHERE ${visibleReports(access)} ${scope} ${filter.status ? sql`AND t.status = ${filter.status}` : sql``}
      ORDER BY t.created_at DESC, t.id LIMIT 500`,
  )
  return rows.map((r) => summary(access, r))
}

/** One report the caller may see, locked for update when `forUpdate`; 404 otherwise. */
export async function reportRow(
  handle: Orm,
  access: Access,
  id: string,
  forUpdate = false,
): Promise<ReportRow> {
  const [row] = await queryRows<ReportRow>(
    handle,
    sql`SELECT ${reportColumns} FROM incidents t LEFT JOIN users u ON u.id = t.responsible_id
      WHERE t.id = ${id}::uuid AND ${visibleReports(access)} ${forUpdate ? sql`FOR UPDATE OF t` : sql``}`,
  )
  if (!row) throw notFound(`No incident report with the id ${id}`)
  return row
}

export async function readReport(handle: Orm, access: Access, id: string): Promise<IncidentReport> {
  const row = await reportRow(handle, access, id)
  const history = await queryRows<{
    kind: IncidentHistoryEntry['kind']
    detail: Record<string, unknown>
    by: string
    at: Date | string
  }>(
    handle,
    sql`SELECT kind, detail, by, at FROM incident_events WHERE incident_id = ${id}::uuid ORDER BY id`,
  )
  const risks = await queryRows<{ id: string; title: string; score: number }>(
    handle,
    sql`SELECT r.id::text AS id, r.title, ${riskScoreSql(sql`r.likelihood`, sql`r.consequences`)} AS score
      FROM incident_risk_links l JOIN rsa_risks r ON r.id = l.risk_id
      WHERE l.incident_id = ${id}::uuid AND ${readableRisks(access)} ORDER BY r.title`,
  )
  return {
    ...summary(access, row),
    risks: risks.map((r) => ({ ...r, score: Number(r.score) })),
    // A link to a risk the reader may not read stays out of the history too.
    history: history
      .filter((h) => !h.kind.startsWith('risk_') || risks.some((r) => r.id === h.detail.riskId))
      .map((h) => ({ kind: h.kind, detail: h.detail, by: h.by, at: iso(h.at) })),
  }
}

export async function appendHistory(
  handle: Orm,
  incidentId: string,
  kind: IncidentHistoryEntry['kind'],
  detail: Record<string, unknown>,
  by: string,
): Promise<void> {
  await handle.execute(
    sql`INSERT INTO incident_events (incident_id, kind, detail, by) VALUES (${incidentId}::uuid, ${kind}, ${JSON.stringify(detail)}::jsonb, ${by})`,
  )
}
