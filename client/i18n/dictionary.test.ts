import { describe, expect, it } from 'vitest'
import { en, sv, translate } from './dictionary.ts'

describe('dictionary', () => {
  it('has the same keys in Swedish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(sv).sort())
  })

  it('has no empty messages', () => {
    for (const dict of [sv, en]) {
      for (const [key, text] of Object.entries(dict)) expect(text.trim(), key).not.toBe('')
    }
  })

  it('uses the same placeholders in both languages', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
    for (const key of Object.keys(sv) as (keyof typeof sv)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(sv[key]))
    }
  })

  it('fills placeholders', () => {
    expect(translate('sv', 'layers.visibleCount', { n: 3, total: 21 })).toBe('3 av 21 lager tända')
    expect(translate('en', 'search.noHits', { q: 'x' })).toBe('No results for “x”')
  })
})
