import { describe, expect, it } from 'vitest'
import type { AnnotationRecord, HistoryEntry, LogEntry } from '../../common/crisis.ts'
import { headerAfter, nextStep, openingHeader, playFrom, ReplayCursor, touchedAnnotations } from './replay.ts'
import { formatMoment } from './session-format.ts'

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

  describe('the header as it stood', () => {
    const escalation = (id: string, version: number, from: string, to: string): LogEntry => ({
      ...note(id, version),
      kind: 'escalation',
      from,
      to,
      text: 'reason',
    })
    // As the server records a change of level: the session's change, then the escalation entry.
    const meeting: HistoryEntry[] = [
      ...history.slice(0, 3),
      {
        seq: 4,
        opId: 'op-4',
        at: at(40),
        by: 'krisledare',
        change: { type: 'session', patch: { escalationLevel: 'serious' } },
      },
      {
        seq: 6,
        opId: 'op-6',
        at: at(41),
        by: 'krisledare',
        change: { type: 'log', entry: escalation('e1', 6, 'disturbance', 'serious') },
      },
      {
        seq: 7,
        opId: 'op-7',
        at: at(42),
        by: 'krisledare',
        change: { type: 'session', patch: { agendaStep: 'roll_call' } },
      },
      {
        seq: 8,
        opId: 'op-8',
        at: at(43),
        by: 'krisledare',
        change: { type: 'session', patch: { title: 'Ny titel' } },
      },
      {
        seq: 9,
        opId: 'op-9',
        at: at(44),
        by: 'krisledare',
        change: { type: 'session', patch: { agendaStep: 'joint_assessment' } },
      },
      {
        seq: 10,
        opId: 'op-10',
        at: at(50),
        by: 'krisledare',
        change: { type: 'session', patch: { escalationLevel: 'extraordinary' } },
      },
      {
        seq: 11,
        opId: 'op-11',
        at: at(50),
        by: 'krisledare',
        change: { type: 'log', entry: escalation('e2', 11, 'serious', 'extraordinary') },
      },
      {
        seq: 12,
        opId: 'op-12',
        at: at(55),
        by: 'krisledare',
        change: { type: 'session', patch: { status: 'closed', closedAt: at(55) } },
      },
    ]
    const now = {
      escalationLevel: 'extraordinary',
      agendaStep: 'joint_assessment',
      status: 'closed',
    } as const

    it('opens at the level the first change of level started from, with no agenda step, open', () => {
      expect(openingHeader(meeting, now)).toEqual({
        escalationLevel: 'disturbance',
        agendaStep: null,
        status: 'open',
      })
      // A level that never changed is the level the session has now.
      expect(openingHeader(history.slice(0, 3), now).escalationLevel).toBe('extraordinary')
    })

    it('gives the level, agenda step and log at each seq', () => {
      const cursor = new ReplayCursor(meeting, now)
      const atSeq = (seq: number) => cursor.frame(cursor.stepOfSeq(seq))
      expect(atSeq(0).header).toEqual({ escalationLevel: 'disturbance', agendaStep: null, status: 'open' })
      expect(atSeq(3).header.escalationLevel).toBe('disturbance')
      expect(atSeq(4).header.escalationLevel).toBe('serious')
      expect(atSeq(7).header).toEqual({ escalationLevel: 'serious', agendaStep: 'roll_call', status: 'open' })
      // A change of title keeps the agenda step.
      expect(atSeq(8).header.agendaStep).toBe('roll_call')
      expect(atSeq(9).header.agendaStep).toBe('joint_assessment')
      expect(atSeq(10).header.escalationLevel).toBe('extraordinary')
      expect(
        atSeq(11)
          .log.map((e) => e.id)
          .sort(),
      ).toEqual(['e1', 'e2', 'n'])
      expect(
        atSeq(6)
          .log.map((e) => e.id)
          .sort(),
      ).toEqual(['e1', 'n'])
      expect(atSeq(12).header).toEqual(now)
      // Going back starts over from the opening header.
      expect(atSeq(5).header).toEqual({ escalationLevel: 'serious', agendaStep: null, status: 'open' })
      expect(atSeq(1).log).toEqual([])
    })

    it('takes the level from an escalation entry logged without a session change', () => {
      const header = { escalationLevel: 'disturbance', agendaStep: null, status: 'open' } as const
      const logged = meeting.find((h) => h.seq === 6)
      if (!logged) throw new Error('no escalation entry')
      expect(headerAfter(header, logged).escalationLevel).toBe('serious')
      expect(headerAfter(header, history[0])).toBe(header)
    })

    it('an agenda step cleared by the chair reads as none', () => {
      const cleared: HistoryEntry = {
        seq: 13,
        opId: 'op-13',
        at: at(56),
        by: 'krisledare',
        change: { type: 'session', patch: { agendaStep: null } },
      }
      expect(headerAfter({ ...now }, cleared).agendaStep).toBeNull()
    })
  })

  it('dates the slider ends when the session spans several days', () => {
    expect(formatMoment('2026-11-12T05:45:00Z', 'sv', true)).toBe('12 nov 06:45')
    expect(formatMoment('2026-11-24T06:09:00Z', 'en', true)).toBe('24 Nov 07:09')
    expect(formatMoment('2026-11-24T06:09:00Z', 'sv', false)).toBe('07:09')
  })
})
