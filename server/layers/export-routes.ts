/**
 * `GET /api/layers/{id}/export`: a layer's features in a box, as GeoJSON or CSV, marked with their
 * classification (the most classified object in it), who exported them and when. Every export is
 * in the audit log with its size and marking.
 */
import type { Feature } from 'geojson'
import { Hono } from 'hono'
import { z } from 'zod'
import { Classification } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import { type AppEnv, accessOf, requireExportableLayer } from '../http/access.ts'
import { badRequest, notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { ExportLanguage, exportMarking, toCsv } from './export-format.ts'
import { bboxParameter, FilterQuery, layerFilters } from './filters.ts'
import { queryFeatures } from './query.ts'
import { layerSources } from './sources.ts'

/** An export holds at most this many objects; narrow the box or the filters for more. */
export const MAX_EXPORT_FEATURES = 50_000

const ExportQuery = FilterQuery.extend({
  format: z.enum(['geojson', 'csv']).default('geojson'),
  bbox: z.string().max(200).optional(),
  lang: ExportLanguage.default('sv'),
})

/** One CSV row per feature: id, classification, the geometry (as GeoJSON text), then the properties. */
function csvOf(features: Feature[]): { fields: string[]; rows: unknown[][] } {
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))].filter(
    (k) => k !== 'classification',
  )
  const cell = (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v)
  return {
    fields: ['id', 'classification', 'geometry', ...keys],
    rows: features.map((f) => [
      f.id,
      f.properties?.classification,
      JSON.stringify(f.geometry),
      ...keys.map((k) => cell(f.properties?.[k])),
    ]),
  }
}

export function exportRoutes(db: Database) {
  return new Hono<AppEnv>().get(
    '/:id/export',
    validate('param', z.object({ id: z.string().max(64) })),
    validate('query', ExportQuery),
    async (c) => {
      const access = accessOf(c)
      const { id } = c.req.valid('param')
      const source = layerSources.get(id)
      if (!source) throw notFound(`No layer named ${id}`)
      requireExportableLayer(access, source.info)
      const q = c.req.valid('query')
      const bbox = bboxParameter(q.bbox)
      const filters = layerFilters(source.info, q)
      const collection = await queryFeatures(db, source, access, {
        bbox,
        filters,
        limit: MAX_EXPORT_FEATURES + 1,
        offset: 0,
      })
      if (collection.features.length > MAX_EXPORT_FEATURES)
        throw badRequest(`More than ${MAX_EXPORT_FEATURES} objects; narrow the box or the filters`, {
          maxFeatures: MAX_EXPORT_FEATURES,
        })
      const classification = collection.features.reduce<Classification>(
        (level, f) =>
          higherClassification(level, Classification.parse(f.properties?.classification ?? 'open')),
        source.info.classification,
      )
      const marking = exportMarking(access, classification, q.lang)
      await appendAudit(db.orm, {
        actor: access.username,
        action: AuditAction.export,
        entity: id,
        details: {
          format: q.format,
          count: collection.features.length,
          bbox: bbox ?? null,
          filters,
          ...marking,
        },
      })
      const stamp = marking.exportedAt.slice(0, 19).replace(/[:T]/g, '-')
      const extension = q.format === 'csv' ? 'csv' : 'geojson'
      c.header(
        'Content-Disposition',
        `attachment; filename="${id}-${marking.classification}-${stamp}.${extension}"`,
      )
      c.header('X-Classification', classification)
      if (q.format === 'csv') {
        const { fields, rows } = csvOf(collection.features)
        c.header('Content-Type', 'text/csv; charset=utf-8')
        return c.body(toCsv(marking, fields, rows))
      }
      c.header('Content-Type', 'application/geo+json; charset=utf-8')
      return c.body(
        JSON.stringify({
          type: 'FeatureCollection',
          layer: id,
          title: source.info.title,
          ...marking,
          features: collection.features,
        }),
      )
    },
  )
}
