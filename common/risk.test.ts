import { describe, expect, it } from 'vitest'
import { MAX_RISK_SCORE, riskBand, riskBandLabel, riskBandLimits, riskBands, riskScore } from './risk.ts'

describe('risk scoring', () => {
  it('is likelihood times the worst consequence, 1 when no consequence is judged', () => {
    expect(riskScore(3, [2, 5, 1])).toBe(15)
    expect(riskScore(4, [])).toBe(4)
    expect(riskScore(5, [5])).toBe(MAX_RISK_SCORE)
  })

  it('bands the scores green 1–4, yellow 5–9, orange 10–14, red 15–25, without gaps', () => {
    const expected = {
      1: 'green',
      4: 'green',
      5: 'yellow',
      9: 'yellow',
      10: 'orange',
      14: 'orange',
      15: 'red',
      25: 'red',
    }
    for (const [score, band] of Object.entries(expected)) expect(riskBand(Number(score)), score).toBe(band)
    // Every score of the 5×5 matrix lies in exactly the band whose limits hold it.
    for (let l = 1; l <= 5; l++)
      for (let c = 1; c <= 5; c++) {
        const { min, max } = riskBandLimits[riskBand(l * c)]
        expect(l * c).toBeGreaterThanOrEqual(min)
        expect(l * c).toBeLessThanOrEqual(max)
      }
    riskBands.slice(1).forEach((band, i) => {
      expect(riskBandLimits[band].min).toBe(riskBandLimits[riskBands[i]].max + 1)
    })
    expect(riskBandLimits.red.max).toBe(MAX_RISK_SCORE)
  })

  it('names a band with its scores in both languages', () => {
    expect(riskBandLabel('green')).toEqual({ sv: 'Låg risk (1–4)', en: 'Low risk (1–4)' })
    expect(riskBandLabel('red')).toEqual({ sv: 'Mycket hög risk (15–25)', en: 'Very high risk (15–25)' })
  })
})
