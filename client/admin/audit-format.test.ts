import { describe, expect, it } from 'vitest'
import * as crisis from '../../common/crisis.ts'
import * as domain from '../../common/domain.ts'
import { dictionaries } from '../i18n/dictionary.ts'
import { termsIn, untranslatedTexts, wordingCheck } from '../i18n/translation-check.ts'
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

describe('a crisis session in the audit log', () => {
  const before = {
    title: 'Elavbrott (demo)',
    eventType: 'power_cut',
    status: 'open',
    escalationLevel: 'serious',
    agendaStep: 'roll_call',
    classification: 'internal',
    affectedArea: { type: 'MultiPolygon', coordinates: [] },
    closedAt: null,
    participants: [{ name: 'Polisen (demo)', role: 'participant', userId: null, actorId: 'x' }],
  }
  const after = {
    ...before,
    escalationLevel: 'extraordinary',
    agendaStep: 'joint_assessment',
    status: 'closed',
  }
  const escalation = {
    id: 'e1',
    kind: 'escalation',
    from: 'serious',
    to: 'extraordinary',
    text: 'Vattnet räcker inte',
    decidedBy: 'Krisledningschef',
    version: 7,
    createdBy: 'krisledare',
    createdAt: '2026-11-20T07:00:00Z',
    updatedBy: 'krisledare',
    updatedAt: '2026-11-20T07:00:00Z',
  }

  it('names the level, agenda step and status in Swedish, never their codes', () => {
    expect(auditChanges(before, after, 'sv')).toEqual([
      { key: 'status', label: 'Status', kind: 'changed', before: 'Pågår', after: 'Avslutad' },
      {
        key: 'escalationLevel',
        label: 'Eskaleringsnivå',
        kind: 'changed',
        before: 'Allvarlig händelse',
        after: 'Extraordinär händelse',
      },
      {
        key: 'agendaStep',
        label: 'Mötespunkt',
        kind: 'changed',
        before: 'Upprop',
        after: 'Gemensam lägesuppfattning',
      },
    ])
    const created = auditChanges(null, before, 'sv')
    expect(created.find((c) => c.key === 'eventType')?.after).toBe('Elavbrott')
    expect(created.find((c) => c.key === 'affectedArea')?.after).toBe('Ytor')
    expect(created.find((c) => c.key === 'participants')?.after).toBe('Polisen (demo)')
    expect(entityLabel('crisis_session', 'sv')).toBe('Krissession')
  })

  it('tells the escalation in words, without its bookkeeping', () => {
    expect(auditDetails({ escalation }, 'sv')).toEqual([
      {
        key: 'escalation',
        label: 'Eskalering',
        text: 'Typ: Eskalering, Från: Allvarlig händelse, Till: Extraordinär händelse, Text: Vattnet räcker inte, Beslutsfattare: Krisledningschef',
      },
    ])
    expect(auditDetails({ escalation }, 'en')[0].text).toBe(
      'Type: Escalation, From: Serious event, To: Extraordinary event, Text: Vattnet räcker inte, Decided by: Krisledningschef',
    )
  })

  it('shows no raw code or other-language word in either language', () => {
    for (const lang of ['sv', 'en'] as const) {
      const shown = [
        ...auditChanges(before, after, lang).flatMap((c) => [c.label, c.before ?? '', c.after ?? '']),
        ...auditChanges(null, before, lang).flatMap((c) => [c.label, c.after ?? '']),
        ...auditDetails({ escalation, snapshot: true, invited: true }, lang).flatMap((d) => [
          d.label,
          d.text,
        ]),
      ]
      const check = wordingCheck(lang, dictionaries, [...termsIn(domain), ...termsIn(crisis)])
      expect(untranslatedTexts(shown, check), lang).toEqual([])
    }
  })
})
