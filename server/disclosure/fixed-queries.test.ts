import { describe, expect, it } from 'vitest'
import { fixedCategoryGroup, fixedPeriod, wallTime } from './fixed-queries.ts'

describe('fixed periods', () => {
  it('reads dates and offset-free times as Stockholm wall time, and converts the rest', () => {
    expect(wallTime('2025-03-01')).toBe('2025-03-01 00:00:00')
    expect(wallTime('2025-03-01T12:30')).toBe('2025-03-01 12:30:00')
    expect(wallTime('2025-03-31T22:30:00Z')).toBe('2025-04-01 00:30:00')
    expect(wallTime('2025-07-01T00:00:00+02:00')).toBe('2025-07-01 00:00:00')
    expect(wallTime('2025-03-31T23:59:59.5')).toBe('2025-03-31 23:59:59.')
  })

  it('gives the month for any window inside it, however short', () => {
    const march = { kind: 'month', label: '2025-03', start: '2025-03-01', end: '2025-04-01' }
    expect(fixedPeriod('2025-03-01', '2025-04-01')).toEqual(march)
    expect(fixedPeriod('2025-03-14T10:00:00+01:00', '2025-03-14T10:01:00+01:00')).toEqual(march)
    expect(fixedPeriod('2025-03-14', '2025-03-15')).toEqual(fixedPeriod('2025-03-15', '2025-03-16'))
    // Midnight at the month's end in Stockholm is 22:00 UTC in summer and 23:00 in winter.
    expect(fixedPeriod('2025-03-31T00:00:00Z', '2025-03-31T22:00:00Z')).toEqual(march)
    expect(fixedPeriod('2025-06-10', '2025-06-30T22:00:00Z').label).toBe('2025-06')
  })

  it('widens a window over a month edge to the quarter, over a quarter edge to the year, over a year to everything', () => {
    expect(fixedPeriod('2025-01-31', '2025-02-02')).toEqual({
      kind: 'quarter',
      label: '2025-Q1',
      start: '2025-01-01',
      end: '2025-04-01',
    })
    expect(fixedPeriod('2025-03-31', '2025-04-02')).toEqual({
      kind: 'year',
      label: '2025',
      start: '2025-01-01',
      end: '2026-01-01',
    })
    expect(fixedPeriod('2025-12-31', '2026-01-02')).toEqual({ kind: 'all', label: 'all' })
    expect(fixedPeriod('2025-03-31T23:59:59', '2025-04-01T00:00:00.5')).toEqual(
      fixedPeriod('2025-03-01', '2025-04-02'),
    )
    expect(fixedPeriod('2025-10-01', '2026-01-01').label).toBe('2025-Q4')
  })

  it('gives everything for an open window', () => {
    expect(fixedPeriod(undefined, '2025-04-01')).toEqual({ kind: 'all', label: 'all' })
    expect(fixedPeriod('2025-03-01', undefined)).toEqual({ kind: 'all', label: 'all' })
  })
})

describe('fixed category groups', () => {
  it('gives the group of categories from one group, and everything for categories from several', () => {
    expect(fixedCategoryGroup(['assault'])).toEqual({ group: 'crime' })
    expect(fixedCategoryGroup(['assault', 'robbery', 'crime'])).toEqual({ group: 'crime' })
    expect(fixedCategoryGroup(['assault', 'building_fire'])).toEqual({ group: undefined })
    expect(fixedCategoryGroup([])).toEqual({ group: undefined })
    expect(fixedCategoryGroup(undefined)).toEqual({ group: undefined })
  })

  it('names an unknown category', () => {
    expect(fixedCategoryGroup(['assault', 'arson_of_sheds'])).toEqual({ unknown: 'arson_of_sheds' })
  })
})
