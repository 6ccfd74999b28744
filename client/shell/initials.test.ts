import { describe, expect, it } from 'vitest'
import { initialsOf } from './initials.ts'

describe('initialsOf', () => {
  it('takes the first letters of the first two words', () => {
    expect(initialsOf('Kim Krisledare (demo)')).toBe('KK')
    expect(initialsOf('anna-karin öberg lind')).toBe('AÖ')
  })

  it('ignores bracketed notes and non-letters', () => {
    expect(initialsOf('(demo) Lars')).toBe('L')
    expect(initialsOf('42 Ägir')).toBe('Ä')
    expect(initialsOf('')).toBe('')
  })
})
