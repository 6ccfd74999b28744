import { describe, expect, it } from 'vitest'
import { formatReportTime } from './report-time.ts'

describe('formatReportTime', () => {
  it('writes the time on the municipality’s clock, whatever the offset it was given in', () => {
    expect(formatReportTime('2026-11-30T07:15:00Z', 'sv')).toBe('30 nov. 2026 08:15')
    expect(formatReportTime('2026-07-01T23:30:00+00:00', 'en')).toBe('2 Jul 2026, 01:30')
  })
})
