/**
 * `POST /api/analysis/cascade`: which critical assets fail, when and for how long, when some assets
 * (or every asset inside a hazard zone or a drawn area) are out, following DOMAIN.md's rules; with
 * proposed measures, the same scenario with them beside the present one.
 *
 * Need-to-know: only roles with the cascade capability run one (the viewer gets a 403 before its
 * input is even read, so an id it sends tells it nothing); the cascade runs on the caller's readable
 * graph, and an asset, dependency or zone the caller may not read answers exactly like one that does
 * not exist.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { z } from 'zod'
import type { CascadeOutage } from '../../../common/cascade.ts'
import { CascadeRequest } from '../../../common/cascade-api.ts'
import { Capability } from '../../../common/permissions.ts'
import type { Database } from '../../../db/client.ts'
import { AuditAction, appendAudit } from '../../audit/audit-log.ts'
import { type Access, type AppEnv, accessOf, requireCapability } from '../../http/access.ts'
import { notFound } from '../../http/errors.ts'
import { validate } from '../../http/validate.ts'
import { ExportLanguage, exportMarking, toCsv } from '../../layers/export-format.ts'
import { type CascadeScenarioInput, cascadeAnswer } from './cascade-answer.ts'
import { cascadeCsv } from './cascade-csv.ts'
import { assetsInHazardZone, assetsInPolygon, type ReadableGraph, readableGraph } from './readable-graph.ts'
import { styrelBasis, styrelBasisCsv } from './styrel-basis.ts'

/** Refuses a caller without the cascade capability before anything of the request is read. */
export const mayRunCascade: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireCapability(accessOf(c), Capability.cascadeAnalysis)
  await next()
}

type ValidRequest = ReturnType<typeof CascadeRequest.parse>

/**
 * Resolves a request against the caller's readable graph: every asset it names must be readable, a
 * zone readable; otherwise a 404 that reads the same as for an id that does not exist.
 */
export async function resolveScenario(
  db: Database,
  access: Access,
  graph: ReadableGraph,
  request: ValidRequest,
): Promise<CascadeScenarioInput> {
  const readable = new Set(graph.assets.map((a) => a.id))
  const requireAsset = (id: string) => {
    if (!readable.has(id)) throw notFound(`No critical asset ${id}`)
  }
  const outages: CascadeOutage[] = request.outages.map((o) => {
    requireAsset(o.assetId)
    return { assetId: o.assetId, startHours: o.startHours, durationHours: o.durationHours }
  })
  let zone: CascadeScenarioInput['zone'] = null
  if (request.zone) {
    const { hazardZoneId, polygon, startHours, durationHours } = request.zone
    let assetIds: string[]
    if (hazardZoneId !== undefined) {
      const found = await assetsInHazardZone(db, access, hazardZoneId)
      if (!found) throw notFound(`No hazard zone ${hazardZoneId}`)
      zone = { hazardZoneId, name: found.name, classification: found.classification }
      assetIds = found.assetIds
    } else {
      assetIds = await assetsInPolygon(db, access, polygon)
      zone = { hazardZoneId: null, name: null, classification: 'open' }
    }
    for (const assetId of assetIds) outages.push({ assetId, startHours, durationHours })
  }
  const dependencyIds = new Set(graph.dependencies.map((d) => d.id))
  for (const measure of request.measures) {
    switch (measure.kind) {
      case 'assetBackup':
        requireAsset(measure.assetId)
        break
      case 'dependencyBackup':
        if (!dependencyIds.has(measure.dependencyId)) throw notFound(`No dependency ${measure.dependencyId}`)
        break
      case 'extraProvider':
        requireAsset(measure.assetId)
        requireAsset(measure.providerAssetId)
        break
      default:
        measure satisfies never
    }
  }
  return { outages, horizonHours: request.horizonHours, measures: request.measures, zone }
}

/** Runs a request for the caller: the readable graph, the scenario, the answer. */
export async function runCascadeRequest(db: Database, access: Access, request: ValidRequest) {
  const graph = await readableGraph(db, access)
  const scenario = await resolveScenario(db, access, graph, request)
  return cascadeAnswer(graph, scenario)
}

const StyrelQuery = z
  .object({ format: z.enum(['json', 'csv']).default('json'), lang: ExportLanguage.default('sv') })
  .strict()
const ExportQuery = z
  .object({ format: z.enum(['csv']).default('csv'), lang: ExportLanguage.default('sv') })
  .strict()

export function cascadeRoutes(db: Database) {
  return (
    new Hono<AppEnv>()
      .post('/cascade', mayRunCascade, validate('json', CascadeRequest), async (c) =>
        c.json(await runCascadeRequest(db, accessOf(c), c.req.valid('json'))),
      )
      // The Styrel basis as a view (JSON) or a marked CSV for the grid owner; the CSV is audited.
      .get('/styrel-basis', mayRunCascade, validate('query', StyrelQuery), async (c) => {
        const access = accessOf(c)
        const { format, lang } = c.req.valid('query')
        const basis = styrelBasis(await readableGraph(db, access))
        if (format === 'json') return c.json(basis)
        const marking = exportMarking(access, basis.classification, lang)
        const count = basis.classes.reduce((n, k) => n + k.assets.length, 0)
        await appendAudit(db.orm, {
          actor: access.username,
          action: AuditAction.export,
          entity: 'styrel-basis',
          details: { format: 'csv', count, ...marking },
        })
        const { fields, rows } = styrelBasisCsv(basis, lang)
        const stamp = marking.exportedAt.slice(0, 19).replace(/[:T]/g, '-')
        c.header(
          'Content-Disposition',
          `attachment; filename="styrel-basis-${marking.classification}-${stamp}.csv"`,
        )
        c.header('X-Classification', basis.classification)
        c.header('Content-Type', 'text/csv; charset=utf-8')
        return c.body(toCsv(marking, fields, rows))
      })
      // The same question, answered as a marked file; every export is in the audit log.
      .post(
        '/cascade/export',
        mayRunCascade,
        validate('query', ExportQuery),
        validate('json', CascadeRequest),
        async (c) => {
          const access = accessOf(c)
          const { lang } = c.req.valid('query')
          const answer = await runCascadeRequest(db, access, c.req.valid('json'))
          const marking = exportMarking(access, answer.classification, lang)
          await appendAudit(db.orm, {
            actor: access.username,
            action: AuditAction.export,
            entity: 'cascade',
            details: {
              format: 'csv',
              count: answer.affected.length,
              outages: answer.outages.length,
              ...marking,
            },
          })
          const { fields, rows } = cascadeCsv(answer, lang)
          const stamp = marking.exportedAt.slice(0, 19).replace(/[:T]/g, '-')
          c.header(
            'Content-Disposition',
            `attachment; filename="cascade-${marking.classification}-${stamp}.csv"`,
          )
          c.header('X-Classification', answer.classification)
          c.header('Content-Type', 'text/csv; charset=utf-8')
          return c.body(toCsv(marking, fields, rows))
        },
      )
  )
}
