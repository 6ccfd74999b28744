import type { Polygon } from 'geojson'
import { describe, expect, it } from 'vitest'
import {
  CIRCLE_STEPS,
  circleOf,
  circlePolygon,
  destination,
  distanceMetres,
  editedDraft,
  labelPosition,
  toTerraDrawFeature,
} from './annotation-geometry.ts'

const norrkoping: [number, number] = [16.1826, 58.5877]

describe('distances', () => {
  it('measures a known distance: one degree of latitude is about 111.2 km', () => {
    expect(distanceMetres([16, 58], [16, 59])).toBeCloseTo(111_195, -1)
  })

  it('goes a distance in a direction and back', () => {
    const east = destination(norrkoping, 500, 90)
    expect(distanceMetres(norrkoping, east)).toBeCloseTo(500, 0)
    expect(east[1]).toBeCloseTo(norrkoping[1], 4)
    expect(east[0]).toBeGreaterThan(norrkoping[0])
  })
})

describe('circles', () => {
  it('draws a closed, counter-clockwise ring with every vertex at the radius', () => {
    const circle = circlePolygon(norrkoping, 250)
    const ring = circle.coordinates[0]
    expect(ring).toHaveLength(CIRCLE_STEPS + 1)
    expect(ring[0]).toEqual(ring[ring.length - 1])
    for (const p of ring) expect(distanceMetres(norrkoping, p)).toBeCloseTo(250, 0)
    // Shoelace: positive area for counter-clockwise (RFC 7946 exterior rings).
    let area = 0
    for (let i = 0; i < ring.length - 1; i++)
      area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
    expect(area).toBeGreaterThan(0)
  })

  it('finds the centre and radius of a circle again', () => {
    const { center, radius } = circleOf(circlePolygon(norrkoping, 1200))
    expect(center[0]).toBeCloseTo(norrkoping[0], 5)
    expect(center[1]).toBeCloseTo(norrkoping[1], 5)
    expect(radius).toBeCloseTo(1200, -1)
  })

  it('makes a circle round again after it was moved or stretched as a polygon', () => {
    const circle = circlePolygon(norrkoping, 300)
    const stretched: Polygon = {
      type: 'Polygon',
      coordinates: [circle.coordinates[0].map(([x, y]) => [x + (x - norrkoping[0]) * 0.5 + 0.01, y])],
    }
    const draft = editedDraft(
      { id: 'c', kind: 'circle', properties: { label: 'Avspärrning', radius: 300, center: norrkoping } },
      stretched,
    )
    expect(draft.properties?.label).toBe('Avspärrning')
    const center = draft.properties?.center as [number, number]
    expect(center[0]).toBeCloseTo(norrkoping[0] + 0.01, 4)
    expect(draft.properties?.radius).toBeGreaterThan(300)
    const ring = (draft.geometry as Polygon).coordinates[0]
    for (const p of ring) expect(distanceMetres(center, p)).toBeCloseTo(draft.properties?.radius as number, 0)
  })

  it('leaves other kinds as drawn', () => {
    const line = { type: 'LineString' as const, coordinates: [norrkoping, [16.2, 58.6]] }
    expect(editedDraft({ id: 'l', kind: 'line', properties: { color: '#1971c2' } }, line)).toEqual({
      id: 'l',
      kind: 'line',
      geometry: line,
      properties: { color: '#1971c2' },
    })
  })
})

describe('labels', () => {
  it('puts a label on the point, the middle of a line, the centre of an area or circle', () => {
    expect(labelPosition({ geometry: { type: 'Point', coordinates: [1, 2] }, properties: {} })).toEqual([
      1, 2,
    ])
    expect(
      labelPosition({
        geometry: {
          type: 'LineString',
          coordinates: [
            [0, 0],
            [1, 1],
            [2, 2],
          ],
        },
        properties: {},
      }),
    ).toEqual([1, 1])
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
    expect(labelPosition({ geometry: square, properties: {} })).toEqual([1, 1])
    expect(labelPosition({ geometry: square, properties: { center: [5, 5] } })).toEqual([5, 5])
  })
})

describe('terra-draw features', () => {
  it('names the mode that edits each kind, with a circle’s radius in kilometres', () => {
    const circle = circlePolygon(norrkoping, 400)
    expect(
      toTerraDrawFeature({ id: 'a', kind: 'circle', geometry: circle, properties: { radius: 400 } }),
    ).toEqual({
      type: 'Feature',
      id: 'a',
      geometry: circle,
      properties: { mode: 'circle', radiusKilometers: 0.4 },
    })
    const point = { type: 'Point' as const, coordinates: norrkoping }
    expect(
      toTerraDrawFeature({ id: 't', kind: 'text', geometry: point, properties: { text: 'Hej' } })?.properties,
    ).toEqual({
      mode: 'point',
    })
  })

  it('leaves what terra-draw cannot edit to the session (a multipolygon)', () => {
    const multi = { type: 'MultiPolygon' as const, coordinates: [circlePolygon(norrkoping, 10).coordinates] }
    expect(toTerraDrawFeature({ id: 'm', kind: 'polygon', geometry: multi, properties: {} })).toBeNull()
  })
})
