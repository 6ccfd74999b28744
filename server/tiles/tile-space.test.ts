import { describe, expect, it } from 'vitest'
import { lonLatToTile, tileToBBox } from '../../common/geo.ts'
import {
  bufferedTileBBox,
  CELL_UNITS,
  CELLS_PER_TILE,
  cellCentreInTile,
  cellOf,
  lonLatToMercator,
  lonLatToTileUnits,
  MERCATOR_HALF_WORLD,
  TILE_EXTENT,
  tileBoundsMercator,
} from './tile-space.ts'

describe('tile space', () => {
  it('puts tile 0/0/0 over the whole mercator world', () => {
    expect(tileBoundsMercator({ z: 0, x: 0, y: 0 })).toEqual({
      minX: -MERCATOR_HALF_WORLD,
      maxX: MERCATOR_HALF_WORLD,
      minY: -MERCATOR_HALF_WORLD,
      maxY: MERCATOR_HALF_WORLD,
    })
  })

  it('grows the WGS 84 box by the buffer and keeps it the plain tile box without one', () => {
    const t = { z: 12, x: 2200, y: 1190 }
    expect(bufferedTileBBox(t, 0).map((v) => v.toFixed(9))).toEqual(tileToBBox(t).map((v) => v.toFixed(9)))
    const [w, s, e, n] = bufferedTileBBox(t, 64)
    const [w0, s0, e0, n0] = tileToBBox(t)
    expect(w).toBeLessThan(w0)
    expect(s).toBeLessThan(s0)
    expect(e).toBeGreaterThan(e0)
    expect(n).toBeGreaterThan(n0)
    expect((e - e0) / (e0 - w0)).toBeCloseTo(64 / 4096, 9)
  })

  it('places a position in tile units with y growing downward', () => {
    const t = lonLatToTile(16.19, 58.59, 14)
    const [px, py] = lonLatToTileUnits(16.19, 58.59, t)
    expect(px).toBeGreaterThanOrEqual(0)
    expect(px).toBeLessThan(TILE_EXTENT)
    expect(py).toBeGreaterThanOrEqual(0)
    expect(py).toBeLessThan(TILE_EXTENT)
    const [, northY] = lonLatToTileUnits(16.19, 58.5901, t)
    expect(northY).toBeLessThan(py)
  })

  it('nests aggregation cells in tiles, so every point has one cell in exactly one tile', () => {
    const z = 10
    const [mx, my] = lonLatToMercator(16.19, 58.59)
    const { column, row } = cellOf(mx, my, z)
    const tile = lonLatToTile(16.19, 58.59, z)
    expect(Math.floor(column / CELLS_PER_TILE)).toBe(tile.x)
    expect(Math.floor(row / CELLS_PER_TILE)).toBe(tile.y)
    const centre = cellCentreInTile(column, row, tile)
    expect(centre).toBeDefined()
    const [cx, cy] = centre!
    const [px, py] = lonLatToTileUnits(16.19, 58.59, tile)
    expect(Math.abs(cx - px)).toBeLessThanOrEqual(CELL_UNITS / 2)
    expect(Math.abs(cy - py)).toBeLessThanOrEqual(CELL_UNITS / 2)
    expect(cellCentreInTile(column, row, { z, x: tile.x + 1, y: tile.y })).toBeUndefined()
  })

  it('computes EPSG:3857 as PostGIS does', () => {
    const [x, y] = lonLatToMercator(16.19, 58.59)
    // ST_Transform(ST_SetSRID(ST_MakePoint(16.19, 58.59), 4326), 3857)
    expect(x).toBeCloseTo(1802262.5559, 3)
    expect(y).toBeCloseTo(8092292.939, 3)
  })
})
