/** Queries over the layer sources: features in a box, one feature, and search by name. */
import { type SQL, sql } from 'drizzle-orm'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { BBox } from '../../common/geo.ts'
import { mayReadLayer } from '../../common/permissions.ts'
import { containsPattern, type Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { twinCellsIn } from './incident-hexagons.ts'
import type { LayerFilters, LayerSource } from './sources.ts'
import { layerSources, readableBy } from './sources.ts'

export const envelope = ([minLon, minLat, maxLon, maxLat]: BBox): SQL =>
  sql`ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`

interface FeatureRow {
  id: string
  geometry: Geometry
  properties: Record<string, unknown>
  classification: string
}

const toFeature = (r: FeatureRow): Feature => ({
  type: 'Feature',
  id: r.id,
  geometry: r.geometry,
  properties: { ...r.properties, classification: r.classification },
})

export interface FeaturesQuery {
  bbox?: BBox
  filters: LayerFilters
  limit: number
  offset: number
}

export async function queryFeatures(
  db: Database,
  source: LayerSource,
  access: Access,
  q: FeaturesQuery,
): Promise<FeatureCollection & { numberReturned: number }> {
  if (source.aggregate) {
    const cells = twinCellsIn(await source.aggregate(db, q.filters, access), q.bbox)
    const page = cells.slice(q.offset, q.offset + q.limit)
    return { type: 'FeatureCollection', numberReturned: page.length, features: page }
  }
  const rows = await db.query<FeatureRow>(sql`
    SELECT s.id, ST_AsGeoJSON(s.geom, 7)::json AS geometry, s.properties, s.marking AS classification
    FROM (${source.rows(q.filters, q.bbox ? envelope(q.bbox) : undefined, access)}) s
    WHERE s.geom IS NOT NULL AND ${readableBy(access, source)} ${q.bbox ? sql`AND ST_Intersects(s.geom, ${envelope(q.bbox)})` : sql``}
    ORDER BY s.id
    LIMIT ${q.limit} OFFSET ${q.offset}`)
  return { type: 'FeatureCollection', numberReturned: rows.length, features: rows.map(toFeature) }
}

export async function queryFeature(
  db: Pick<Database, 'query'>,
  source: LayerSource,
  access: Access,
  featureId: string,
): Promise<Feature | undefined> {
  const [row] = await db.query<FeatureRow>(sql`
    SELECT s.id, ST_AsGeoJSON(s.geom, 7)::json AS geometry, s.properties, s.marking AS classification
    FROM (${source.rows({}, undefined, access)}) s
    WHERE s.id = ${featureId} AND ${readableBy(access, source)}`)
  return row && toFeature(row)
}

export interface SearchHit {
  layerId: string
  id: string
  name: string
  /** [minLon, minLat, maxLon, maxLat] of the feature, to zoom to. */
  bbox: BBox
}

export async function searchFeatures(
  db: Database,
  access: Access,
  text: string,
  limit: number,
): Promise<SearchHit[]> {
  const pattern = containsPattern(text)
  const perLayer = [...layerSources.values()]
    .filter((source) => source.searchable && mayReadLayer(access.role, source.info))
    .map(
      (source) => sql`(
      SELECT ${source.info.id}::text AS layer_id, s.id, s.name,
        ST_XMin(b) AS min_lon, ST_YMin(b) AS min_lat, ST_XMax(b) AS max_lon, ST_YMax(b) AS max_lat,
        position(lower(${text}) in lower(s.name)) AS rank
      FROM (${source.rows({}, undefined, access)}) s, LATERAL (SELECT ST_Envelope(s.geom)::box2d AS b) e
      WHERE s.name ILIKE ${pattern} ESCAPE '\\' AND s.geom IS NOT NULL AND ${readableBy(access, source)}
      LIMIT ${limit})`,
    )
  const rows = await db.query<{
    layer_id: string
    id: string
    name: string
    min_lon: number
    min_lat: number
    max_lon: number
    max_lat: number
  }>(
    sql`SELECT * FROM (${sql.join(perLayer, sql` UNION ALL `)}) hits ORDER BY rank, length(name), name LIMIT ${limit}`,
  )
  return rows.map((r) => ({
    layerId: r.layer_id,
    id: r.id,
    name: r.name,
    bbox: [Number(r.min_lon), Number(r.min_lat), Number(r.max_lon), Number(r.max_lat)],
  }))
}
