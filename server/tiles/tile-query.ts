/**
 * What a tile layer is before it is encoded: a SELECT of `geom` and `props` (jsonb) that both
 * backends wrap, PostGIS with `ST_AsMVT`, PGlite with SQL clipping and the JS encoder.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { TileAddress } from '../../common/geo.ts'
import type { GeometryType } from '../../common/layers.ts'
import { envelope } from '../layers/query.ts'
import { bufferedTileBBox, TILE_BUFFER, TILE_EXTENT, tileWidthMetres } from './tile-space.ts'

export interface TileLayerQuery {
  /** The MVT layer name. */
  name: string
  /** A SELECT yielding `geom` and `props` jsonb, whose string, number and boolean values become feature properties. */
  rows: SQL
  /**
   * `mercator`: `geom` is EPSG:3857 and may reach beyond the tile; the backend clips it to the
   * buffered tile and scales it to tile units. `tile`: `geom` is in tile units already (aggregates).
   */
  space: 'mercator' | 'tile'
}

/** A layer's geometry type; `Geometry` (mixed) is cut and simplified like lines and polygons, which leaves points as they are. */
export type TileGeometryKind = GeometryType

/**
 * Simplification tolerance in tile units: half a screen pixel when MapLibre draws the 4096-unit tile
 * 512 px wide, so the simplification cannot be seen while a country's boundary loses most vertices.
 */
export const SIMPLIFY_UNITS = 4

/** The simplification tolerance at zoom `z` in EPSG:3857 metres. */
export const simplifyToleranceMetres = (z: number): number =>
  (tileWidthMetres(z) / TILE_EXTENT) * SIMPLIFY_UNITS

/** The WGS 84 box of the buffered tile, for `geom && …` so that the GiST index picks the rows. */
export const bufferedTileEnvelope = (address: TileAddress): SQL =>
  envelope(bufferedTileBBox(address, TILE_BUFFER))

/**
 * A WGS 84 geometry expression as EPSG:3857 ready for a tile: lines and polygons are cut to the
 * buffered tile first and then simplified to the zoom.
 *
 * Note: cutting comes first so a large polygon (a municipality at zoom 15) is not transformed and
 * simplified whole for every tile; cutting in WGS 84 gives the tile's straight edges because web
 * mercator keeps meridians and parallels straight. Simplifying never moves a vertex, so the result
 * stays inside the buffered tile and the PGlite backend needs no second cut.
 */
export function mercatorGeometry(geom: SQL, kind: TileGeometryKind, address: TileAddress): SQL {
  if (kind === 'Point') return sql`ST_Transform(${geom}, 3857)`
  return sql`ST_SimplifyPreserveTopology(
    ST_Transform(ST_ClipByBox2D(${geom}, ${bufferedTileEnvelope(address)}::box2d), 3857),
    ${simplifyToleranceMetres(address.z)}::float8)`
}
