/**
 * Tiles on the embedded PGlite, whose PostGIS is built without protobuf-c and so has no
 * `ST_AsMVT`: SQL scales and snaps the geometries to tile units, `encodeTile` writes the protobuf.
 */
import { sql } from 'drizzle-orm'
import type { Geometry } from 'geojson'
import type { TileAddress } from '../../common/geo.ts'
import type { Database } from '../../db/client.ts'
import { encodeTile, type TileLayer } from './mvt-encode.ts'
import type { TileLayerQuery } from './tile-query.ts'
import { TILE_EXTENT, tileBoundsMercator, tileWidthMetres } from './tile-space.ts'

interface EncodableRow {
  layer: number
  geometry: string
  props: Record<string, unknown> | null
}

export async function renderWithPglite(
  db: Database,
  address: TileAddress,
  layers: readonly TileLayerQuery[],
): Promise<Uint8Array> {
  if (layers.length === 0) return new Uint8Array(0)
  const bounds = tileBoundsMercator(address)
  const scale = TILE_EXTENT / tileWidthMetres(address.z)
  // Note: translate to the tile's top-left corner, then scale with y negated, so tile units grow
  // downward as MVT wants; snapping to whole units is what ST_AsMVTGeom does too. The geometries
  // are already cut to the buffered tile (see `mercatorGeometry`).
  const perLayer = layers.map((layer, i) => {
    const geom =
      layer.space === 'mercator'
        ? sql`ST_SnapToGrid(ST_TransScale(q.geom, ${-bounds.minX}::float8, ${-bounds.maxY}::float8,
            ${scale}::float8, ${-scale}::float8), 1)`
        : sql`q.geom`
    return sql`(SELECT ${i}::int AS layer, ${geom} AS g, q.props FROM (${layer.rows}) q)`
  })
  const rows = await db.query<EncodableRow>(sql`
    SELECT t.layer, ST_AsGeoJSON(t.g, 0) AS geometry, t.props
    FROM (${sql.join(perLayer, sql` UNION ALL `)}) t
    WHERE t.g IS NOT NULL AND NOT ST_IsEmpty(t.g)`)
  const tileLayers: TileLayer[] = layers.map((l) => ({ name: l.name, features: [] }))
  for (const row of rows) {
    tileLayers[row.layer].features.push({
      geometry: JSON.parse(row.geometry) as Geometry,
      properties: row.props ?? {},
    })
  }
  return encodeTile(tileLayers)
}
