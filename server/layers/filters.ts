/** The query parameters that filter a layer's features and tiles, validated once for both. */
import { z } from 'zod'
import { isoDateOrDateTime } from '../../common/dates.ts'
import { type BBox, parseBBox } from '../../common/geo.ts'
import type { LayerInfo } from '../../common/layers.ts'
import { badRequest } from '../http/errors.ts'
import type { LayerFilters } from './sources.ts'

export const FilterQuery = z.object({
  category: z
    .string()
    .max(2000)
    .transform((s) => s.split(',').map((c) => c.trim()))
    .pipe(z.array(z.string().regex(/^[a-z0-9_]{1,64}$/, 'categories are lower-case identifiers')).max(50))
    .optional(),
  from: isoDateOrDateTime('from').optional(),
  to: isoDateOrDateTime('to').optional(),
})
export type FilterQuery = z.infer<typeof FilterQuery>

/** Checks the filters against what the layer understands; a filter it does not know is a 400. */
export function layerFilters(layer: LayerInfo, q: FilterQuery): LayerFilters {
  if (q.category && !layer.filters.includes('category'))
    throw badRequest(`Layer ${layer.id} cannot be filtered by category`)
  if ((q.from || q.to) && !layer.filters.includes('time'))
    throw badRequest(`Layer ${layer.id} cannot be filtered by time`)
  if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) throw badRequest('from must be before to')
  return { categories: q.category, from: q.from, to: q.to }
}

/** The `bbox` query parameter as numbers, or a 400 that names it. */
export function bboxParameter(text: string | undefined): BBox | undefined {
  if (text === undefined) return undefined
  const parsed = parseBBox(text)
  if ('error' in parsed) throw badRequest(parsed.error, { parameter: 'bbox' })
  return parsed.bbox
}
