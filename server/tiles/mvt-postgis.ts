/** Tiles on a PostgreSQL server: PostGIS clips, scales and encodes with `ST_AsMVTGeom` and `ST_AsMVT`. */
import { sql } from 'drizzle-orm'
import type { TileAddress } from '../../common/geo.ts'
import type { Database } from '../../db/client.ts'
import type { TileLayerQuery } from './tile-query.ts'
import { TILE_BUFFER, TILE_EXTENT } from './tile-space.ts'

export async function renderWithPostgis(
  db: Database,
  { z, x, y }: TileAddress,
  layers: readonly TileLayerQuery[],
): Promise<Uint8Array> {
  if (layers.length === 0) return new Uint8Array(0)
  const tileEnvelope = sql`ST_TileEnvelope(${z}::int, ${x}::int, ${y}::int)`
  // Note: each layer is its own ST_AsMVT and the byte strings are concatenated: an MVT tile is a
  // sequence of layer messages, so concatenated tiles are one tile. A layer without rows gives an
  // empty string and so no layer at all, as the PGlite backend does.
  const encodedLayers = layers.map((layer) => {
    const features =
      layer.space === 'mercator'
        ? sql`SELECT ST_AsMVTGeom(q.geom, ${tileEnvelope}, ${TILE_EXTENT}::int, ${TILE_BUFFER}::int, true) AS geom, q.props
              FROM (${layer.rows}) q`
        : sql`SELECT q.geom, q.props FROM (${layer.rows}) q`
    // Note: ST_AsMVT spreads a jsonb column into feature properties and skips null, object and
    // array values, which `flattenProperties` mirrors.
    return sql`coalesce((SELECT ST_AsMVT(t, ${layer.name}::text, ${TILE_EXTENT}::int, 'geom')
      FROM (${features}) t WHERE t.geom IS NOT NULL), ''::bytea)`
  })
  const [row] = await db.query<{ tile: Uint8Array }>(
    sql`SELECT ${sql.join(encodedLayers, sql` || `)} AS tile`,
  )
  return row?.tile ?? new Uint8Array(0)
}
