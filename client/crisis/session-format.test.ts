import { describe, expect, it } from 'vitest'
import { defaultEscalationLevels } from '../../common/domain.ts'
import {
  escalationName,
  escalationTone,
  eventTypeName,
  eventTypeValue,
  formatClock,
  isoToLocalInput,
  localInputToIso,
} from './session-format.ts'

describe('session format', () => {
  it('names escalation levels and grades their tone', () => {
    expect(escalationName(defaultEscalationLevels, 'serious', 'sv')).toBe('Allvarlig händelse')
    expect(escalationName(defaultEscalationLevels, 'serious', 'en')).toBe('Serious event')
    expect(escalationName(defaultEscalationLevels, 'gone', 'sv')).toBe('gone')
    expect(defaultEscalationLevels.map((l) => escalationTone(defaultEscalationLevels, l.id))).toEqual([
      0, 1, 2, 3,
    ])
    expect(escalationTone(defaultEscalationLevels, 'gone')).toBe(0)
  })

  it('reads event types as terms or free text', () => {
    expect(eventTypeName('power_cut', 'sv')).toBe('Elavbrott')
    expect(eventTypeName('Gasläcka', 'en')).toBe('Gasläcka')
    expect(eventTypeValue('elavbrott')).toBe('power_cut')
    expect(eventTypeValue('Flood')).toBe('flood')
    expect(eventTypeValue('  Gasläcka ')).toBe('Gasläcka')
    expect(eventTypeValue('  ')).toBeUndefined()
  })

  it('shows times in Swedish time', () => {
    expect(formatClock('2026-11-20T05:40:00Z', 'sv')).toBe('06:40')
    expect(formatClock('2026-07-01T12:00:00Z', 'en')).toBe('14:00')
    expect(formatClock('nonsense', 'sv')).toBe('–')
  })

  it('turns a local input into an instant and back, in winter and in summer', () => {
    expect(localInputToIso('2026-11-20T14:00')).toBe('2026-11-20T13:00:00.000Z')
    expect(localInputToIso('2026-07-01T14:00')).toBe('2026-07-01T12:00:00.000Z')
    expect(isoToLocalInput('2026-11-20T13:00:00.000Z')).toBe('2026-11-20T14:00')
    expect(isoToLocalInput('2026-07-01T12:00:00Z')).toBe('2026-07-01T14:00')
    expect(localInputToIso('20 nov')).toBeUndefined()
  })
})
