import { describe, expect, it } from 'vitest'
import { retryAfterSeconds, waitText } from './wait-time.ts'

describe('waitText', () => {
  it('counts seconds under two minutes', () => {
    expect(waitText(1, 'sv')).toBe('1 sekund')
    expect(waitText(45, 'sv')).toBe('45 sekunder')
    expect(waitText(0.2, 'en')).toBe('1 second')
    expect(waitText(119, 'en')).toBe('119 seconds')
  })

  it('rounds longer waits up to whole minutes', () => {
    expect(waitText(120, 'sv')).toBe('2 minuter')
    expect(waitText(841, 'sv')).toBe('15 minuter')
    expect(waitText(900, 'en')).toBe('15 minutes')
  })
})

describe('retryAfterSeconds', () => {
  it('reads the wait from the error details', () => {
    expect(retryAfterSeconds({ retryAfterSeconds: 600 })).toBe(600)
    expect(retryAfterSeconds({ retryAfterSeconds: '600' })).toBeNull()
    expect(retryAfterSeconds(undefined)).toBeNull()
    expect(retryAfterSeconds({ retryAfterSeconds: 0 })).toBeNull()
  })
})
