import { describe, expect, it } from 'vitest'
import { hourBandOf, weekdayBandOf } from './council.ts'
import { changePercent, disagreements, fitLine, tercileLimits, tercileOf } from './survey-crime.ts'

describe('disagreements', () => {
  // Insecurity = 10 + 2 × crime, but for one district that worries far more than its crime says and
  // one that worries much less (further from the line); the others lie on the line but for a little scatter.
  const scatter = [0.4, -0.3, 0.2, -0.5, 0.1, 0.3, -0.2, 0.0]
  const line = scatter.map((e, i) => ({
    id: `d${i}`,
    name: `D${i}`,
    crime: i * 3,
    insecurity: 10 + 6 * i + e,
  }))
  const pairs = [
    ...line,
    { id: 'worried', name: 'Worried', crime: 4, insecurity: 38 },
    { id: 'calm', name: 'Calm', crime: 20, insecurity: 12 },
  ]

  it('names the districts off the line, furthest first, with the direction', () => {
    const found = disagreements(pairs)
    expect(found.map((d) => [d.id, d.direction])).toEqual([
      ['calm', 'lessInsecure'],
      ['worried', 'moreInsecure'],
    ])
    expect(Math.abs(found[0]!.residual)).toBeGreaterThan(Math.abs(found[1]!.residual))
  })

  it('names none where the two agree, and none with too few districts', () => {
    expect(disagreements(line)).toEqual([])
    expect(disagreements(pairs.slice(0, 2))).toEqual([])
  })

  it('fits the least-squares line', () => {
    const fit = fitLine([
      { id: 'a', name: 'A', crime: 0, insecurity: 1 },
      { id: 'b', name: 'B', crime: 1, insecurity: 3 },
      { id: 'c', name: 'C', crime: 2, insecurity: 5 },
    ])!
    expect(fit.intercept).toBeCloseTo(1, 12)
    expect(fit.slope).toBeCloseTo(2, 12)
    expect(fit.correlation).toBeCloseTo(1, 12)
    expect(
      fitLine([
        { id: 'a', name: 'A', crime: 1, insecurity: 1 },
        { id: 'b', name: 'B', crime: 1, insecurity: 2 },
      ]),
    ).toBeNull()
  })
})

describe('bivariate classes', () => {
  it('splits by thirds', () => {
    const limits = tercileLimits([1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(limits).toEqual([4, 7])
    expect([1, 3, 4, 6, 7, 9].map((v) => tercileOf(v, limits))).toEqual([0, 0, 1, 1, 2, 2])
  })
})

it('changes in per cent, none from zero', () => {
  expect(changePercent(40, 50)).toBe(25)
  expect(changePercent(0, 5)).toBeNull()
})

describe('fixed bands for roles without clearance', () => {
  it('widens hours to the night or day band, else the whole day', () => {
    expect(hourBandOf([22, 23, 0])).toBe('night')
    expect(hourBandOf([12])).toBe('day')
    expect(hourBandOf([5, 6])).toBeUndefined()
    expect(hourBandOf(undefined)).toBeUndefined()
  })
  it('widens weekdays to weekdays or the weekend, else the whole week', () => {
    expect(weekdayBandOf([6, 7])).toBe('weekend')
    expect(weekdayBandOf([1, 3])).toBe('weekdays')
    expect(weekdayBandOf([5, 6])).toBeUndefined()
  })
})
