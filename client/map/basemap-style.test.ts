import { validateStyleMin } from '@maplibre/maplibre-gl-style-spec'
import { describe, expect, it } from 'vitest'
import { layerCatalogue } from '../../common/layers.ts'
import { legendOf, overlayStyle } from '../layers/layer-styles.ts'
import { riskScoreColour, stepColour } from '../layers/styles/style-kit.ts'
import { buildStyle, FIRST_LABEL_LAYER, mapControlWords } from './basemap-style.ts'

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

  it('draws the incident counts above the asset and actor symbols, under what crisis staff draw', () => {
    const ids = buildStyle(options).layers.map((l) => l.id)
    expect(ids.indexOf('incidents:clusters')).toBeGreaterThan(ids.indexOf('critical-assets:badge'))
    expect(ids.indexOf('incidents:clusters')).toBeGreaterThan(ids.indexOf('actors:icon'))
    expect(ids.indexOf('incidents:clusters')).toBeLessThan(ids.indexOf('crisis-annotations:fill'))
    // The single incident dots stay under the assets.
    expect(ids.indexOf('incidents:points')).toBeLessThan(ids.indexOf('critical-assets:badge'))
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

describe('legends', () => {
  const survey = { id: 'safety-survey' } as const
  const crime = { id: 'crime-statistics' } as const

  it('name the survey indicator and say which way is worse', () => {
    expect(legendOf(survey).title).toEqual({
      sv: 'Problemindex (0–6), högre är sämre',
      en: 'Problem index (0–6), higher is worse',
    })
    expect(legendOf(survey, { indicator: 'worry_about_crime' }).title?.sv).toBe(
      'Oro för brott (%), högre är sämre',
    )
    expect(JSON.stringify(legendOf(survey))).not.toContain('trygghetsmatning')
  })

  it('say how many months reported crime is summed over', () => {
    expect(legendOf(crime, { months: 36 }).note).toEqual({
      sv: 'Summan av 36 månader, alla som finns i statistiken.',
      en: 'The total of 36 months, all there are in the statistics.',
    })
    expect(legendOf(crime).note?.sv).toBe('Summan av alla månader i statistiken.')
  })

  it('draw "no data" as a hatch, unlike any class of the ramp', () => {
    for (const layer of [survey, crime]) {
      const entries = legendOf(layer, { limits: [1, 2, 3, 4] }).entries
      const noData = entries.find((e) => e.label.sv === 'Inga uppgifter')
      expect(noData?.swatch).toMatchObject({ kind: 'fill', hatch: true })
      expect(
        entries.filter((e) => e !== noData).every((e) => e.swatch.kind === 'fill' && !e.swatch.hatch),
      ).toBe(true)
      const style = overlayStyle(layer)
      const noDataLayer = style.layers.find((l) => l.id === `${layer.id}:no-data`)
      expect(noDataLayer?.type === 'fill' && noDataLayer.paint?.['fill-pattern']).toBeTruthy()
    }
  })

  it('write the range labels of the classes from the limits', () => {
    const labels = legendOf(crime, { limits: [3.5, 10, 20, 42] }).entries.map((e) => e.label.sv)
    expect(labels).toEqual(['< 3,5', '3,5–10', '10–20', '20–42', '≥ 42', 'Inga uppgifter'])
  })
})

describe("the map's own controls", () => {
  it('have every word in both languages, and Swedish words that are not the English ones', () => {
    expect(Object.keys(mapControlWords.sv).sort()).toEqual(Object.keys(mapControlWords.en).sort())
    for (const [key, sv] of Object.entries(mapControlWords.sv)) {
      expect(sv.trim(), key).not.toBe('')
      expect(sv, key).not.toBe(mapControlWords.en[key])
    }
  })
})
