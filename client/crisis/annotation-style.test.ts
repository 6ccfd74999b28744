import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../common/crisis.ts'
import { circlePolygon } from './annotation-geometry.ts'
import {
  annotationColour,
  annotationFeatures,
  annotationLayers,
  highlightColours,
  highlightFeatures,
  interactiveAnnotationLayers,
  styleProperties,
} from './annotation-style.ts'
import { crisisSymbolColours } from './crisis-symbols.ts'

const who = {
  createdBy: 'krisledare',
  createdAt: '2026-11-20T13:00:00Z',
  updatedBy: 'krisledare',
  updatedAt: '2026-11-20T13:00:00Z',
}
const record = (
  r: Partial<AnnotationRecord> & Pick<AnnotationRecord, 'id' | 'kind' | 'geometry'>,
): AnnotationRecord => ({
  properties: {},
  version: 1,
  ...who,
  ...r,
})

const shelter = record({
  id: 'p',
  kind: 'point',
  geometry: { type: 'Point', coordinates: [16.18, 58.59] },
  properties: { symbol: 'shelter', label: 'Trygghetspunkt Navestad' },
})
const area = record({
  id: 'a',
  kind: 'circle',
  geometry: circlePolygon([16.18, 58.59], 300),
  properties: { label: 'Avspärrat', color: '#1971c2', radius: 300, center: [16.18, 58.59], fillOpacity: 0.3 },
})
const text = record({
  id: 't',
  kind: 'text',
  geometry: { type: 'Point', coordinates: [16.2, 58.6] },
  properties: { text: 'Samling här', fontSize: 20 },
})

describe('colour', () => {
  it("takes the annotation's own colour, else its symbol's, else the default", () => {
    expect(annotationColour({ color: '#123456', symbol: 'fire' })).toBe('#123456')
    expect(annotationColour({ symbol: 'fire' })).toBe(crisisSymbolColours.fire)
    expect(annotationColour({})).toMatch(/^#[0-9a-f]{6}$/)
  })

  it('stores only what differs from the defaults, and only what the kind uses', () => {
    expect(
      styleProperties({ color: '#e03131', width: 3, fillOpacity: 0.18, fontSize: 16 }, 'polygon'),
    ).toEqual({
      color: '#e03131',
    })
    expect(
      styleProperties({ color: '#e03131', width: 6, fillOpacity: 0.4, fontSize: 24 }, 'polygon'),
    ).toEqual({
      color: '#e03131',
      width: 6,
      fillOpacity: 0.4,
    })
    expect(styleProperties({ width: 6, fontSize: 24 }, 'text')).toEqual({ fontSize: 24 })
    expect(styleProperties({ width: 6, fillOpacity: 0.4 }, 'point')).toEqual({})
  })
})

describe('features', () => {
  it('resolves icon, colour, label and text for each annotation', () => {
    const { shapes, labels } = annotationFeatures([shelter, area, text])
    const byId = new Map(shapes.features.map((f) => [f.properties.id, f.properties]))
    expect(byId.get('p')).toMatchObject({
      icon: 'icon-shelter',
      colour: crisisSymbolColours.shelter,
      label: 'Trygghetspunkt Navestad',
      opacity: 1,
    })
    expect(byId.get('a')).toMatchObject({ colour: '#1971c2', fillOpacity: 0.3, width: 3 })
    expect(byId.get('t')).toMatchObject({ text: 'Samling här', fontSize: 20 })
    // Areas carry their label on a point at the centre; points and lines label themselves.
    expect(labels.features).toHaveLength(1)
    expect(labels.features[0].geometry).toEqual({ type: 'Point', coordinates: [16.18, 58.59] })
  })

  it('draws pending changes paler, dragged shapes where the pointer has them, and skips tombstones', () => {
    const moved = { type: 'Point' as const, coordinates: [16.3, 58.7] }
    const { shapes } = annotationFeatures([shelter, area, { ...text, deleted: true }], {
      pending: new Set(['a']),
      provisional: new Map([['p', moved]]),
      selected: new Set(['p']),
    })
    expect(shapes.features.map((f) => f.properties.id)).toEqual(['p', 'a'])
    expect(shapes.features[0].geometry).toEqual(moved)
    expect(shapes.features[0].properties.selected).toBe(true)
    expect(shapes.features[1].properties.opacity).toBeLessThan(1)
  })

  it('marks what changed: added and changed at the new shape, removed at the old one', () => {
    const before = { ...area, geometry: circlePolygon([16.1, 58.5], 300) }
    const after = { ...area, version: 5 }
    const fc = highlightFeatures({ added: [shelter], changed: [{ before, after }], removed: [text] })
    expect(fc.features.map((f) => [f.properties?.id, f.properties?.kind, f.properties?.colour])).toEqual([
      ['t', 'removed', highlightColours.removed],
      ['a', 'changed', highlightColours.changed],
      ['p', 'added', highlightColours.added],
    ])
    expect(fc.features[1].geometry).toEqual(after.geometry)
    expect(highlightFeatures(null).features).toEqual([])
  })
})

describe('layers', () => {
  it('has unique ids and the interactive layers among them', () => {
    const ids = annotationLayers().map((l) => l.id)
    expect(new Set(ids).size).toBe(ids.length)
    for (const id of interactiveAnnotationLayers) expect(ids).toContain(id)
  })
})
