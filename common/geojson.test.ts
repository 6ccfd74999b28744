import { describe, expect, it } from 'vitest'
import { GEOJSON_LIMITS, GeoJsonFeatureCollection, GeoJsonGeometry } from './geojson.ts'

const square = [
  [16, 58],
  [16.1, 58],
  [16.1, 58.1],
  [16, 58.1],
  [16, 58],
]

const issuesOf = (value: unknown) => {
  const r = GeoJsonGeometry.safeParse(value)
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('GeoJsonGeometry', () => {
  it('accepts RFC 7946 geometries', () => {
    expect(issuesOf({ type: 'Point', coordinates: [16.18, 58.59] })).toEqual([])
    expect(issuesOf({ type: 'Polygon', coordinates: [square] })).toEqual([])
    expect(issuesOf({ type: 'MultiPolygon', coordinates: [[square]] })).toEqual([])
    expect(
      issuesOf({
        type: 'LineString',
        coordinates: [
          [16, 58],
          [16.1, 58.2, 12],
        ],
      }),
    ).toEqual([])
  })

  it('points at the fault', () => {
    expect(issuesOf({ type: 'Point', coordinates: [200, 58] })[0]).toMatch(
      /coordinates\.0: longitude above 180/,
    )
    expect(issuesOf({ type: 'Point', coordinates: [16, -95] })[0]).toMatch(/latitude below -90/)
    const open = square.slice(0, 4).concat([[16, 58.05]])
    expect(issuesOf({ type: 'Polygon', coordinates: [open] })[0]).toMatch(
      /coordinates\.0: ring is not closed/,
    )
    expect(issuesOf({ type: 'LineString', coordinates: [[16, 58]] })[0]).toMatch(/at least two positions/)
    expect(issuesOf({ type: 'Polygon', coordinates: [square.slice(0, 3)] })[0]).toMatch(/at least four/)
    expect(issuesOf({ type: 'Circle', coordinates: [16, 58] }).length).toBeGreaterThan(0)
    expect(issuesOf({ type: 'Point', coordinates: ['16', 58] }).length).toBeGreaterThan(0)
    expect(issuesOf({ type: 'Point', coordinates: [Number.NaN, 58] }).length).toBeGreaterThan(0)
  })

  it('caps the number of vertices', () => {
    const n = GEOJSON_LIMITS.maxVertices + 1
    const line = Array.from({ length: n }, (_, i) => [16 + i / n, 58])
    expect(issuesOf({ type: 'LineString', coordinates: line })[0]).toMatch(/vertices/)
  })

  it('caps the number of features', () => {
    const feature = { type: 'Feature', geometry: { type: 'Point', coordinates: [16, 58] }, properties: {} }
    const fc = { type: 'FeatureCollection', features: Array(GEOJSON_LIMITS.maxFeatures + 1).fill(feature) }
    expect(GeoJsonFeatureCollection.safeParse(fc).success).toBe(false)
  })
})
