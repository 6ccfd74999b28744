/**
 * What changed between two saved situation pictures (*ögonblicksbilder*): the annotations added,
 * changed and removed since the snapshot before the chosen one (or since the start of the session
 * for the first), and the log entries written in between.
 */
import {
  type AnnotationDiff,
  diffAnnotations,
  type HistoryEntry,
  type LogEntry,
  type Snapshot,
  stateAt,
} from '../../common/crisis.ts'

export interface SnapshotComparison {
  snapshot: Snapshot
  /** The snapshot compared against; null for the first, which is compared with the empty start. */
  previous: Snapshot | null
  diff: AnnotationDiff
  /** Log entries created or updated after the previous snapshot, up to this one. */
  log: LogEntry[]
}

/** Snapshots in the order of the situation they hold (seq), then of when they were saved. */
export function snapshotOrder(a: Snapshot, b: Snapshot): number {
  return a.seq - b.seq || a.createdAt.localeCompare(b.createdAt)
}

export function compareSnapshot(
  history: readonly HistoryEntry[],
  snapshots: readonly Snapshot[],
  snapshotId: string,
): SnapshotComparison | null {
  const ordered = [...snapshots].sort(snapshotOrder)
  const index = ordered.findIndex((s) => s.id === snapshotId)
  if (index < 0) return null
  const snapshot = ordered[index]
  const previous = index > 0 ? ordered[index - 1] : null
  const before = stateAt(history, previous?.seq ?? 0)
  const after = stateAt(history, snapshot.seq)
  const from = previous?.seq ?? 0
  const log = [...after.log.values()]
    .filter((entry) => entry.version > from)
    .sort((a, b) => a.version - b.version)
  return { snapshot, previous, diff: diffAnnotations(before.annotations, after.annotations), log }
}

/** The ids to highlight on the map, by what happened to them. */
export function highlightIds(diff: AnnotationDiff): {
  added: string[]
  changed: string[]
  removed: string[]
} {
  return {
    added: diff.added.map((a) => a.id),
    changed: diff.changed.map((c) => c.after.id),
    removed: diff.removed.map((a) => a.id),
  }
}
