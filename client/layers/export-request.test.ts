import { describe, expect, it } from 'vitest'
import { bboxParam, exportFileName, exportParams, exportStamp } from './export-request.ts'

describe('bboxParam', () => {
  it('writes the view with six decimals', () => {
    expect(bboxParam([16.123456789, 58.5, 16.3, 58.6123456])).toBe('16.123457,58.5,16.3,58.612346')
  })

  it('clamps a view that reaches past the world', () => {
    expect(bboxParam([-200, -95, 200, 95])).toBe('-180,-90,180,90')
  })
})

describe('exportParams', () => {
  const incidents = { filters: ['category', 'time'] as ('category' | 'time')[] }
  const actors = { filters: ['category'] as ('category' | 'time')[] }
  const filters = { category: 'assault', from: '2025-01-01', to: '2025-06-30' }

  it('sends the format, the view and the filters the layer understands', () => {
    expect(exportParams(incidents, 'geojson', [16, 58, 17, 59], filters)).toEqual({
      format: 'geojson',
      bbox: '16,58,17,59',
      category: 'assault',
      from: '2025-01-01',
      to: '2025-06-30',
      lang: 'sv',
    })
  })

  it('leaves out filters the layer does not declare, and a missing view', () => {
    expect(exportParams(actors, 'csv', null, filters, 'en')).toEqual({
      format: 'csv',
      bbox: undefined,
      category: 'assault',
      from: undefined,
      to: undefined,
      lang: 'en',
    })
  })
})

describe('the marking', () => {
  it('is the classification in capitals in the reader’s language, as the server stamps it', () => {
    expect(exportStamp('restricted', 'sv')).toBe('BEGRÄNSAD')
    expect(exportStamp('open', 'sv')).toBe('ÖPPEN')
    expect(exportStamp('internal', 'sv')).toBe('INTERN')
    expect(exportStamp('internal', 'en')).toBe('INTERNAL')
    expect(exportStamp('restricted', 'en')).toBe('RESTRICTED')
    expect(exportFileName('incidents', 'geojson')).toBe('incidents.geojson')
  })
})
