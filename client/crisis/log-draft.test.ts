import { describe, expect, it } from 'vitest'
import { LogEntryInput } from '../../common/crisis.ts'
import { emptyDraft, entryOfDraft } from './log-draft.ts'

describe('log draft', () => {
  it('sends only the fields of the chosen kind', () => {
    const draft = {
      ...emptyDraft('decision', 'Polisen'),
      text: '  Öppna trygghetspunkt ',
      decidedBy: 'Krisledningschef',
      assignee: 'left over from a task',
    }
    expect(entryOfDraft(draft)).toEqual({
      kind: 'decision',
      text: 'Öppna trygghetspunkt',
      decidedBy: 'Krisledningschef',
    })
  })

  it('makes a task the server accepts, with its due time in Swedish time', () => {
    const entry = entryOfDraft({
      ...emptyDraft('task', ''),
      text: 'Bemanna trygghetspunkten',
      assignee: 'FRG',
      due: '2026-11-20T10:00',
      status: 'in_progress',
      position: [16.18, 58.59],
    })
    expect(entry).toEqual({
      kind: 'task',
      text: 'Bemanna trygghetspunkten',
      assignee: 'FRG',
      due: '2026-11-20T09:00:00.000Z',
      status: 'in_progress',
      position: [16.18, 58.59],
    })
    expect(LogEntryInput.safeParse(entry).success).toBe(true)
  })

  it('leaves a task without assignee for the schema to refuse', () => {
    const entry = entryOfDraft({ ...emptyDraft('task', ''), text: 'Något' })
    const parsed = LogEntryInput.safeParse(entry)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0].path).toEqual(['assignee'])
  })

  it('splits the actors of a coordination need', () => {
    const entry = entryOfDraft({
      ...emptyDraft('coordination_need', ''),
      text: 'Bränsle',
      actors: 'Omsorgen, Energi;  ,Drivmedel',
    })
    expect(entry.actors).toEqual(['Omsorgen', 'Energi', 'Drivmedel'])
    expect(LogEntryInput.safeParse(entry).success).toBe(true)
  })

  it('keeps the reporter of a situation report and drops a blank one', () => {
    expect(entryOfDraft({ ...emptyDraft('situation_report', 'Polisen'), text: 'Lugnt' }).reporter).toBe(
      'Polisen',
    )
    expect(entryOfDraft({ ...emptyDraft('situation_report', '  '), text: 'Lugnt' })).not.toHaveProperty(
      'reporter',
    )
  })
})
