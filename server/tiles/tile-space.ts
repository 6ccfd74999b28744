/**
 * The arithmetic of web-mercator tiles that both tile backends and the aggregation share: tile
 * bounds in EPSG:3857, the buffered box in WGS 84 for the GiST filter, tile units, and the global
 * grid of aggregation cells.
 */
import type { BBox, TileAddress } from '../../common/geo.ts'

/** Tile units per tile side, the MVT default that MapLibre expects. */
export const TILE_EXTENT = 4096

/**
 * Tile units kept beyond each edge, so that lines and polygons do not show seams and symbols near
 * an edge are not cut off.
 */
export const TILE_BUFFER = 64

/** Half the width of the web-mercator world in metres: x and y run from -this to +this. */
export const MERCATOR_HALF_WORLD = 20037508.342789244

/** Width (and height) of one tile at zoom `z` in EPSG:3857 metres. */
export const tileWidthMetres = (z: number): number => (2 * MERCATOR_HALF_WORLD) / 2 ** z

/** The tile's bounds in EPSG:3857: what `ST_TileEnvelope(z, x, y)` returns. */
export function tileBoundsMercator({ z, x, y }: TileAddress): {
  minX: number
  minY: number
  maxX: number
  maxY: number
} {
  const w = tileWidthMetres(z)
  return {
    minX: -MERCATOR_HALF_WORLD + x * w,
    maxX: -MERCATOR_HALF_WORLD + (x + 1) * w,
    maxY: MERCATOR_HALF_WORLD - y * w,
    minY: MERCATOR_HALF_WORLD - (y + 1) * w,
  }
}

const lonOf = (xx: number, n: number) => (xx / n) * 360 - 180
const latOf = (yy: number, n: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * yy) / n))) * 180) / Math.PI

/**
 * The tile's bounds in WGS 84 grown by `bufferUnits` tile units on every side.
 *
 * Note: web mercator maps meridians and parallels to straight axis-parallel lines, so this box is
 * exactly the buffered tile envelope; clipping in WGS 84 and transforming afterwards therefore
 * gives the same edges as clipping in EPSG:3857, on much less geometry.
 */
export function bufferedTileBBox({ z, x, y }: TileAddress, bufferUnits: number): BBox {
  const n = 2 ** z
  const b = bufferUnits / TILE_EXTENT
  const clampLon = (v: number) => Math.min(180, Math.max(-180, v))
  const clampLat = (v: number) => Math.min(90, Math.max(-90, v))
  return [
    clampLon(lonOf(x - b, n)),
    clampLat(latOf(y + 1 + b, n)),
    clampLon(lonOf(x + 1 + b, n)),
    clampLat(latOf(y - b, n)),
  ]
}

/** Where a WGS 84 position falls in a tile, in (unrounded) tile units with y growing downward. */
export function lonLatToTileUnits(lon: number, lat: number, { z, x, y }: TileAddress): [number, number] {
  const n = 2 ** z
  const worldX = ((lon + 180) / 360) * n
  const rad = (lat * Math.PI) / 180
  const worldY = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n
  return [(worldX - x) * TILE_EXTENT, (worldY - y) * TILE_EXTENT]
}

/**
 * Aggregation cells per tile side. 32 gives cells of 128 tile units, 16 screen pixels when MapLibre
 * draws the tile 512 px wide: fine enough to read as a density, and at most 1,024 features a tile
 * whatever the number of points.
 */
export const CELLS_PER_TILE = 32

export const CELL_UNITS = TILE_EXTENT / CELLS_PER_TILE

/** Width of one aggregation cell at zoom `z` in EPSG:3857 metres. */
export const cellWidthMetres = (z: number): number => tileWidthMetres(z) / CELLS_PER_TILE

/**
 * The global cell (column, row) of an EPSG:3857 position at zoom `z`, counted from the world's
 * top-left corner like tile x and y.
 *
 * Note: the grid depends on the zoom only, never on the tile asked for, and its cells nest exactly
 * inside tiles. So every point belongs to one cell and one tile, counts never appear twice across
 * neighbouring tiles, and the counts of a tile's cells add up to the points inside the tile.
 */
export function cellOf(mercatorX: number, mercatorY: number, z: number): { column: number; row: number } {
  const w = cellWidthMetres(z)
  return {
    column: Math.floor((mercatorX + MERCATOR_HALF_WORLD) / w),
    row: Math.floor((MERCATOR_HALF_WORLD - mercatorY) / w),
  }
}

/** The centre of a global cell in the tile's units, or undefined when the cell lies in another tile. */
export function cellCentreInTile(
  column: number,
  row: number,
  { x, y }: TileAddress,
): [number, number] | undefined {
  const i = column - x * CELLS_PER_TILE
  const j = row - y * CELLS_PER_TILE
  if (i < 0 || j < 0 || i >= CELLS_PER_TILE || j >= CELLS_PER_TILE) return undefined
  return [i * CELL_UNITS + CELL_UNITS / 2, j * CELL_UNITS + CELL_UNITS / 2]
}

/** EPSG:3857 coordinates of a WGS 84 position, as `ST_Transform(geom, 3857)` computes them. */
export function lonLatToMercator(lon: number, lat: number): [number, number] {
  const x = (lon * MERCATOR_HALF_WORLD) / 180
  const y = Math.log(Math.tan(((90 + lat) * Math.PI) / 360)) * (MERCATOR_HALF_WORLD / Math.PI)
  return [x, y]
}
