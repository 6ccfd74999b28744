/**
 * Filtering the session log (*loggen*): by kind of entry, by task status, by author and by free
 * text. The log panel shows what this returns, newest first, so a staff member finds the open
 * tasks or one organisation's situation reports in a log of hundreds of entries.
 */

import { type LogEntry, type LogKind, type TaskStatus, unfinishedStatuses } from '../../common/crisis.ts'
import { isOverdue as overdueAt } from '../../common/crisis-report.ts'

/** `unfinished` is every task still to be done: open or in progress. */
export type StatusFilter = TaskStatus | 'unfinished' | ''

export interface LogFilter {
  /** The kinds shown; empty shows every kind. */
  kinds: readonly LogKind[]
  /** Only tasks in this state (other entries drop out); empty shows everything. */
  status: StatusFilter
  /** The author's username; empty shows every author. */
  author: string
  /** Free text, matched case-insensitively against the entry's words and the people it names. */
  text: string
}

export const emptyLogFilter: LogFilter = { kinds: [], status: '', author: '', text: '' }

export function isFiltered(filter: LogFilter): boolean {
  return filter.kinds.length > 0 || filter.status !== '' || filter.author !== '' || filter.text.trim() !== ''
}

export { unfinishedStatuses }

function statusMatches(entry: LogEntry, status: StatusFilter): boolean {
  if (status === '') return true
  if (entry.kind !== 'task') return false
  const current = entry.status ?? 'open'
  return status === 'unfinished' ? unfinishedStatuses.includes(current) : current === status
}

/** The words of an entry a free-text search looks in, lower-cased. */
function searchableText(entry: LogEntry, names: ReadonlyMap<string, string>): string {
  return [
    entry.text,
    entry.reporter,
    entry.decidedBy,
    entry.assignee,
    ...(entry.actors ?? []),
    entry.from,
    entry.to,
    entry.createdBy,
    names.get(entry.createdBy),
  ]
    .filter((part): part is string => typeof part === 'string')
    .join('\n')
    .toLocaleLowerCase('sv')
}

/**
 * The entries that pass the filter, newest first (by creation, then by sequence, so entries written
 * in the same second keep the room's order).
 *
 * @param names display names by username, so "Kim" finds what krisledare wrote.
 */
export function filterLog(
  entries: Iterable<LogEntry>,
  filter: LogFilter,
  names: ReadonlyMap<string, string> = new Map(),
): LogEntry[] {
  const words = filter.text.trim().toLocaleLowerCase('sv').split(/\s+/).filter(Boolean)
  const kept: LogEntry[] = []
  for (const entry of entries) {
    if (filter.kinds.length > 0 && !filter.kinds.includes(entry.kind)) continue
    if (!statusMatches(entry, filter.status)) continue
    if (filter.author && entry.createdBy !== filter.author) continue
    if (words.length > 0) {
      const haystack = searchableText(entry, names)
      if (!words.every((word) => haystack.includes(word))) continue
    }
    kept.push(entry)
  }
  return kept.sort(newestFirst)
}

export function newestFirst(a: LogEntry, b: LogEntry): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1
  return b.version - a.version
}

/** The authors in a log, for the author filter's choices, in the order of their first entry. */
export function logAuthors(entries: Iterable<LogEntry>): string[] {
  const sorted = [...entries].sort((a, b) => -newestFirst(a, b))
  return [...new Set(sorted.map((e) => e.createdBy))]
}

/** Whether a task is past its due time and still to be done, for a warning colour. */
export function isOverdue(entry: LogEntry, now: Date): boolean {
  return overdueAt(entry, now.getTime())
}
