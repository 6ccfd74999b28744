/** `/tiles/{layerId}/{z}/{x}/{y}.mvt`: Mapbox Vector Tiles for every catalogue layer and the basemap. */
import { Hono } from 'hono'
import { z } from 'zod'
import { TileAddress } from '../../common/geo.ts'
import type { Database } from '../../db/client.ts'
import { type AppEnv, accessOf, requireReadableLayer } from '../http/access.ts'
import { HttpError, notFound } from '../http/errors.ts'
import { validate } from '../http/validate.ts'
import { FilterQuery, layerFilters } from '../layers/filters.ts'
import { layerSources } from '../layers/sources.ts'
import { BASEMAP_LAYER_ID, renderBasemapTile, renderLayerTile } from './render.ts'

export const MVT_CONTENT_TYPE = 'application/vnd.mapbox-vector-tile'

const TileParams = z.object({
  layerId: z.string().max(64),
  z: z.string().regex(/^\d{1,2}$/, 'z must be a whole number'),
  x: z.string().regex(/^\d{1,8}$/, 'x must be a whole number'),
  // Hono hands over `y.mvt` as one segment; the extension is checked here.
  file: z.string().regex(/^\d{1,8}\.mvt$/, 'the tile must be named {y}.mvt'),
})

export function tileRoutes(db: Database) {
  return new Hono<AppEnv>().get(
    '/:layerId/:z/:x/:file',
    validate('param', TileParams),
    validate('query', FilterQuery),
    async (c) => {
      const p = c.req.valid('param')
      const address = TileAddress.safeParse({ z: p.z, x: p.x, y: p.file.slice(0, -'.mvt'.length) })
      if (!address.success) {
        throw new HttpError(
          400,
          'validation_failed',
          `Impossible tile address: ${address.error.issues[0]?.message}`,
        )
      }
      let tile: Uint8Array
      if (p.layerId === BASEMAP_LAYER_ID) {
        tile = await renderBasemapTile(db, address.data)
      } else {
        const source = layerSources.get(p.layerId)
        if (!source) throw notFound(`No layer named ${p.layerId}`)
        requireReadableLayer(accessOf(c), source.info)
        const filters = layerFilters(source.info, c.req.valid('query'))
        tile = await renderLayerTile(db, source, address.data, filters, accessOf(c))
      }
      // Note: tiles depend on the caller's clearance, so shared caches must not keep them.
      c.header('Cache-Control', 'private, max-age=60')
      c.header('Content-Type', MVT_CONTENT_TYPE)
      return c.body(tile as Uint8Array<ArrayBuffer>, 200)
    },
  )
}
