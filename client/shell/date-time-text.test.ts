import { describe, expect, it } from 'vitest'
import { localToText, textToLocal } from './date-time-text.ts'

describe('a date and time as the app writes it', () => {
  it('shows a datetime-local value as "2026-11-20 14:05"', () => {
    expect(localToText('2026-11-20T14:05')).toBe('2026-11-20 14:05')
    expect(localToText('')).toBe('')
  })

  it('reads what people type, in either language', () => {
    expect(textToLocal('2026-11-20 14:05')).toBe('2026-11-20T14:05')
    expect(textToLocal(' 2026-11-20T14:05 ')).toBe('2026-11-20T14:05')
    expect(textToLocal('2026-11-20 14.05')).toBe('2026-11-20T14:05')
    expect(textToLocal('2026-11-20 9:30')).toBe('2026-11-20T09:30')
    expect(textToLocal('2026-11-20')).toBe('2026-11-20T00:00')
    expect(textToLocal('')).toBe('')
  })

  it('refuses what is no date: the browser-locale formats, impossible days and times', () => {
    for (const text of [
      '11/20/2026, 2:05 PM',
      '20/11/2026 14:05',
      '2026-02-30 10:00',
      '2026-11-20 24:00',
      'imorgon',
    ])
      expect(textToLocal(text), text).toBeNull()
  })
})
