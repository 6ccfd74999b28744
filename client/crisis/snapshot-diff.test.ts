import { describe, expect, it } from 'vitest'
import {
  type AnnotationRecord,
  type HistoryEntry,
  type Snapshot,
  sameSnapshotName,
  uniqueSnapshotName,
} from '../../common/crisis.ts'
import { compareSnapshot, highlightIds } from './snapshot-diff.ts'

const record = (id: string, version: number): AnnotationRecord => ({
  id,
  kind: 'point',
  geometry: { type: 'Point', coordinates: [16, 58] },
  properties: { label: `${id}@${version}` },
  version,
  createdBy: 'krisledare',
  createdAt: '2026-11-20T07:00:00Z',
  updatedBy: 'krisledare',
  updatedAt: '2026-11-20T07:00:00Z',
})
const put = (seq: number, ...records: AnnotationRecord[]): HistoryEntry => ({
  seq,
  opId: `op-${seq}`,
  at: '2026-11-20T07:00:00Z',
  by: 'krisledare',
  change: { type: 'annotations', put: records, remove: [] },
})
const history: HistoryEntry[] = [
  put(1, record('a', 1)),
  put(2, record('b', 2)),
  {
    seq: 3,
    opId: 'op-3',
    at: '2026-11-20T07:05:00Z',
    by: 'polis',
    change: {
      type: 'log',
      entry: {
        id: 'log-1',
        kind: 'note',
        text: 'Nytt',
        version: 3,
        createdBy: 'polis',
        createdAt: '2026-11-20T07:05:00Z',
        updatedBy: 'polis',
        updatedAt: '2026-11-20T07:05:00Z',
      },
    },
  },
  put(4, record('a', 4), record('c', 4)),
  {
    seq: 5,
    opId: 'op-5',
    at: '2026-11-20T07:10:00Z',
    by: 'polis',
    change: { type: 'annotations', put: [], remove: ['b'] },
  },
]
const snapshot = (id: string, seq: number, name: string): Snapshot => ({
  id,
  name,
  seq,
  createdBy: 'krisledare',
  createdAt: `2026-11-20T08:0${seq}:00Z`,
})
const snapshots = [snapshot('s2', 5, 'Stabsmöte 2'), snapshot('s1', 2, 'Stabsmöte 1')]

describe('snapshot comparison', () => {
  it('compares the first snapshot with the empty start', () => {
    const first = compareSnapshot(history, snapshots, 's1')
    expect(first?.previous).toBeNull()
    expect(first?.diff.added.map((a) => a.id)).toEqual(['a', 'b'])
    expect(first?.diff.changed).toEqual([])
    expect(first?.log).toEqual([])
  })

  it('lists what was added, changed and removed since the previous snapshot', () => {
    const second = compareSnapshot(history, snapshots, 's2')
    expect(second?.previous?.id).toBe('s1')
    expect(highlightIds(second!.diff)).toEqual({ added: ['c'], changed: ['a'], removed: ['b'] })
    expect(second?.diff.changed[0].before.version).toBe(1)
    expect(second?.log.map((e) => e.id)).toEqual(['log-1'])
  })

  it('answers null for an unknown snapshot', () => {
    expect(compareSnapshot(history, snapshots, 'nope')).toBeNull()
  })
})

describe('snapshot names', () => {
  it('are the same when they differ in case and spacing only', () => {
    expect(sameSnapshotName('Stabsmöte 3, 14:00', '  stabsmöte 3,  14:00')).toBe(true)
    expect(sameSnapshotName('Stabsmöte 3', 'Stabsmöte 4')).toBe(false)
  })

  it('suggest the first free number when a name is taken', () => {
    expect(uniqueSnapshotName('Stabsmöte 3', [])).toBe('Stabsmöte 3')
    expect(uniqueSnapshotName('Stabsmöte 3', ['stabsmöte 3'])).toBe('Stabsmöte 3 (2)')
    expect(uniqueSnapshotName(' Stabsmöte 3 ', ['Stabsmöte 3', 'Stabsmöte 3 (2)'])).toBe('Stabsmöte 3 (3)')
  })
})
