import { describe, expect, it } from 'vitest'
import { circle, lineGeometry, polygonGeometry, type XY } from '../../db/seed/geometry.ts'
import {
  formatMetres,
  groundArea,
  groundLength,
  MapView,
  niceScaleLength,
  roundScale,
  toSweref,
  trueNorthAngle,
} from './map.ts'

/** Norrköping's centre in SWEREF 99 TM. */
const centre: XY = toSweref([16.18, 58.59])

describe('MapView', () => {
  it('keeps one scale on both axes with north up', () => {
    const view = new MapView(
      { minX: 0, minY: 0, maxX: 1000, maxY: 500 },
      { x: 10, y: 20, width: 400, height: 200 },
    )
    expect(view.scale).toBeCloseTo(0.4, 9)
    expect(view.toPage([500, 250])).toEqual([210, 120])
    const [, north] = view.toPage([500, 500])
    expect(north).toBeCloseTo(20, 9)
    // 0.4 pt per metre printed: 1 pt is 0.3528 mm, so a metre on the ground is 0.1411 mm.
    expect(view.scaleDenominator).toBeCloseTo(7087, 0)
  })
})

describe('scale and north', () => {
  it('picks round scale-bar lengths and names them', () => {
    expect(niceScaleLength(1234)).toBe(1000)
    expect(niceScaleLength(4999)).toBe(2000)
    expect(niceScaleLength(5000)).toBe(5000)
    expect(niceScaleLength(180)).toBe(100)
    expect(formatMetres(500)).toBe('500 m')
    expect(formatMetres(1000)).toBe('1 km')
    expect(formatMetres(2500)).toBe('2,5 km')
    expect(roundScale(36_487)).toBe(36_500)
    expect(roundScale(7087)).toBe(7100)
  })

  it('turns the north arrow by the meridian convergence of SWEREF 99 TM', () => {
    expect(trueNorthAngle([15, 62])).toBeCloseTo(0, 6)
    // Convergence ≈ (lon − 15°) · sin(lat); east of 15° E true north lies anticlockwise of grid north.
    const convergence = (lon: number, lat: number) => (lon - 15) * Math.sin((lat * Math.PI) / 180)
    for (const [lon, lat] of [
      [16.18, 58.59], // Norrköping
      [24.14, 65.83], // Haparanda
      [11.17, 58.94], // Strömstad
    ])
      expect(trueNorthAngle([lon, lat])).toBeCloseTo(-convergence(lon, lat), 1)
    expect(trueNorthAngle([24.14, 65.83])).toBeLessThan(-8)
  })
})

describe('ground measures', () => {
  it('measures areas and lengths in metres on the national grid', () => {
    const square: XY[] = [
      centre,
      [centre[0] + 1000, centre[1]],
      [centre[0] + 1000, centre[1] + 1000],
      [centre[0], centre[1] + 1000],
      centre,
    ]
    const hole = circle([centre[0] + 500, centre[1] + 500], 100, 64)
    expect(groundArea(polygonGeometry([square]))).toBeCloseTo(1_000_000, -2)
    // The hole is a 64-gon inscribed in a circle of 100 m.
    const holeArea = 0.5 * 64 * 100 ** 2 * Math.sin((2 * Math.PI) / 64)
    expect(groundArea(polygonGeometry([square, hole]))).toBeCloseTo(1_000_000 - holeArea, -2)
    expect(groundLength(lineGeometry(square))).toBeCloseTo(4000, 0)
    expect(groundLength({ type: 'Point', coordinates: [16, 58] })).toBe(0)
  })
})
