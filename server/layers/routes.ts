/** `/api/layers`: the catalogue, features in a box, and one feature. */
import { Hono } from 'hono'
import { z } from 'zod'
import { mayEditLayer, mayReadLayer } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { featuresAnswer } from '../cache/layer-answers.ts'
import { type Access, type AppEnv, accessOf, requireReadableLayer } from '../http/access.ts'
import { notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { bboxParameter, FilterQuery, layerFilters } from './filters.ts'
import { wholeCollectionJson } from './incident-hexagons.ts'
import { queryFeature, searchFeatures } from './query.ts'
import { layerSources } from './sources.ts'

export const MAX_FEATURES_PER_PAGE = 10_000

const FeaturesQuery = FilterQuery.extend({
  bbox: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_FEATURES_PER_PAGE).default(1000),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})

const LayerParam = z.object({ id: z.string().max(64) })

function sourceOf(id: string) {
  const source = layerSources.get(id)
  if (!source) throw notFound(`No layer named ${id}`)
  return source
}

/** Layers the caller may see, each marked `editable` when this caller may edit it. */
const visibleLayers = (access: Access) =>
  [...layerSources.values()]
    .map((s) => s.info)
    .filter((l) => mayReadLayer(access.role, l))
    .map((l) => ({ ...l, editable: mayEditLayer(access.role, l.id) }))

export function layerRoutes(db: Database) {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ layers: visibleLayers(accessOf(c)) }))
    .get('/:id/features', validate('param', LayerParam), validate('query', FeaturesQuery), async (c) => {
      const source = sourceOf(c.req.valid('param').id)
      requireReadableLayer(accessOf(c), source.info)
      const q = c.req.valid('query')
      const bbox = bboxParameter(q.bbox)
      const filters = layerFilters(source.info, q)
      // Note: the whole twin, as maps ask for it, goes out as the text made once per cached answer.
      if (source.aggregate && !bbox && q.offset === 0) {
        const cells = await source.aggregate(db, filters, accessOf(c))
        if (cells.length <= q.limit)
          return c.body(wholeCollectionJson(cells), 200, { 'Content-Type': 'application/json' })
      }
      const text = await featuresAnswer(db, source, accessOf(c), {
        bbox,
        filters,
        limit: q.limit,
        offset: q.offset,
      })
      return c.body(text, 200, { 'Content-Type': 'application/json' })
    })
    .get(
      '/:id/features/:featureId',
      validate('param', LayerParam.extend({ featureId: z.string().max(64) })),
      async (c) => {
        const { id, featureId } = c.req.valid('param')
        const source = sourceOf(id)
        requireReadableLayer(accessOf(c), source.info)
        const feature = source.aggregate
          ? (await source.aggregate(db, {}, accessOf(c))).find((f) => f.id === featureId)
          : await queryFeature(db, source, accessOf(c), featureId)
        if (!feature) throw notFound(`No feature ${featureId} in layer ${id}`)
        return c.json(feature)
      },
    )
}

const SearchQuery = z.object({
  q: z.string().trim().min(2, 'search text needs at least two characters').max(100),
  limit: z.coerce.number().int().min(1).max(50).default(20),
})

export function searchRoutes(db: Database) {
  return new Hono<AppEnv>().get('/', validate('query', SearchQuery), async (c) => {
    const { q, limit } = c.req.valid('query')
    return c.json({ results: await searchFeatures(db, accessOf(c), q, limit) })
  })
}
