import { describe, expect, it } from 'vitest'
import { filterQuery, hoursBetween, lastYearOf, monthRange, nextMonth, toggled } from './incident-filter.ts'

describe('the council filter', () => {
  it('asks for whole months, the last one included', () => {
    expect(
      filterQuery({
        categories: ['robbery', 'assault'],
        months: ['2025-11', '2026-10'],
        weekdays: [7, 6],
        hours: [23, 22],
      }),
    ).toEqual({
      category: 'assault,robbery',
      from: '2025-11-01',
      to: '2026-11-01',
      weekday: '6,7',
      hour: '22,23',
    })
    expect(filterQuery({ categories: [], weekdays: [], hours: [] })).toEqual({})
  })

  it('counts months across the new year', () => {
    expect(nextMonth('2025-12')).toBe('2026-01')
    expect(monthRange('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02'])
    expect(lastYearOf(monthRange('2023-11', '2026-10'))).toEqual(['2025-11', '2026-10'])
    expect(lastYearOf(['2026-01'])).toEqual(['2026-01', '2026-01'])
  })

  it('takes hours across midnight', () => {
    expect(hoursBetween(22, 6)).toEqual([22, 23, 0, 1, 2, 3, 4, 5])
    expect(hoursBetween(8, 17)).toHaveLength(9)
    expect(hoursBetween(0, 0)).toHaveLength(24)
  })

  it('toggles a value in a sorted list', () => {
    expect(toggled([1, 3], 2)).toEqual([1, 2, 3])
    expect(toggled([1, 2, 3], 2)).toEqual([1, 3])
  })
})
