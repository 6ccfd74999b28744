/**
 * Incident reporting and follow-up, `/api/incident-reports`:
 * - `POST /` any signed-in employee reports an incident (the short form); `201 {report}`.
 * - `GET /?scope=mine|assigned|all&status=` the caller's own reports ("Mina rapporter"), those they
 *   are responsible for, or (those who follow up) every report within their clearance.
 * - `GET /:id` one report with its history and linked RSA risks; 404 for anyone who may not see it.
 * - `PATCH /:id` `{status?, responsibleId?, comment?}`: the follow-up (status by the responsible
 *   person or those who follow up; the responsible person by those who follow up).
 * - `POST /:id/comments` `{text}`: anyone who sees the report adds to it.
 * - `POST /:id/risks` `{riskId}` and `DELETE /:id/risks/:riskId`: "what happened" tied to "what we feared".
 * - `GET /assignees`: who can be made responsible (those who follow up only).
 * - `GET /statistics?by=category|district|month&from=&to=&category=`: counts, disclosure-controlled
 *   for roles without clearance for every incident.
 * Every write is in the audit log and the report's history, in one transaction with the change.
 */
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { z } from 'zod'
import { minimumClassification } from '../../common/classification-rules.ts'
import { incidentCategoryTerms, incidentGroupTerms } from '../../common/domain.ts'
import {
  IncidentComment,
  IncidentFollowUp,
  IncidentReportInput,
  incidentStatuses,
  mayMoveTo,
  statisticsGroupings,
} from '../../common/incident-report.ts'
import { higherClassification, mayEditLayer } from '../../common/permissions.ts'
import { type Database, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, forbidden } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import {
  appendHistory,
  followsUp,
  listReports,
  mayFollowUp,
  readableRisks,
  readReport,
  reportRow,
} from './reports.ts'
import { incidentStatistics } from './statistics.ts'

const IdParam = z.object({ id: z.uuid('report ids are UUIDs') }).strict()
const RiskParam = IdParam.extend({ riskId: z.uuid('risk ids are UUIDs') }).strict()
const ListQuery = z
  .object({
    scope: z.enum(['mine', 'assigned', 'all']).default('mine'),
    status: z.enum(incidentStatuses).optional(),
  })
  .strict()
const StatisticsQuery = z
  .object({
    by: z.enum(statisticsGroupings),
    from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
    category: z
      .string()
      .max(500)
      .optional()
      .transform((v) => (v ? v.split(',') : undefined)),
  })
  .strict()
const RiskLink = z.object({ riskId: z.uuid() }).strict()

const ENTITY = 'incident-reports'

function requireFollowUp(access: Access) {
  if (!followsUp(access)) throw forbidden(`The role ${access.role} does not follow up incident reports`)
}

