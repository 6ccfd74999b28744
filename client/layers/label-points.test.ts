import { booleanPointInPolygon } from '@turf/turf'
import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import { labelPoint, labelPoints } from './label-points.ts'

const square: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [2, 0],
      [2, 2],
      [0, 2],
      [0, 0],
    ],
  ],
}
// A U shape whose centroid falls in the gap between its arms.
const horseshoe: Polygon = {
  type: 'Polygon',
  coordinates: [
    [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
      [0, 0],
    ],
  ],
}

describe('label points', () => {
  it('uses the centroid when it lies inside', () => {
    const [x, y] = labelPoint(square) ?? []
    expect(x).toBeCloseTo(1)
    expect(y).toBeCloseTo(1)
  })

  it('stays inside a shape whose centroid does not', () => {
    const point = labelPoint(horseshoe)
    expect(point).not.toBeNull()
    expect(booleanPointInPolygon(point as [number, number], horseshoe)).toBe(true)
  })

  it('labels the largest part of a multipolygon', () => {
    const point = labelPoint({
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [10, 10],
            [10.1, 10],
            [10.1, 10.1],
            [10, 10],
          ],
        ],
        square.coordinates,
      ],
    })
    expect(point?.[0]).toBeCloseTo(1)
  })

  it('keeps properties and skips non-areas', () => {
    const points = labelPoints({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { name: 'Centrum' }, geometry: square },
        { type: 'Feature', properties: { name: 'Punkt' }, geometry: { type: 'Point', coordinates: [1, 1] } },
      ],
    })
    expect(points.features.map((f) => f.properties.name)).toEqual(['Centrum'])
  })
})
