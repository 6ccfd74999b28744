import { describe, expect, it } from 'vitest'
import { municipalityTitle } from './municipality-name.ts'

describe('municipality title', () => {
  it('writes the Swedish genitive', () => {
    expect(municipalityTitle('Norrköping', 'sv')).toBe('Norrköpings kommun')
    expect(municipalityTitle('Oxelösund', 'sv')).toBe('Oxelösunds kommun')
    expect(municipalityTitle('Borås', 'sv')).toBe('Borås kommun')
    expect(municipalityTitle('Norrköping', 'en')).toBe('Norrköping Municipality')
  })
})
