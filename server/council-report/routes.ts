/**
 * `GET /api/council/report.pdf?year=2025&lang=sv&version=internal|open`: the crime prevention
 * council's lägesbild for a calendar year (default: the last the crime statistics cover in full).
 * The internal version reads through the caller's need-to-know; the open one is fit for anyone and
 * anyone signed in may take it. Each download is audited, as exports are.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { swedishDay } from '../../common/dates.ts'
import type { Database } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type AppEnv, accessOf, requireReadableLayer } from '../http/access.ts'
import { notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { layerSources } from '../layers/sources.ts'
import { buildCouncilReport, lastFullYear, ReportVersion } from './report-data.ts'
import { councilReportPdf } from './report-pdf.ts'

const ReportQuery = z
  .object({
    year: z.coerce.number().int().min(2000).max(2100).optional(),
    lang: z.enum(['sv', 'en']).default('sv'),
    version: z.enum([ReportVersion.internal, ReportVersion.open]).default(ReportVersion.internal),
  })
  .strict()

export function councilReportRoutes(db: Database, options: { kommun: string }) {
  return new Hono<AppEnv>().get('/report.pdf', validate('query', ReportQuery), async (c) => {
    const access = accessOf(c)
    // Note: the report sets the action plan beside the statistics; a role that may not read the
    // plan's layer may not have the report either.
    requireReadableLayer(access, layerSources.get('action-measures')!.info)
    const q = c.req.valid('query')
    const year = q.year ?? (await lastFullYear(db))
    if (year === null) throw notFound('There are no crime statistics to report on')
    const report = await buildCouncilReport(db, {
      access,
      kommun: options.kommun,
      year,
      version: q.version,
      today: swedishDay(new Date()),
    })
    const generatedAt = new Date().toISOString()
    const bytes = await councilReportPdf(report, {
      lang: q.lang,
      generatedBy: access.displayName,
      generatedAt,
    })
    await appendAudit(db.orm, {
      actor: access.username,
      action: AuditAction.export,
      entity: 'council-report',
      entityId: `${year}-${q.version}`,
      after: { year, version: q.version, lang: q.lang, classification: report.classification },
    })
    const name = `lagesbild-brott-${report.municipality.code}-${year}-${q.version}.pdf`
    return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${name}"`,
    })
  })
}
