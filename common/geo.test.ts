import proj4 from 'proj4'
import { describe, expect, it } from 'vitest'
import { lonLatToTile, parseBBox, SWEREF99TM_PROJ4, TileAddress, tileToBBox } from './geo.ts'

describe('parseBBox', () => {
  it('reads four numbers in order', () => {
    expect(parseBBox('16.1,58.5,16.3,58.7')).toEqual({ bbox: [16.1, 58.5, 16.3, 58.7] })
  })

  it.each([
    ['16.1,58.5,16.3', 'four numbers'],
    ['a,b,c,d', 'finite'],
    ['16.1,58.5,,58.7', 'finite'],
    ['16.1,58.5,Infinity,58.7', 'finite'],
    ['-181,0,0,1', 'longitudes'],
    ['0,-91,1,1', 'latitudes'],
    ['17,58,16,59', 'minimum'],
  ])('refuses %s with a message about %s', (text, word) => {
    const result = parseBBox(text)
    expect('error' in result && result.error).toContain(word)
  })
})

describe('tiles', () => {
  it('finds the tile of Norrköping and its bounds contain the point', () => {
    const t = lonLatToTile(16.18, 58.59, 12)
    const [minLon, minLat, maxLon, maxLat] = tileToBBox(t)
    expect(16.18).toBeGreaterThanOrEqual(minLon)
    expect(16.18).toBeLessThan(maxLon)
    expect(58.59).toBeGreaterThanOrEqual(minLat)
    expect(58.59).toBeLessThan(maxLat)
  })

  it('refuses impossible addresses', () => {
    expect(TileAddress.safeParse({ z: 3, x: 8, y: 0 }).success).toBe(false)
    expect(TileAddress.safeParse({ z: 23, x: 0, y: 0 }).success).toBe(false)
    expect(TileAddress.safeParse({ z: 3, x: 7, y: 7 }).success).toBe(true)
  })
})

describe('SWEREF 99 TM', () => {
  it('projects Norrköping to the expected national grid coordinates', () => {
    // PostGIS (ST_Transform to EPSG:3006) gives E 569176.97, N 6495012.89 for this point.
    const [e, n] = proj4('WGS84', SWEREF99TM_PROJ4, [16.19, 58.59])
    expect(e).toBeCloseTo(569176.97, 1)
    expect(n).toBeCloseTo(6495012.89, 1)
  })
})
