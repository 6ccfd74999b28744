import { describe, expect, it } from 'vitest'
import { minimumClassification, rulesFor } from './classification-rules.ts'

describe('classification rules', () => {
  it('restricts Styrel classes 1 and 2, not 3', () => {
    expect(minimumClassification('critical-assets', { styrelClass: 2 })).toBe('restricted')
    expect(minimumClassification('critical-assets', { styrelClass: 1 })).toBe('restricted')
    expect(minimumClassification('critical-assets', { styrelClass: 3 })).toBe('open')
  })

  it('restricts a risk in the red band (15 and over) by its worst consequence, not a score of 12', () => {
    const risk = (likelihood: number, worst: number) => ({
      likelihood,
      consequences: { life: 1, society: worst },
    })
    expect(minimumClassification('rsa-risks', risk(3, 5))).toBe('restricted')
    expect(minimumClassification('rsa-risks', risk(4, 3))).toBe('open')
    expect(rulesFor('rsa-risks', risk(3, 5)).map((r) => r.key)).toEqual(['rsa-red-band'])
  })

  it('restricts police points and threats against staff, and nothing on other layers', () => {
    expect(minimumClassification('incidents', { source: 'police', category: 'vandalism' })).toBe('restricted')
    expect(minimumClassification('incidents', { source: 'municipality', category: 'threat_to_staff' })).toBe(
      'restricted',
    )
    expect(minimumClassification('incidents', { source: 'municipality', category: 'vandalism' })).toBe('open')
    expect(minimumClassification('actors', { styrelClass: 1, source: 'police' })).toBe('open')
  })
})
