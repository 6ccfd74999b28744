import { describe, expect, it } from 'vitest'
import type { AnnotationRecord, LogEntry } from './crisis.ts'
import {
  annotationColour,
  FALLBACK_ANNOTATION_COLOUR,
  isOverdue,
  numberAnnotations,
  reportMoment,
  reportSections,
} from './crisis-report.ts'

const annotation = (id: string, createdAt: string, version = 1): AnnotationRecord => ({
  id,
  kind: 'point',
  geometry: { type: 'Point', coordinates: [16.1, 58.6] },
  properties: {},
  version,
  createdBy: 'krisledare',
  createdAt,
  updatedBy: 'krisledare',
  updatedAt: createdAt,
})

let version = 0
const entry = (fields: Partial<LogEntry> & Pick<LogEntry, 'kind' | 'createdAt'>): LogEntry => {
  version += 1
  return {
    id: `e${String(version).padStart(2, '0')}`,
    text: 't',
    version,
    createdBy: 'k',
    updatedBy: 'k',
    updatedAt: fields.createdAt,
    ...fields,
  }
}

describe('numberAnnotations', () => {
  it('numbers in the order drawn, leaving tombstones out', () => {
    const numbered = numberAnnotations([
      annotation('a', '2026-11-20T07:20:00Z'),
      annotation('b', '2026-11-20T07:10:00Z'),
      annotation('c', '2026-11-20T07:00:00Z'),
      { ...annotation('d', '2026-11-20T06:00:00Z'), deleted: true },
    ])
    expect(numbered.map((n) => [n.number, n.annotation.id])).toEqual([
      [1, 'c'],
      [2, 'b'],
      [3, 'a'],
    ])
  })

  it('breaks a tie in time by id, so an edit (a new version) never renumbers the map', () => {
    const same = '2026-11-20T07:00:00Z'
    const before = numberAnnotations([annotation('y', same, 1), annotation('x', same, 2)])
    const edited = numberAnnotations([annotation('y', same, 9), annotation('x', same, 2)])
    expect(before.map((n) => n.annotation.id)).toEqual(['x', 'y'])
    expect(edited.map((n) => n.annotation.id)).toEqual(['x', 'y'])
  })

  it('compares instants, not strings: the same time written with an offset ties', () => {
    const numbered = numberAnnotations([
      annotation('b', '2026-11-20T08:00:00+01:00'),
      annotation('a', '2026-11-20T07:00:00.000Z'),
      annotation('c', '2026-11-20T06:59:59Z'),
    ])
    expect(numbered.map((n) => n.annotation.id)).toEqual(['c', 'a', 'b'])
  })
})

describe('reportSections', () => {
  it('orders the log, keeps unfinished tasks soonest due first and counts the closed ones', () => {
    const decision = entry({ kind: 'decision', createdAt: '2026-11-20T07:05:00Z' })
    const late = entry({
      kind: 'task',
      createdAt: '2026-11-20T07:01:00Z',
      status: 'open',
      due: '2026-11-20T12:00:00Z',
    })
    const soon = entry({
      kind: 'task',
      createdAt: '2026-11-20T07:02:00Z',
      status: 'in_progress',
      due: '2026-11-20T09:00:00Z',
    })
    const undated = entry({ kind: 'task', createdAt: '2026-11-20T07:00:00Z' })
    const alsoUndated = entry({ kind: 'task', createdAt: '2026-11-20T07:04:00Z' })
    const done = entry({ kind: 'task', createdAt: '2026-11-20T07:03:00Z', status: 'done' })
    const cancelled = entry({ kind: 'task', createdAt: '2026-11-20T07:03:30Z', status: 'cancelled' })
    const escalation = entry({
      kind: 'escalation',
      createdAt: '2026-11-20T06:50:00Z',
      from: 'normal',
      to: 'serious',
    })
    const sections = reportSections([decision, late, alsoUndated, soon, undated, done, cancelled, escalation])
    expect(sections.log.map((e) => e.id)).toEqual(
      [escalation, undated, late, soon, done, cancelled, alsoUndated, decision].map((e) => e.id),
    )
    expect(sections.decisions).toEqual([decision])
    expect(sections.openTasks).toEqual([soon, late, undated, alsoUndated])
    expect(sections.closedTaskCount).toBe(2)
    expect(sections.escalations).toEqual([escalation])
  })
})

describe('isOverdue', () => {
  const task = entry({ kind: 'task', createdAt: '2026-11-20T07:00:00Z', due: '2026-11-20T09:00:00Z' })
  const at = (iso: string) => Date.parse(iso)
  it('is a task still to be done whose due time has passed at the report’s moment', () => {
    expect(isOverdue(task, at('2026-11-20T09:00:01Z'))).toBe(true)
    expect(isOverdue(task, at('2026-11-20T09:00:00Z'))).toBe(false)
    expect(isOverdue({ ...task, status: 'in_progress' }, at('2026-11-21T00:00:00Z'))).toBe(true)
    expect(isOverdue({ ...task, status: 'done' }, at('2026-11-21T00:00:00Z'))).toBe(false)
    expect(isOverdue({ ...task, due: null }, at('2026-11-21T00:00:00Z'))).toBe(false)
    expect(isOverdue({ ...task, kind: 'decision' }, at('2026-11-21T00:00:00Z'))).toBe(false)
  })
})

describe('annotationColour', () => {
  it('gives a point its symbol’s colour whatever it stores; everything else its own, else the default', () => {
    // A seeded command post once carried the pen's orange: the symbol's navy wins, as in the flyout.
    expect(annotationColour('point', { color: '#ff7f0e', symbol: 'command_post' })).toBe('#1c3d7a')
    expect(annotationColour('point', { color: '#123456', symbol: 'no_such_symbol' } as never)).toBe('#123456')
    expect(annotationColour('polygon', { color: '#123456', symbol: 'fire' })).toBe('#123456')
    expect(annotationColour('text', {})).toBe(FALLBACK_ANNOTATION_COLOUR)
    expect(annotationColour('point', { symbol: 'no_such_symbol' } as never)).toBe(FALLBACK_ANNOTATION_COLOUR)
  })
})

describe('reportMoment', () => {
  const base = {
    current: false,
    snapshotAt: null,
    lastChangeAt: '2026-11-20T08:00:00Z',
    printedAt: '2026-11-20T10:00:00Z',
  }
  it('is the snapshot’s time, now for the current picture, else the last change shown', () => {
    expect(reportMoment({ ...base, snapshotAt: '2026-11-20T07:00:00Z' })).toBe('2026-11-20T07:00:00Z')
    expect(reportMoment({ ...base, current: true })).toBe('2026-11-20T10:00:00Z')
    expect(reportMoment(base)).toBe('2026-11-20T08:00:00Z')
  })
})
