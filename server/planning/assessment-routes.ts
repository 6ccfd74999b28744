/**
 * The planner's report (`/api/planning/assessments`), for roles with the planning-report
 * capability (planners, analysts, crisis management):
 *
 * - `POST /assessments` a plan (title, WGS 84 Polygon or MultiPolygon, land uses, optional
 *   sub-areas with their own) → `201 {assessment}` with one finding per rule in force;
 * - `GET /assessments` the saved ones; `GET /assessments/{id}` (`?version=`) one, its report
 *   computed for the reader; `GET /assessments/{id}/versions`;
 * - `POST /assessments/{id}/revisions` a new version (the earlier ones are kept);
 * - `GET /assessments/{id}/report.pdf` (`?version=`, `?lang=sv|en`).
 *
 * Every write and every PDF is audited. A refused plan stores nothing.
 */
import { Hono } from 'hono'
import { z } from 'zod'
import { Capability } from '../../common/permissions.ts'
import {
  type PlanningAssessment,
  PlanningAssessmentInput,
  subAreasOf,
} from '../../common/planning-assessment.ts'
import type { Database } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, requireCapability } from '../http/access.ts'
import { notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { assessPlan, countyOf } from './assess.ts'
import {
  insertAssessment,
  listAssessments,
  listVersions,
  loadAssessment,
  reviseAssessment,
  type StoredAssessment,
} from './assessments.ts'
import { requireSoundPlan } from './plan-checks.ts'
import { planningReportBase } from './report-data.ts'
import { renderPlanningReportPdf } from './report-pdf.ts'

const IdParam = z.object({ id: z.uuid('not an assessment id') }).strict()
const VersionQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional() }).strict()
const PdfQuery = VersionQuery.extend({ lang: z.enum(['sv', 'en']).optional() }).strict()

const summaryOf = (input: PlanningAssessmentInput) => ({
  title: input.title,
  landUses: input.landUses,
  subAreas: subAreasOf(input).map((s) => ({ name: s.name, landUses: s.landUses })),
})

export function planningAssessmentRoutes(db: Database, kommun: string) {
  const county = countyOf(kommun)
  const permitted = (access: Access) => requireCapability(access, Capability.planningReport)

  async function reportFor(access: Access, stored: StoredAssessment): Promise<PlanningAssessment> {
    const report = await assessPlan(db.orm, access, kommun, stored.input)
    return {
      id: stored.id,
      version: stored.version,
      versions: stored.versions,
      ...report,
      createdBy: stored.createdBy,
      createdAt: stored.createdAt,
      updatedBy: stored.updatedBy,
      updatedAt: stored.updatedAt,
    }
  }

  async function stored(access: Access, id: string, version?: number) {
    const found = await loadAssessment(db.orm, access, id, version)
    if (!found) throw notFound(version ? `No version ${version} of assessment ${id}` : `No assessment ${id}`)
    return found
  }

  return new Hono<AppEnv>()
    .use('/assessments/*', async (c, next) => {
      permitted(accessOf(c))
      await next()
    })
    .use('/assessments', async (c, next) => {
      permitted(accessOf(c))
      await next()
    })
    .post('/assessments', validate('json', PlanningAssessmentInput), async (c) => {
      const access = accessOf(c)
      const input = c.req.valid('json')
      const areas = subAreasOf(input)
      await requireSoundPlan(
        db.orm,
        kommun,
        input.geometry,
        input.subAreas?.length ? areas.map((a) => a.geometry) : [],
      )
      const report = await assessPlan(db.orm, access, kommun, input)
      const id = await db.transaction(async (tx) => {
        const created = await insertAssessment(tx, input, county, report.findings, access.username)
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.create,
          entity: 'planning_assessments',
          entityId: created,
          after: { version: 1, ...summaryOf(input) },
        })
        return created
      })
      return c.json({ assessment: await reportFor(access, await stored(access, id)) }, 201)
    })
    .get('/assessments', async (c) => c.json({ assessments: await listAssessments(db.orm, accessOf(c)) }))
    .get('/assessments/:id', validate('param', IdParam), validate('query', VersionQuery), async (c) => {
      const access = accessOf(c)
      const found = await stored(access, c.req.valid('param').id, c.req.valid('query').version)
      return c.json({ assessment: await reportFor(access, found) })
    })
    .get('/assessments/:id/versions', validate('param', IdParam), async (c) => {
      const { id } = c.req.valid('param')
      const versions = await listVersions(db.orm, accessOf(c), id)
      if (!versions) throw notFound(`No assessment ${id}`)
      return c.json({ versions })
    })
    .post(
      '/assessments/:id/revisions',
      validate('param', IdParam),
      validate('json', PlanningAssessmentInput),
      async (c) => {
        const access = accessOf(c)
        const { id } = c.req.valid('param')
        const input = c.req.valid('json')
        const areas = subAreasOf(input)
        await stored(access, id)
        await requireSoundPlan(
          db.orm,
          kommun,
          input.geometry,
          input.subAreas?.length ? areas.map((a) => a.geometry) : [],
        )
        const report = await assessPlan(db.orm, access, kommun, input)
        await db.transaction(async (tx) => {
          const revised = await reviseAssessment(tx, access, id, input, county, report.findings)
          if (!revised) throw notFound(`No assessment ${id}`)
          await appendAudit(tx, {
            actor: access.username,
            action: AuditAction.update,
            entity: 'planning_assessments',
            entityId: id,
            before: { version: revised.before },
            after: { version: revised.after, ...summaryOf(input) },
          })
        })
        return c.json({ assessment: await reportFor(access, await stored(access, id)) }, 201)
      },
    )
    .get(
      '/assessments/:id/report.pdf',
      validate('param', IdParam),
      validate('query', PdfQuery),
      async (c) => {
        const access = accessOf(c)
        const query = c.req.valid('query')
        const assessment = await reportFor(
          access,
          await stored(access, c.req.valid('param').id, query.version),
        )
        const lang = query.lang ?? 'sv'
        const base = await planningReportBase(db.orm, kommun, assessment)
        const bytes = await renderPlanningReportPdf(assessment, base, {
          lang,
          generatedBy: access.displayName,
          generatedAt: assessment.computedAt,
        })
        await appendAudit(db.orm, {
          actor: access.username,
          action: AuditAction.export,
          entity: 'planning_assessments',
          entityId: assessment.id,
          details: {
            format: 'pdf',
            version: assessment.version,
            lang,
            classification: assessment.classification,
          },
        })
        const name = `planbedomning-${assessment.id.slice(0, 8)}-v${assessment.version}.pdf`
        return new Response(bytes as BodyInit, {
          headers: {
            'Content-Type': 'application/pdf',
            'Content-Disposition': `attachment; filename="${name}"`,
            'Cache-Control': 'no-store',
          },
        })
      },
    )
}
