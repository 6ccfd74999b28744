/**
 * `/api/audit`: administrators browse and filter the audit trail, and export it. The export is
 * itself recorded, and marked as internal with who took it out and when.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { auditActions } from '../../common/audit.ts'
import { isoDateTime } from '../../common/dates.ts'
import { Capability } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { type AppEnv, accessOf, requireCapability } from '../http/access.ts'
import { validate } from '../http/validate.ts'
import { ExportLanguage, exportMarking, toCsv } from '../layers/export-format.ts'
import { AuditAction, type AuditRecord, appendAudit, queryAudit } from './audit-log.ts'

const AuditFilter = z.object({
  actor: z.string().max(64).optional(),
  action: z.enum(auditActions).optional(),
  entity: z.string().max(64).optional(),
  entityId: z.string().max(64).optional(),
  from: isoDateTime('from').optional(),
  to: isoDateTime('to').optional(),
  q: z.string().trim().max(100).optional(),
})

const AuditPage = AuditFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})

/** Exports stop at this many entries; narrow the filter for more. */
export const MAX_AUDIT_EXPORT = 50_000

const AuditExport = AuditFilter.extend({
  format: z.enum(['csv', 'json']).default('csv'),
  lang: ExportLanguage.default('sv'),
})

const csvColumns = [
  'id',
  'at',
  'actor',
  'action',
  'entity',
  'entityId',
  'before',
  'after',
  'details',
] as const

export function auditRoutes(db: Database) {
  return new Hono<AppEnv>()
    .use('*', async (c, next) => {
      requireCapability(accessOf(c), Capability.readAudit)
      await next()
    })
    .get('/', validate('query', AuditPage), async (c) => {
      const { q, ...rest } = c.req.valid('query')
      return c.json(await queryAudit(db.orm, { ...rest, text: q }))
    })
    .get('/export', validate('query', AuditExport), async (c) => {
      const { format, q, lang, ...filter } = c.req.valid('query')
      const access = accessOf(c)
      const { entries, total } = await queryAudit(db.orm, {
        ...filter,
        text: q,
        limit: MAX_AUDIT_EXPORT,
        offset: 0,
      })
      const marking = exportMarking(access, 'internal', lang)
      await appendAudit(db.orm, {
        actor: access.username,
        action: AuditAction.export,
        entity: 'audit_log',
        details: { format, count: entries.length, total, filter: { ...filter, q }, ...marking },
      })
      const stamp = marking.exportedAt.slice(0, 19).replace(/[:T]/g, '-')
      c.header('Content-Disposition', `attachment; filename="audit-log-${stamp}.${format}"`)
      if (format === 'json') return c.json({ ...marking, total, entries })
      const rows = entries.map((e: AuditRecord) =>
        csvColumns.map((k) => (typeof e[k] === 'object' && e[k] !== null ? JSON.stringify(e[k]) : e[k])),
      )
      c.header('Content-Type', 'text/csv; charset=utf-8')
      return c.body(toCsv(marking, [...csvColumns], rows))
    })
}
