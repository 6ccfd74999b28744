import { describe, expect, it } from 'vitest'
import { auditChanges, auditDetails, entityLabel, formatAuditTime, formatAuditValue } from './audit-format.ts'

const lasare = {
  username: 'lasare',
  displayName: 'Lars Läsare (demo)',
  role: 'viewer',
  organisation: { id: 'a', name: 'Socialförvaltningen (demo)' },
  disabled: false,
}

describe('auditChanges', () => {
  it('lists only the fields an update changed, in words', () => {
    const after = { ...lasare, role: 'planner', organisation: null, disabled: true }
    expect(auditChanges(lasare, after, 'sv')).toEqual([
      { key: 'role', label: 'Roll', kind: 'changed', before: 'Läsare', after: 'Planerare' },
      {
        key: 'organisation',
        label: 'Organisation',
        kind: 'changed',
        before: 'Socialförvaltningen (demo)',
        after: 'Ingen organisation',
      },
      { key: 'disabled', label: 'Avstängd', kind: 'changed', before: 'Nej', after: 'Ja' },
    ])
  })

  it('lists what a creation made and what a deletion removed', () => {
    expect(auditChanges(null, { role: 'crisis', username: 'kim' }, 'en')).toEqual([
      { key: 'username', label: 'Username', kind: 'added', after: 'kim' },
      { key: 'role', label: 'Role', kind: 'added', after: 'Crisis management' },
    ])
    expect(auditChanges({ name: 'Vattenverk (demo)', styrelClass: 2 }, null, 'sv')).toEqual([
      { key: 'name', label: 'Namn', kind: 'removed', before: 'Vattenverk (demo)' },
      { key: 'styrelClass', label: 'Styrelklass', kind: 'removed', before: '2' },
    ])
  })

  it('has nothing to say without values', () => {
    expect(auditChanges(null, null, 'sv')).toEqual([])
  })
})

describe('auditDetails and values', () => {
  it('labels the context of a failed sign-in', () => {
    expect(auditDetails({ reason: 'wrong_password', address: '127.0.0.1', userAgent: null }, 'sv')).toEqual([
      { key: 'reason', label: 'Orsak', text: 'Fel lösenord' },
      { key: 'address', label: 'Adress', text: '127.0.0.1' },
    ])
  })

  it('leaves out empty values and what the entry itself says', () => {
    const exportDetails = { format: 'csv', filters: {}, bbox: [15.5, 58.25, 17, 58.9], exportedBy: 'kim' }
    expect(auditDetails(exportDetails, 'sv')).toEqual([
      { key: 'format', label: 'Format', text: 'csv' },
      { key: 'bbox', label: 'Utsnitt', text: '15,5; 58,25; 17; 58,9' },
    ])
  })

  it('writes times in Swedish time to the second', () => {
    expect(formatAuditTime('2025-03-14T07:05:12.345Z', 'sv')).toBe('2025-03-14 08:05:12')
    expect(formatAuditValue('expiresAt', '2025-07-01T10:00:00Z', 'sv')).toBe('2025-07-01 12:00:00')
  })

  it('names object types, layers by their title', () => {
    expect(entityLabel('users', 'sv')).toBe('Användare')
    expect(entityLabel('critical-assets', 'en')).toBe('Critical assets')
    expect(entityLabel('something-new', 'sv')).toBe('something-new')
  })
})
