import { describe, expect, it } from 'vitest'
import type { AnnotationRecord, HistoryEntry, LogEntry } from '../../common/crisis.ts'
import { nextStep, playFrom, ReplayCursor, touchedAnnotations } from './replay.ts'

const record = (id: string, version: number, label: string): AnnotationRecord => ({
  id,
  kind: 'point',
  geometry: { type: 'Point', coordinates: [16, 58] },
  properties: { label },
  version,
  createdBy: 'krisledare',
  createdAt: '2026-11-20T06:45:00Z',
  updatedBy: 'krisledare',
  updatedAt: '2026-11-20T06:45:00Z',
})
const note = (id: string, version: number): LogEntry => ({
  id,
  kind: 'note',
  text: `note ${id}`,
  version,
  createdBy: 'krisledare',
  createdAt: '2026-11-20T06:50:00Z',
  updatedBy: 'krisledare',
  updatedAt: '2026-11-20T06:50:00Z',
})
const at = (minute: number) => `2026-11-20T07:${String(minute).padStart(2, '0')}:00.000Z`

// Out of order on purpose: the cursor sorts by seq.
const history: HistoryEntry[] = [
  { seq: 3, opId: 'op-3', at: at(30), by: 'polis', change: { type: 'annotations', put: [], remove: ['a'] } },
  {
    seq: 1,
    opId: 'op-1',
    at: at(10),
    by: 'krisledare',
    change: { type: 'annotations', put: [record('a', 1, 'A')], remove: [] },
  },
  { seq: 2, opId: 'op-2', at: at(20), by: 'krisledare', change: { type: 'log', entry: note('n', 2) } },
  {
    seq: 4,
    opId: 'op-4',
    at: at(40),
    by: 'krisledare',
    change: { type: 'session', patch: { escalationLevel: 'serious' } },
  },
  {
    seq: 5,
    opId: 'op-5',
    at: at(50),
    by: 'krisledare',
    change: { type: 'annotations', put: [record('b', 5, 'B')], remove: [] },
  },
]

describe('replay', () => {
  it('starts from the empty picture', () => {
    const cursor = new ReplayCursor(history)
    expect(cursor.steps).toBe(5)
    const start = cursor.frame(0)
    expect(start).toMatchObject({ step: 0, seq: 0, entry: null, annotations: [], log: [], at: at(10) })
  })

  it('steps forward through the changes in seq order', () => {
    const cursor = new ReplayCursor(history)
    expect(cursor.frame(1).annotations.map((a) => a.id)).toEqual(['a'])
    const two = cursor.frame(2)
    expect(two.log.map((e) => e.id)).toEqual(['n'])
    expect(two.seq).toBe(2)
    expect(cursor.frame(3).annotations).toEqual([])
    const end = cursor.frame(5)
    expect(end.annotations.map((a) => a.id)).toEqual(['b'])
    expect(end.session).toEqual({ escalationLevel: 'serious' })
    expect(end.at).toBe(at(50))
  })

  it('goes back by starting over', () => {
    const cursor = new ReplayCursor(history)
    cursor.frame(5)
    const back = cursor.frame(1)
    expect(back.annotations.map((a) => a.properties.label)).toEqual(['A'])
    expect(back.log).toEqual([])
    expect(back.session).toEqual({})
  })

  it('clamps steps outside the history', () => {
    const cursor = new ReplayCursor(history)
    expect(cursor.frame(-3).step).toBe(0)
    expect(cursor.frame(99).step).toBe(5)
    expect(cursor.frame(2.7).step).toBe(2)
  })

  it('gives frames that later steps do not change', () => {
    const cursor = new ReplayCursor(history)
    const one = cursor.frame(1)
    cursor.frame(3)
    expect(one.annotations.map((a) => a.id)).toEqual(['a'])
  })

  it('finds the step of a seq and of a time', () => {
    const cursor = new ReplayCursor(history)
    expect(cursor.stepOfSeq(0)).toBe(0)
    expect(cursor.stepOfSeq(2)).toBe(2)
    expect(cursor.stepOfSeq(99)).toBe(5)
    expect(cursor.stepAtTime(at(25))).toBe(2)
    expect(cursor.stepAtTime(at(5))).toBe(0)
  })

  it('names the annotations a step touched', () => {
    const cursor = new ReplayCursor(history)
    expect(touchedAnnotations(cursor.frame(1).entry)).toEqual(['a'])
    expect(touchedAnnotations(cursor.frame(3).entry)).toEqual(['a'])
    expect(touchedAnnotations(cursor.frame(2).entry)).toEqual([])
    expect(touchedAnnotations(null)).toEqual([])
  })

  it('plays to the end and starts over from there', () => {
    expect(nextStep(0, 5)).toBe(1)
    expect(nextStep(5, 5)).toBeNull()
    expect(playFrom(5, 5)).toBe(0)
    expect(playFrom(2, 5)).toBe(2)
  })

  it('handles an empty history', () => {
    const cursor = new ReplayCursor([])
    expect(cursor.frame(3)).toMatchObject({ step: 0, seq: 0, at: null, entry: null })
    expect(cursor.startedAt).toBeNull()
  })
})
