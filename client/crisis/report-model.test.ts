import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../common/crisis.ts'
import {
  crisisSymbolColours,
  FALLBACK_ANNOTATION_COLOUR,
  numberAnnotations,
} from '../../common/crisis-report.ts'
import { annotationBounds, labelPoint, reportFeatures } from './report-model.ts'

const annotation = (
  id: string,
  createdAt: string,
  fields: Partial<AnnotationRecord> & Pick<AnnotationRecord, 'kind' | 'geometry'>,
): AnnotationRecord => ({
  id,
  properties: {},
  version: 1,
  createdBy: 'krisledare',
  createdAt,
  updatedBy: 'krisledare',
  updatedAt: createdAt,
  ...fields,
})

const point = annotation('b', '2026-11-20T07:10:00Z', {
  kind: 'point',
  geometry: { type: 'Point', coordinates: [16.1, 58.6] },
  properties: { label: 'Trygghetspunkt', symbol: 'shelter', color: '#2ca02c' },
})
const line = annotation('a', '2026-11-20T07:20:00Z', {
  kind: 'line',
  geometry: {
    type: 'LineString',
    coordinates: [
      [16, 58.5],
      [16.2, 58.5],
    ],
  },
})
const area = annotation('c', '2026-11-20T07:00:00Z', {
  kind: 'polygon',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [16, 58],
        [17, 58],
        [17, 59],
        [16, 59],
        [16, 58],
      ],
    ],
  },
})
const circle = annotation('d', '2026-11-20T07:30:00Z', {
  kind: 'circle',
  geometry: area.geometry,
  properties: { radius: 200, center: [16.5, 58.5] },
})

describe('report model', () => {
  it('puts the badge where the annotation is', () => {
    expect(labelPoint(point)).toEqual([16.1, 58.6])
    expect(labelPoint(circle)).toEqual([16.5, 58.5])
    const middle = labelPoint(line)!
    expect(middle[0]).toBeCloseTo(16.1, 2)
    const inside = labelPoint(area)!
    expect(inside[0]).toBeGreaterThan(16)
    expect(inside[0]).toBeLessThan(17)
  })

  it('gives the extent of the annotations', () => {
    expect(annotationBounds([point, area])).toEqual([16, 58, 17, 59])
    expect(annotationBounds([])).toBeNull()
  })

  it('draws shapes for lines and areas and a badge for each', () => {
    const { shapes, badges } = reportFeatures(numberAnnotations([point, line, area]))
    expect(shapes.features.map((f) => f.properties.number)).toEqual([1, 3])
    expect(badges.features.map((f) => [f.properties.number, f.properties.colour])).toEqual([
      // The session map's rule: the shelter symbol's green, not the colour stored on it.
      [1, FALLBACK_ANNOTATION_COLOUR],
      [2, crisisSymbolColours.shelter],
      [3, FALLBACK_ANNOTATION_COLOUR],
    ])
    expect(badges.features[1].properties.label).toBe('Trygghetspunkt')
  })
})