export function incidentReportRoutes(db: Database, config: { kommun: string }) {
  return new Hono<AppEnv>()
    .post('/', validate('json', IncidentReportInput), async (c) => {
      const access = accessOf(c)
      const input = c.req.valid('json')
      const [place] = await db.query<{ inside: boolean }>(sql`
        SELECT ST_Covers(geom, ST_SetSRID(ST_MakePoint(${input.position[0]}, ${input.position[1]}), 4326)) AS inside
        FROM areas WHERE kind = 'municipality' AND code = ${config.kommun} LIMIT 1`)
      if (!place?.inside)
        throw new HttpError(400, 'validation_failed', 'position: the place lies outside the municipality', {
          path: 'position',
        })
      // Note: the floor of the classification rules applies whatever the reporter asks: threats to
      // staff and unlawful influence are restricted even when the box is left unticked.
      const classification = higherClassification(
        input.restricted ? 'restricted' : 'internal',
        minimumClassification('incidents', { category: input.category, source: 'municipality' }),
      )
      const report = await db.transaction(async (tx) => {
        const [row] = await queryRows<{ id: string }>(
          tx,
          sql`INSERT INTO incidents (occurred_at, category, category_group, severity, source, reporter, description,
              status, reported_by_id, injured, place_name, geom, classification, created_by, updated_by)
            VALUES (${input.occurredAt}::timestamptz, ${input.category}, ${incidentCategoryTerms[input.category].group},
              ${input.severity}, 'municipality', ${access.displayName}, ${input.description}, 'received',
              ${access.userId}::uuid, ${input.injured}, ${input.placeName ?? null},
              ST_SetSRID(ST_MakePoint(${input.position[0]}, ${input.position[1]}), 4326), ${classification},
              ${access.username}, ${access.username})
            RETURNING id::text AS id`,
        )
        const id = row!.id
        await appendHistory(tx, id, 'reported', { status: 'received' }, access.username)
        const saved = await readReport(tx, access, id)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.create,
          entity: ENTITY,
          entityId: id,
          after: saved,
        })
        return saved
      })
      return c.json({ report }, 201)
    })
    .get('/', validate('query', ListQuery), async (c) => {
      const access = accessOf(c)
      const filter = c.req.valid('query')
      if (filter.scope === 'all') requireFollowUp(access)
      return c.json({ reports: await listReports(db.orm, access, filter) })
    })
    .get('/assignees', async (c) => {
      requireFollowUp(accessOf(c))
      const people = await db.query<{ id: string; display_name: string; role: string }>(
        sql`SELECT id::text AS id, display_name, role FROM users WHERE NOT disabled ORDER BY display_name`,
      )
      return c.json({ people: people.map((p) => ({ id: p.id, name: p.display_name, role: p.role })) })
    })
    .get('/statistics', validate('query', StatisticsQuery), async (c) => {
      const q = c.req.valid('query')
      for (const name of q.category ?? [])
        if (!(name in incidentCategoryTerms) && !(name in incidentGroupTerms))
          throw new HttpError(
            400,
            'validation_failed',
            `category: no incident category or group named ${name}`,
          )
      return c.json(await incidentStatistics(db, accessOf(c), q))
    })
    .get('/:id', validate('param', IdParam), async (c) => {
      return c.json({ report: await readReport(db.orm, accessOf(c), c.req.valid('param').id) })
    })
    .patch('/:id', validate('param', IdParam), validate('json', IncidentFollowUp), async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const report = await db.transaction(async (tx) => {
        const row = await reportRow(tx, access, id, true)
        if (!mayFollowUp(access, row))
          throw forbidden('Only the responsible person and those who follow up may change a report')
        const before = await readReport(tx, access, id)
        if (change.responsibleId !== undefined && change.responsibleId !== row.responsible_id) {
          requireFollowUp(access)
          let toName: string | null = null
          if (change.responsibleId !== null) {
            const [person] = await queryRows<{ display_name: string }>(
              tx,
              sql`SELECT display_name FROM users WHERE id = ${change.responsibleId}::uuid AND NOT disabled`,
            )
            if (!person)
              throw new HttpError(400, 'validation_failed', 'responsibleId: no active account has that id', {
                path: 'responsibleId',
              })
            toName = person.display_name
          }
          await tx.execute(
            sql`UPDATE incidents SET responsible_id = ${change.responsibleId}::uuid, updated_by = ${access.username},
              updated_at = now() WHERE id = ${id}::uuid`,
          )
          await appendHistory(
            tx,
            id,
            'responsible',
            { from: row.responsible_id, to: change.responsibleId, toName },
            access.username,
          )
        }
        if (change.status !== undefined && change.status !== row.status) {
          if (!mayMoveTo(row.status, change.status))
            throw new HttpError(
              409,
              'conflict',
              `A report cannot go from ${row.status} to ${change.status}`,
              {
                path: 'status',
              },
            )
          await tx.execute(
            sql`UPDATE incidents SET status = ${change.status}, updated_by = ${access.username}, updated_at = now()
              WHERE id = ${id}::uuid`,
          )
          await appendHistory(tx, id, 'status', { from: row.status, to: change.status }, access.username)
        }
        if (change.comment) await appendHistory(tx, id, 'comment', { text: change.comment }, access.username)
        // The reader may have been the responsible person a moment ago; they may no longer see it.
        const after = await readReport(tx, access, id).catch(() => null)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.update,
          entity: ENTITY,
          entityId: id,
          before,
          after,
        })
        return after
      })
      return report ? c.json({ report }) : c.body(null, 204)
    })
    .post('/:id/comments', validate('param', IdParam), validate('json', IncidentComment), async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const { text } = c.req.valid('json')
      const report = await db.transaction(async (tx) => {
        await reportRow(tx, access, id, true)
        await appendHistory(tx, id, 'comment', { text }, access.username)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.update,
          entity: ENTITY,
          entityId: id,
          details: { comment: text },
        })
        return readReport(tx, access, id)
      })
      return c.json({ report }, 201)
    })
    .post('/:id/risks', validate('param', IdParam), validate('json', RiskLink), async (c) => {
      const access = accessOf(c)
      if (!followsUp(access) && !mayEditLayer(access.role, 'rsa-risks'))
        throw forbidden(`The role ${access.role} may not link incidents to risks`)
      const { id } = c.req.valid('param')
      const { riskId } = c.req.valid('json')
      const report = await db.transaction(async (tx) => {
        await reportRow(tx, access, id, true)
        const [risk] = await queryRows(
          tx,
          sql`SELECT 1 FROM rsa_risks r WHERE r.id = ${riskId}::uuid AND ${readableRisks(access)}`,
        )
        if (!risk) throw notFound(`No RSA risk with the id ${riskId}`)
        const inserted = await queryRows(
          tx,
          sql`INSERT INTO incident_risk_links (incident_id, risk_id, created_by) VALUES (${id}::uuid, ${riskId}::uuid, ${access.username})
            ON CONFLICT DO NOTHING RETURNING 1`,
        )
        if (inserted.length) {
          await appendHistory(tx, id, 'risk_linked', { riskId }, access.username)
          await appendAudit(tx, {
            actor: access.username,
            action: AuditAction.create,
            entity: 'incident-risk-links',
            entityId: `${id}/${riskId}`,
            after: { incidentId: id, riskId },
          })
        }
        return readReport(tx, access, id)
      })
      return c.json({ report }, 201)
    })
    .delete('/:id/risks/:riskId', validate('param', RiskParam), async (c) => {
      const access = accessOf(c)
      if (!followsUp(access) && !mayEditLayer(access.role, 'rsa-risks'))
        throw forbidden(`The role ${access.role} may not link incidents to risks`)
      const { id, riskId } = c.req.valid('param')
      await db.transaction(async (tx) => {
        await reportRow(tx, access, id, true)
        const removed = await queryRows(
          tx,
          sql`DELETE FROM incident_risk_links l USING rsa_risks r
            WHERE l.incident_id = ${id}::uuid AND l.risk_id = ${riskId}::uuid AND r.id = l.risk_id AND ${readableRisks(access)}
            RETURNING 1`,
        )
        if (!removed.length) throw notFound(`The report is not linked to a risk with the id ${riskId}`)
        await appendHistory(tx, id, 'risk_unlinked', { riskId }, access.username)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.delete,
          entity: 'incident-risk-links',
          entityId: `${id}/${riskId}`,
          before: { incidentId: id, riskId },
        })
      })
      return c.body(null, 204)
    })
}
