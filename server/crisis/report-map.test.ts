import PDFDocument from 'pdfkit'
import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../common/crisis.ts'
import { circle, lineGeometry, polygonGeometry, toWgs, type XY } from '../../db/seed/geometry.ts'
import { toSweref } from '../reports/map.ts'
import { drawSituationMap, mapExtent } from './report-map.ts'

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
