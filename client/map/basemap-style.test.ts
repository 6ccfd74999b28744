import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { layerCatalogue } from '../../common/layers.ts'
import { legendOf, overlayStyle, riskScoreColour, stepColour } from '../layers/layer-styles.ts'
import { buildStyle, FIRST_LABEL_LAYER } from './basemap-style.ts'

const options = {
  origin: 'http://127.0.0.1:8080',
  selected: { kommun: '0581', name: 'Norrköping' },
  layers: layerCatalogue,
  bbox: [15.5, 58.3, 16.9, 58.9] as [number, number, number, number],
  visible: new Set(['municipality', 'incidents']),
}

describe('built-in style', () => {
  it('is a valid MapLibre style', () => {
    const errors = validateStyleMin(buildStyle(options))
    expect(errors.map((e) => e.message)).toEqual([])
  })

  it('stays valid with choropleth class limits from the data', () => {
    const style = buildStyle({
      ...options,
      classLimits: { 'crime-statistics': [3.5, 10, 10, 42], 'safety-survey': [] },
    })
    expect(validateStyleMin(style).map((e) => e.message)).toEqual([])
  })

  it('has no glyphs URL, so labels use the browser fonts offline', () => {
    expect(buildStyle(options).glyphs).toBeUndefined()
  })

  it('has one vector source per catalogue layer, with absolute tile URLs', () => {
    const style = buildStyle(options)
    for (const layer of layerCatalogue) {
      const source = style.sources[layer.id]
      expect(source?.type).toBe('vector')
      expect(source && 'tiles' in source ? source.tiles?.[0] : '').toBe(
        `http://127.0.0.1:8080/tiles/${layer.id}/{z}/{x}/{y}.mvt`,
      )
    }
  })

  it('shows only the visible layers at start', () => {
    const style = buildStyle(options)
    const visibility = (id: string) =>
      style.layers.filter((l) => 'source' in l && l.source === id).map((l) => l.layout?.visibility)
    expect(new Set(visibility('incidents'))).toEqual(new Set(['visible']))
    expect(new Set(visibility('flood-zones'))).toEqual(new Set(['none']))
  })

  it('puts areas under the place names and points above them', () => {
    const ids = buildStyle(options).layers.map((l) => l.id)
    const labels = ids.indexOf(FIRST_LABEL_LAYER)
    expect(ids.indexOf('flood-zones:flood_100')).toBeLessThan(labels)
    expect(ids.indexOf('municipality:outline')).toBeLessThan(labels)
    expect(ids.indexOf('critical-assets:badge')).toBeGreaterThan(labels)
    // The municipal boundary is drawn over the flood zones.
    expect(ids.indexOf('municipality:outline')).toBeGreaterThan(ids.indexOf('flood-zones:flood_100'))
  })

  it('styles and explains every catalogue layer', () => {
    for (const layer of layerCatalogue) {
      const style = overlayStyle(layer)
      expect(style.layers.length, layer.id).toBeGreaterThan(0)
      expect(
        style.interactive.every((id) => style.layers.some((l) => l.id === id)),
        layer.id,
      ).toBe(true)
      expect(legendOf(layer).entries.length, layer.id).toBeGreaterThan(0)
    }
  })
})

describe('expressions', () => {
  it('colours risk scores by the matrix convention', () => {
    expect(riskScoreColour()).toEqual([
      'step',
      ['to-number', ['get', 'riskScore'], 0],
      '#2f9e44',
      5,
      '#f2c12e',
      10,
      '#f08c00',
      15,
      '#d62828',
    ])
  })

  it('drops class limits that do not ascend', () => {
    expect(stepColour('v', ['a', 'b', 'c', 'd'], [1, 1, 3])).toEqual([
      'step',
      ['to-number', ['get', 'v']],
      'a',
      1,
      'b',
      3,
      'd',
    ])
  })
})
