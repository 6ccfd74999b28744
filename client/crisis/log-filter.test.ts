import { describe, expect, it } from 'vitest'
import type { LogEntry } from '../../common/crisis.ts'
import { emptyLogFilter, filterLog, isFiltered, isOverdue, logAuthors } from './log-filter.ts'

let version = 0
function entry(fields: Partial<LogEntry> & Pick<LogEntry, 'kind' | 'text'>): LogEntry {
  version += 1
  const at = `2026-11-20T0${Math.min(9, version)}:00:00.000Z`
  return {
    id: `id-${version}`,
    version,
    createdBy: 'krisledare',
    createdAt: at,
    updatedBy: 'krisledare',
    updatedAt: at,
    ...fields,
  }
}

const report = entry({ kind: 'situation_report', text: 'Elavbrott i centrum', reporter: 'Energibolaget' })
const decision = entry({ kind: 'decision', text: 'Öppna trygghetspunkter', decidedBy: 'Krisledningschef' })
const openTask = entry({ kind: 'task', text: 'Bemanna punkterna', assignee: 'FRG', status: 'open' })
const busyTask = entry({
  kind: 'task',
  text: 'Kontrollera reservkraft',
  assignee: 'Omsorgen',
  status: 'in_progress',
  createdBy: 'polis',
})
const doneTask = entry({ kind: 'task', text: 'Informera allmänheten', assignee: 'KLF', status: 'done' })
const need = entry({ kind: 'coordination_need', text: 'Bränsle', actors: ['Drivmedel AB', 'Omsorgen'] })
const all = [report, decision, openTask, busyTask, doneTask, need]

describe('log filter', () => {
  it('shows everything newest first when nothing is chosen', () => {
    expect(filterLog(all, emptyLogFilter).map((e) => e.id)).toEqual(
      [need, doneTask, busyTask, openTask, decision, report].map((e) => e.id),
    )
    expect(isFiltered(emptyLogFilter)).toBe(false)
  })

  it('filters by kind', () => {
    const kept = filterLog(all, { ...emptyLogFilter, kinds: ['decision', 'situation_report'] })
    expect(kept).toEqual([decision, report])
  })

  it('filters tasks by status, unfinished meaning open or in progress', () => {
    expect(filterLog(all, { ...emptyLogFilter, status: 'unfinished' })).toEqual([busyTask, openTask])
    expect(filterLog(all, { ...emptyLogFilter, status: 'done' })).toEqual([doneTask])
    expect(filterLog(all, { ...emptyLogFilter, status: 'cancelled' })).toEqual([])
  })

  it('filters by author', () => {
    expect(filterLog(all, { ...emptyLogFilter, author: 'polis' })).toEqual([busyTask])
  })

  it('finds free text in any field, every word, in any case', () => {
    expect(filterLog(all, { ...emptyLogFilter, text: 'omsorgen' })).toEqual([need, busyTask])
    expect(filterLog(all, { ...emptyLogFilter, text: 'KRISLEDNINGSCHEF trygghet' })).toEqual([decision])
    expect(filterLog(all, { ...emptyLogFilter, text: 'energibolaget' })).toEqual([report])
  })

  it('finds an author by display name', () => {
    const names = new Map([['polis', 'Per Polis (demo)']])
    expect(filterLog(all, { ...emptyLogFilter, text: 'per polis' }, names)).toEqual([busyTask])
  })

  it('combines the filters', () => {
    const filter = {
      kinds: ['task' as const],
      status: 'unfinished' as const,
      author: 'krisledare',
      text: 'bemanna',
    }
    expect(filterLog(all, filter)).toEqual([openTask])
    expect(isFiltered(filter)).toBe(true)
  })

  it('lists the authors in the order they first wrote', () => {
    expect(logAuthors(all)).toEqual(['krisledare', 'polis'])
  })

  it('knows an unfinished task past its time', () => {
    const due = { ...openTask, due: '2026-11-20T10:00:00.000Z' }
    expect(isOverdue(due, new Date('2026-11-20T11:00:00Z'))).toBe(true)
    expect(isOverdue(due, new Date('2026-11-20T09:00:00Z'))).toBe(false)
    expect(isOverdue({ ...due, status: 'done' }, new Date('2026-11-20T11:00:00Z'))).toBe(false)
    expect(isOverdue(decision, new Date('2030-01-01T00:00:00Z'))).toBe(false)
  })
})
