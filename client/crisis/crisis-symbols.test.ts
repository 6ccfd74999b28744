import { describe, expect, it } from 'vitest'
import { crisisSymbolTerms } from '../../common/crisis.ts'
import { crisisSymbolColours } from '../../common/crisis-report.ts'
import { iconNames } from '../map/icons.ts'
import { crisisSymbolIcons, crisisSymbols, symbolColour, symbolIcon, symbolName } from './crisis-symbols.ts'

describe('crisis symbols', () => {
  it('gives every symbol of the contract a bundled icon and a colour', () => {
    expect(crisisSymbols.sort()).toEqual(Object.keys(crisisSymbolTerms).sort())
    for (const symbol of crisisSymbols) {
      expect(iconNames).toContain(crisisSymbolIcons[symbol])
      expect(crisisSymbolColours[symbol]).toMatch(/^#[0-9a-f]{6}$/)
    }
  })

  it('tells the symbols apart: no two share an icon', () => {
    const icons = Object.values(crisisSymbolIcons)
    expect(new Set(icons).size).toBe(icons.length)
  })

  it('falls back to a marker for a symbol it does not know', () => {
    expect(symbolIcon('shelter')).toBe('shelter')
    expect(symbolIcon('unicorn')).toBe('marker')
    expect(symbolIcon(undefined)).toBe('marker')
    expect(symbolColour('toString')).toBe(symbolColour(undefined))
    expect(symbolName('shelter', 'sv')).toBe('Trygghetspunkt')
    expect(symbolName('shelter', 'en')).toBe('Shelter (trygghetspunkt)')
    expect(symbolName('constructor', 'sv')).toBeNull()
  })
})
