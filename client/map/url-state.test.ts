import { describe, expect, it } from 'vitest'
import { parseRoute, parseUrlState, routeHash, serialiseUrlState } from './url-state.ts'

describe('url state', () => {
  it('reads the view and the layers', () => {
    expect(parseUrlState('#map=12/58.59/16.18&layers=districts,incidents')).toEqual({
      view: { zoom: 12, lat: 58.59, lon: 16.18 },
      layers: ['districts', 'incidents'],
    })
  })

  it('writes what it reads', () => {
    const state = {
      view: { zoom: 13.25, lat: 58.58912, lon: 16.19234, bearing: 12.5 },
      layers: ['municipality', 'crisis-annotations'],
      feature: { layerId: 'incidents', featureId: '0b7c4b7e-2f1a-4c83-9b7e-1d2c3b4a5f60' },
    }
    const hash = serialiseUrlState(state)
    expect(hash).toBe(
      '#map=13.25/58.58912/16.19234/12.5&layers=municipality,crisis-annotations&feature=incidents/0b7c4b7e-2f1a-4c83-9b7e-1d2c3b4a5f60',
    )
    expect(parseUrlState(hash)).toEqual(state)
  })

  it('keeps an empty layer list apart from no list', () => {
    expect(parseUrlState('#layers=').layers).toEqual([])
    expect(parseUrlState('#map=5/60/15').layers).toBeUndefined()
    expect(serialiseUrlState({ layers: [] })).toBe('#layers=')
  })

  it('ignores malformed input', () => {
    expect(parseUrlState('#map=abc/1/2').view).toBeUndefined()
    expect(parseUrlState('#map=12/95/16').view).toBeUndefined()
    expect(parseUrlState('#map=12/58').view).toBeUndefined()
    expect(parseUrlState('#layers=ok,<script>,also-ok').layers).toEqual(['ok', 'also-ok'])
    expect(parseUrlState('#feature=broken').feature).toBeUndefined()
    expect(parseUrlState('')).toEqual({})
  })

  it('rounds to five decimals (about a metre)', () => {
    expect(serialiseUrlState({ view: { zoom: 9.123456, lat: 58.123456789, lon: 16.987654321 } })).toBe(
      '#map=9.12/58.12346/16.98765',
    )
  })
})

describe('routes', () => {
  const id = '0b7c4b7e-2f1a-4c83-9b7e-1d2c3b4a5f60'

  it('leaves the map state to the map', () => {
    expect(parseRoute('')).toEqual({ page: 'map' })
    expect(parseRoute('#map=12/58.59/16.18&layers=districts')).toEqual({ page: 'map' })
    expect(parseRoute('#/elsewhere')).toEqual({ page: 'map' })
  })

  it('reads the session pages', () => {
    expect(parseRoute('#/sessions')).toEqual({ page: 'sessions' })
    expect(parseRoute('#/sessions/')).toEqual({ page: 'sessions' })
    expect(parseRoute(`#/sessions/${id}`)).toEqual({ page: 'session', sessionId: id })
    expect(parseRoute(`#/sessions/${id}?tab=log`)).toEqual({ page: 'session', sessionId: id, tab: 'log' })
    expect(parseRoute(`#/sessions/${id}/report`)).toEqual({ page: 'report', sessionId: id })
    expect(parseRoute(`#/sessions/${id}/report?seq=12`)).toEqual({ page: 'report', sessionId: id, seq: 12 })
  })

  it("opens the council's page on its tab, the first tab for an unknown one", () => {
    expect(parseRoute('#/council')).toEqual({ page: 'council' })
    expect(parseRoute('#/council?tab=hotspots')).toEqual({ page: 'council', tab: 'hotspots' })
    expect(parseRoute('#/council?tab=nonsense')).toEqual({ page: 'council' })
  })

  it('lands on the list for a malformed session address', () => {
    expect(parseRoute('#/sessions/not-an-id')).toEqual({ page: 'sessions' })
    expect(parseRoute(`#/sessions/${id}/elsewhere`)).toEqual({ page: 'sessions' })
    expect(parseRoute(`#/sessions/${id}/report/more`)).toEqual({ page: 'sessions' })
    expect(parseRoute(`#/sessions/${id}?tab=nonsense`)).toEqual({ page: 'session', sessionId: id })
    expect(parseRoute(`#/sessions/${id}/report?seq=-1`)).toEqual({ page: 'report', sessionId: id })
  })

  it('writes what it reads', () => {
    for (const route of [
      { page: 'sessions' },
      { page: 'session', sessionId: id },
      { page: 'session', sessionId: id, tab: 'replay' },
      { page: 'report', sessionId: id },
      { page: 'report', sessionId: id, seq: 0 },
      { page: 'council' },
      { page: 'council', tab: 'surveys' },
    ] as const) {
      expect(parseRoute(routeHash(route))).toEqual(route)
    }
  })
})
