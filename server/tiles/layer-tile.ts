/** The tile query of one catalogue layer: its features, or below a zoom its points counted in cells. */
import { sql } from 'drizzle-orm'
import type { TileAddress } from '../../common/geo.ts'
import type { Database } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { twinCellsIn } from '../layers/incident-hexagons.ts'
import { envelope } from '../layers/query.ts'
import { type LayerFilters, type LayerSource, readableBy } from '../layers/sources.ts'
import { bufferedTileEnvelope, mercatorGeometry, type TileLayerQuery } from './tile-query.ts'
import {
  bufferedTileBBox,
  CELL_UNITS,
  CELLS_PER_TILE,
  cellWidthMetres,
  MERCATOR_HALF_WORLD,
  TILE_BUFFER,
} from './tile-space.ts'

/** Whether this layer's points can come counted in cells (point layers with `aggregateBelowZoom`). */
export const isAggregable = (source: LayerSource): boolean =>
  source.info.geometryType === 'Point' && source.info.aggregateBelowZoom !== undefined

/**
 * The most points one tile carries one by one. Each incident costs about 90 bytes of tile (its
 * UUID and time are unique strings), so this keeps a tile near 350 KB; the densest demo tile at
 * zoom 14, the centre of Norrköping over three years, holds some 7,600.
 */
export const MAX_POINTS_PER_TILE = 4000

/**
 * Whether this tile carries counted cells instead of points: always below the layer's
 * `aggregateBelowZoom`, and above it when the tile would hold more than `MAX_POINTS_PER_TILE`
 * points after filters and clearance. Clients therefore tell cells from points by the `count`
 * property, not by the zoom.
 */
