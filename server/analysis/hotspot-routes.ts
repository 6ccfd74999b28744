/**
 * The hotspot statistics' routes: `POST /api/analysis/hotspots` (CONTRACT.md, "Hotspot statistics") and the
 * analyses beside it. Routes read the caller, pick the request's shape, and hand over; the work is
 * in `hotspot-analysis.ts` and the pure statistics in `hotspots/`.
 */
import { Hono, type MiddlewareHandler } from 'hono'
import { GivenFeaturesRequest, type HotspotRequest, StoredIncidentsRequest } from '../../common/hotspots.ts'
import { layerCatalogue } from '../../common/layers.ts'
import type { Database } from '../../db/client.ts'
import { type AppEnv, accessOf, requireReadableLayer } from '../http/access.ts'
import { validate } from '../http/validate.ts'
import { analyseGivenFeatures, analyseStoredIncidents } from './hotspot-analysis.ts'

const givenValidator = validate('json', GivenFeaturesRequest)
const storedValidator = validate('json', StoredIncidentsRequest)

/** A body with `features` is the caller's own data; anything else asks about stored incidents. */
const hotspotValidator: MiddlewareHandler<
  AppEnv,
  string,
  { in: { json: HotspotRequest }; out: { json: HotspotRequest } }
> = async (c, next) => {
  const body: unknown = await c.req.json().catch(() => undefined)
  const given = typeof body === 'object' && body !== null && 'features' in body
  // Note: each shape has its own strict schema, so a fault is named in that shape's terms rather
  // than as a failed union.
  return (given ? givenValidator : storedValidator)(c as never, next) as ReturnType<MiddlewareHandler>
}

const publishedTwin = layerCatalogue.find((l) => l.id === 'incident-hexagons')!

export function hotspotRoutes(db: Database) {
  return new Hono<AppEnv>().post('/hotspots', hotspotValidator, async (c) => {
    const body = c.req.valid('json')
    if ('features' in body) return c.json(analyseGivenFeatures(body))
    const access = accessOf(c)
    // Note: every role may read the incidents' published twin; one that may not would learn no more
    // here than from the layer list.
    requireReadableLayer(access, publishedTwin)
    return c.json(await analyseStoredIncidents(db, body, access))
  })
}
