import { describe, expect, it } from 'vitest'
import type { AnnotationRecord } from '../../common/crisis.ts'
import {
  annotationColour,
  crisisSymbolColours,
  FALLBACK_ANNOTATION_COLOUR as DEFAULT_ANNOTATION_COLOUR,
} from '../../common/crisis-report.ts'
import { crisisColour } from '../layers/palette.ts'
import { circlePolygon } from './annotation-geometry.ts'
import {
  annotationFeatures,
  annotationLayers,
  defaultStyle,
  FIRST_ANNOTATION_LABEL_LAYER,
  highlightColours,
  highlightFeatures,
  interactiveAnnotationLayers,
  styleProperties,
} from './annotation-style.ts'

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
  it('gives a symbol its own colour wherever it stands; everything else its own colour, else the default', () => {
    // A seeded command post once carried the pen's orange: the symbol's navy wins, as in the flyout.
    expect(annotationColour('point', { color: '#ff7f0e', symbol: 'command_post' })).toBe(
      crisisSymbolColours.command_post,
    )
    expect(annotationColour('point', { symbol: 'fire' })).toBe(crisisSymbolColours.fire)
    expect(annotationColour('point', { color: '#123456', symbol: 'unicorn' } as never)).toBe('#123456')
    expect(annotationColour('polygon', { color: '#123456', symbol: 'fire' })).toBe('#123456')
    expect(annotationColour('text', {})).toBe(DEFAULT_ANNOTATION_COLOUR)
    expect(
      annotationFeatures([{ ...shelter, properties: { ...shelter.properties, color: '#ff7f0e' } }]).shapes
        .features[0].properties.colour,
    ).toBe(crisisSymbolColours.shelter)
  })

  it("draws a new shape in a colour far from the affected area's red and pink", () => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16))
    const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]))
    expect(defaultStyle.color).toBe(DEFAULT_ANNOTATION_COLOUR)
    // The crisis layer's affected area, and the red the example session's dark area is drawn in.
    for (const areaColour of [crisisColour, '#d62728', crisisSymbolColours.fire])
      expect(distance(defaultStyle.color, areaColour), areaColour).toBeGreaterThan(150)
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
    expect(styleProperties({ color: '#e03131' }, 'point')).toEqual({})
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

  it('places labels by priority: written text, then symbols, then area names, then line names, none on another', () => {
    const layers = annotationLayers()
    const index = (id: string) => layers.findIndex((l) => l.id === id)
    const layout = (id: string) => (layers[index(id)] as { layout: Record<string, unknown> }).layout
    // MapLibre places the top layer's labels first: the later in the list, the higher the priority.
    expect(index('crisis-ann:text')).toBeGreaterThan(index('crisis-ann:icon'))
    expect(index('crisis-ann:icon')).toBeGreaterThan(index('crisis-ann:area-label'))
    expect(index('crisis-ann:area-label')).toBeGreaterThan(index('crisis-ann:line-label'))
    expect(layers[index(FIRST_ANNOTATION_LABEL_LAYER) - 1].type).not.toBe('symbol')
    // Text stays where it was put and keeps its room, so "Samlingsplats hemtjänsten" is not drawn
    // over "Område utan el": the area's name moves to another anchor or gives way.
    expect(layout('crisis-ann:text')['text-allow-overlap']).toBe(true)
    expect(layout('crisis-ann:text')['text-ignore-placement']).not.toBe(true)
    for (const id of ['crisis-ann:area-label', 'crisis-ann:icon', 'crisis-ann:line-label']) {
      expect(layout(id)['text-allow-overlap'], id).not.toBe(true)
      expect(layout(id)['text-ignore-placement'], id).not.toBe(true)
    }
    expect(
      (layout('crisis-ann:area-label')['text-variable-anchor'] as string[]).length,
    ).toBeGreaterThanOrEqual(4)
    expect((layout('crisis-ann:icon')['text-variable-anchor'] as string[]).length).toBeGreaterThanOrEqual(4)
    expect(layout('crisis-ann:icon')['text-optional']).toBe(true)
  })
})