export async function isAggregatedTile(
  db: Database,
  source: LayerSource,
  address: TileAddress,
  filters: LayerFilters,
  access: Access,
): Promise<boolean> {
  if (!isAggregable(source)) return false
  if (address.z < (source.info.aggregateBelowZoom ?? 0)) return true
  // Note: the LIMIT bounds the cost of the check by the budget, however dense the tile.
  const [row] = await db.query<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM (
      SELECT 1 FROM (${source.rows(filters, undefined, access)}) s
      WHERE s.geom && ${bufferedTileEnvelope(address)} AND ${readableBy(access, source)}
      LIMIT ${MAX_POINTS_PER_TILE + 1}::int) c`)
  return Number(row?.n ?? 0) > MAX_POINTS_PER_TILE
}

export async function layerTileQuery(
  db: Database,
  source: LayerSource,
  address: TileAddress,
  filters: LayerFilters,
  access: Access,
): Promise<TileLayerQuery> {
  if (source.aggregate) return aggregateTileQuery(db, source, address, filters, access)
  return (await isAggregatedTile(db, source, address, filters, access))
    ? aggregatedPointsQuery(source, address, filters, access)
    : featuresQuery(source, address, filters, access)
}

/**
 * The features of a source computed in the app (the incident twin) that meet the tile, handed to
 * SQL as one JSON parameter to be clipped and scaled like any other layer's.
 */
async function aggregateTileQuery(
  db: Database,
  source: LayerSource,
  address: TileAddress,
  filters: LayerFilters,
  access: Access,
): Promise<TileLayerQuery> {
  const cells = twinCellsIn(
    await source.aggregate!(db, filters, access),
    bufferedTileBBox(address, TILE_BUFFER),
  )
  const rows = cells.map((f) => ({
    geometry: f.geometry,
    props: { count: f.properties?.count, id: f.id, classification: f.properties?.classification },
  }))
  return {
    name: source.info.id,
    space: 'mercator',
    rows: sql`
      SELECT ${mercatorGeometry(sql`s.geom`, source.info.geometryType, address)} AS geom, s.props
      FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(c.geometry::text), 4326) AS geom, c.props
            FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS c(geometry jsonb, props jsonb)) s`,
  }
}

/**
 * The layer's own features with their tile properties, plus `id` (to fetch the full feature from
 * the features endpoint on click) and `classification` (to mark what is restricted).
 */
export function featuresQuery(
  source: LayerSource,
  address: TileAddress,
  filters: LayerFilters,
  access: Access,
): TileLayerQuery {
  return {
    name: source.info.id,
    space: 'mercator',
    rows: sql`
      SELECT ${mercatorGeometry(sql`s.geom`, source.info.geometryType, address)} AS geom,
        coalesce(s.tile_properties, '{}'::jsonb) || jsonb_build_object('id', s.id, 'classification', s.marking) AS props
      FROM (${source.rows(filters, bufferedTileEnvelope(address), access)}) s
      WHERE s.geom && ${bufferedTileEnvelope(address)} AND ${readableBy(access, source)}`,
  }
}

/**
 * The layer's points counted per cell of a global grid in EPSG:3857 (`CELLS_PER_TILE` cells a tile
 * side), one point per non-empty cell with its `count`.
 *
 * Note: counting happens after the layer's filters and the caller's clearance, like every other
 * output: a count over all rows would tell a caller without clearance how many restricted
 * incidents there are and where, and would not match the filtered list beside the map.
 *
 * Note: the point sits at the cell's centre, not at the mean of its points, so that a cell holding
 * one incident does not give away its exact position. That also lets a later, generalised tile of
 * restricted incidents for callers without clearance reuse this query at every zoom.
 *
 * Note: no most frequent category per cell. The sources give the category only inside their
 * jsonb tile properties, and building those for every point of a municipality made a zoom-10 tile
 * five times slower (about 400 ms of 500 on PGlite over 60,000 incidents).
 */
export function aggregatedPointsQuery(
  source: LayerSource,
  address: TileAddress,
  filters: LayerFilters,
  access: Access,
): TileLayerQuery {
  const { z, x, y } = address
  const cell = cellWidthMetres(z)
  const firstColumn = x * CELLS_PER_TILE
  const firstRow = y * CELLS_PER_TILE
  const H = MERCATOR_HALF_WORLD
  // Note: web-mercator x and y from longitude and latitude by the spherical formulas, which is what
  // ST_Transform to 3857 computes, at half its cost per point. The cell decides which tile a point
  // belongs to; the WGS 84 box, one tile unit larger than the tile, only lets GiST pick candidates,
  // and the few cells of the neighbours it lets in are dropped after counting. `OFFSET 0` keeps
  // the planner from copying the cell expressions into the filters, which computed them thrice.
  return {
    name: source.info.id,
    space: 'tile',
    rows: sql`
      SELECT ST_MakePoint((c.cell_column - ${firstColumn}::int) * ${CELL_UNITS}::int + ${CELL_UNITS / 2}::int,
          (c.cell_row - ${firstRow}::int) * ${CELL_UNITS}::int + ${CELL_UNITS / 2}::int) AS geom,
        jsonb_build_object('count', c.count) AS props
      FROM (
        SELECT p.cell_column, p.cell_row, count(*)::int AS count
        FROM (
          SELECT floor((ST_X(s.geom) * ${H / 180}::float8 + ${H}::float8) / ${cell}::float8)::int AS cell_column,
            floor((${H}::float8 - ln(tan(radians(90 + ST_Y(s.geom)) / 2)) * ${H / Math.PI}::float8) / ${cell}::float8)::int
              AS cell_row
          FROM (${source.rows(filters, undefined, access)}) s
          WHERE s.geom && ${envelope(bufferedTileBBox(address, 1))} AND ${readableBy(access, source)}
          OFFSET 0
        ) p
        GROUP BY p.cell_column, p.cell_row
      ) c
      WHERE c.cell_column >= ${firstColumn}::int AND c.cell_column < ${firstColumn + CELLS_PER_TILE}::int
        AND c.cell_row >= ${firstRow}::int AND c.cell_row < ${firstRow + CELLS_PER_TILE}::int`,
  }
}
