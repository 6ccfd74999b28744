/**
 * A log entry being written: the form keeps every field of every kind, so switching kind midway
 * loses nothing, and sends only the fields the chosen kind has.
 */
import type { LogKind, TaskStatus } from '../../common/crisis.ts'
import { localInputToIso } from './session-format.ts'

export type WritableKind = Exclude<LogKind, 'escalation'>
export const writableKinds: readonly WritableKind[] = [
  'situation_report',
  'decision',
  'task',
  'coordination_need',
  'note',
]

export interface Draft {
  kind: WritableKind
  text: string
  reporter: string
  decidedBy: string
  assignee: string
  /** A `datetime-local` value in Swedish time. */
  due: string
  status: TaskStatus
  /** Actors separated by commas, semicolons or lines. */
  actors: string
  position: [number, number] | null
}

export const emptyDraft = (kind: WritableKind, reporter: string): Draft => ({
  kind,
  text: '',
  reporter,
  decidedBy: '',
  assignee: '',
  due: '',
  status: 'open',
  actors: '',
  position: null,
})

/** The entry a draft becomes (to be checked with `LogEntryInput`): its kind's fields, blanks left out. */
export function entryOfDraft(draft: Draft): Record<string, unknown> {
  const blankless = (s: string) => s.trim() || undefined
  const entry: Record<string, unknown> = { kind: draft.kind, text: draft.text.trim() }
  switch (draft.kind) {
    case 'situation_report':
      entry.reporter = blankless(draft.reporter)
      break
    case 'decision':
      entry.decidedBy = blankless(draft.decidedBy)
      break
    case 'task':
      entry.assignee = blankless(draft.assignee)
      entry.due = localInputToIso(draft.due)
      entry.status = draft.status
      break
    case 'coordination_need': {
      const actors = draft.actors
        .split(/[,;\n]/)
        .map((a) => a.trim())
        .filter(Boolean)
      entry.actors = actors.length ? actors : undefined
      break
    }
    case 'note':
      break
    default: {
      const unknown: never = draft.kind
      return unknown
    }
  }
  if (draft.position) entry.position = draft.position
  for (const key of Object.keys(entry)) if (entry[key] === undefined) delete entry[key]
  return entry
}
