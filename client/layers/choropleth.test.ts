import { describe, expect, it } from 'vitest'
import { quantileLimits, roundNicely } from './choropleth.ts'

describe('choropleth classes', () => {
  it('rounds to readable numbers', () => {
    expect(roundNicely(47.3)).toBe(47)
    expect(roundNicely(123.4)).toBe(120)
    expect(roundNicely(4.5678)).toBeCloseTo(4.6)
    expect(roundNicely(0)).toBe(0)
  })

  it('splits evenly spread values into five classes', () => {
    const values = Array.from({ length: 101 }, (_, i) => i)
    expect(quantileLimits(values)).toEqual([20, 40, 60, 80])
  })

  it('never repeats a limit', () => {
    const limits = quantileLimits([1, 1, 1, 1, 1, 1, 2, 9])
    expect(new Set(limits).size).toBe(limits.length)
    expect([...limits].sort((a, b) => a - b)).toEqual(limits)
  })

  it('gives no limits for too few values', () => {
    expect(quantileLimits([])).toEqual([])
    expect(quantileLimits([4])).toEqual([])
    expect(quantileLimits([Number.NaN, 3])).toEqual([])
  })
})
