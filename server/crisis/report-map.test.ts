import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../common/crisis.ts'
import { circle, lineGeometry, polygonGeometry, toWgs, type XY } from '../../db/seed/geometry.ts'
import {
  drawSituationMap,
  formatMetres,
  groundArea,
  groundLength,
  MapView,
  mapExtent,
  niceScaleLength,
  roundScale,
  toSweref,
  trueNorthAngle,
} from './report-map.ts'

/** Norrköping's centre in SWEREF 99 TM, near where the demo session takes place. */
const centre: XY = toSweref([16.18, 58.59])

function record(kind: AnnotationRecord['kind'], geometry: AnnotationRecord['geometry']): AnnotationRecord {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    kind,
    geometry,
    properties: {},
    version: 1,
    createdBy: 'krisledare',
    createdAt: '2026-11-20T05:45:00Z',
    updatedBy: 'krisledare',
    updatedAt: '2026-11-20T05:45:00Z',
  }
}
const point = (xy: XY) => record('point', { type: 'Point', coordinates: toWgs(xy) })

describe('mapExtent', () => {
  it('frames the annotations with a margin, in the frame’s proportions', () => {
    const a = point(centre)
    const b = point([centre[0] + 2000, centre[1] + 1000])
    const extent = mapExtent([a, b], null, 1.5)!
    const width = extent.maxX - extent.minX
    const height = extent.maxY - extent.minY
    expect(width / height).toBeCloseTo(1.5, 6)
    expect(extent.minX).toBeLessThan(centre[0] - 150)
    expect(extent.maxX).toBeGreaterThan(centre[0] + 2150)
    expect(extent.minY).toBeLessThan(centre[1] - 150)
    expect(extent.maxY).toBeGreaterThan(centre[1] + 1150)
  })

  it('shows a lone point in its street, not at an infinite zoom', () => {
    const extent = mapExtent([point(centre)], null, 1)!
    expect(extent.maxX - extent.minX).toBeGreaterThanOrEqual(800)
    expect((extent.minX + extent.maxX) / 2).toBeCloseTo(centre[0], 3)
  })

  it('falls back to the municipality, and to nothing', () => {
    const square = polygonGeometry([circle(centre, 10_000, 4)])
    const extent = mapExtent([], square, 1)!
    expect(extent.maxX - extent.minX).toBeGreaterThan(20_000)
    expect(mapExtent([], null, 1)).toBeNull()
  })
})

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

describe('drawSituationMap', () => {
  const fonts = { regular: 'Helvetica', bold: 'Helvetica-Bold' }
  const frame = { x: 40, y: 60, width: 500, height: 320 }

  it('draws every kind of annotation and gives the printed scale', () => {
    const doc = new PDFDocument({ size: 'A4' })
    const kinds: AnnotationRecord[] = [
      { ...record('polygon', polygonGeometry([circle(centre, 800, 24)])), properties: { color: '#d62728' } },
      {
        ...record('circle', polygonGeometry([circle(centre, 200, 32)])),
        properties: { radius: 200, center: toWgs(centre) },
      },
      {
        ...record('line', lineGeometry([centre, [centre[0] + 900, centre[1] + 300]])),
        properties: { width: 4 },
      },
      { ...point(centre), properties: { symbol: 'shelter', color: '#2ca02c' } },
      { ...record('text', { type: 'Point', coordinates: toWgs(centre) }), properties: { text: 'Samling' } },
    ]
    const result = drawSituationMap(doc, frame, {
      annotations: kinds.map((annotation, i) => ({ number: i + 1, annotation })),
      boundary: polygonGeometry([circle(centre, 30_000, 16)]),
      roads: [lineGeometry([centre, [centre[0] + 50_000, centre[1]]])],
      fonts,
      emptyText: 'Tomt',
    })
    expect(result.scaleDenominator).toBeGreaterThan(1000)
    expect(result.scaleDenominator).toBeLessThan(20_000)
    doc.end()
  })

  it('says so when there is nothing to draw', () => {
    const doc = new PDFDocument({ size: 'A4' })
    const result = drawSituationMap(doc, frame, {
      annotations: [],
      boundary: null,
      roads: [],
      fonts,
      emptyText: 'Tomt',
    })
    expect(result.scaleDenominator).toBeNull()
    doc.end()
  })
})
