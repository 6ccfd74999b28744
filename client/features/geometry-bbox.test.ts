import { describe, expect, it } from 'vitest'
import { featureBBox } from './geometry-bbox.ts'

describe('featureBBox', () => {
  it('spans every position of the geometry', () => {
    expect(
      featureBBox({
        type: 'Feature',
        properties: {},
        geometry: {
          type: 'MultiPolygon',
          coordinates: [
            [
              [
                [16, 58],
                [16.5, 58.2],
                [16.2, 58.7],
                [16, 58],
              ],
            ],
          ],
        },
      }),
    ).toEqual([16, 58, 16.5, 58.7])
    expect(
      featureBBox({
        type: 'Feature',
        properties: {},
        geometry: { type: 'Point', coordinates: [16.18, 58.59] },
      }),
    ).toEqual([16.18, 58.59, 16.18, 58.59])
  })
})
