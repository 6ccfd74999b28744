/**
 * Replay (*uppspelning*): stepping through a session's history from its start, one applied change
 * at a time, to show the map and the log as they stood at that moment. Step 0 is the empty picture
 * before the first change; step n is the picture after the n-th change of the history.
 */
import {
  type AgendaStepId,
  type AnnotationRecord,
  applyHistoryEntry,
  emptyState,
  type HistoryEntry,
  type LogEntry,
  type SessionPatch,
  type SessionState,
  type SessionStatus,
} from '../../common/crisis.ts'

/** What the session header shows of the session itself: its level, agenda step and status. */
export interface SessionHeader {
  escalationLevel: string
  agendaStep: AgendaStepId | null
  status: SessionStatus
}

/**
 * The header before the first change of the history. A session opens without an agenda step and
 * open; its first level is the one the first change of level started from (the escalation log
 * entry says from what), or, when the level never changed, the level it has now.
 */
export function openingHeader(history: readonly HistoryEntry[], current: SessionHeader): SessionHeader {
  const ordered = [...history].sort((a, b) => a.seq - b.seq)
  let escalationLevel = current.escalationLevel
  for (const entry of ordered) {
    const change = entry.change
    if (change.type === 'log' && change.entry.kind === 'escalation' && change.entry.from) {
      escalationLevel = change.entry.from
      break
    }
  }
  return { escalationLevel, agendaStep: null, status: 'open' }
}

/**
 * The header after one change: a session change sets what its patch carries; an escalation log
 * entry sets the level it went to, so a history whose level changes are logged only still reads right.
 */
export function headerAfter(header: SessionHeader, entry: HistoryEntry): SessionHeader {
  const change = entry.change
  switch (change.type) {
    case 'annotations':
      return header
    case 'log':
      return change.entry.kind === 'escalation' && change.entry.to
        ? { ...header, escalationLevel: change.entry.to }
        : header
    case 'session': {
      const { escalationLevel, agendaStep, status } = change.patch
      return {
        escalationLevel: escalationLevel ?? header.escalationLevel,
        agendaStep: agendaStep !== undefined ? agendaStep : header.agendaStep,
        status: status ?? header.status,
      }
    }
    default: {
      const unknown: never = change
      return unknown
    }
  }
}

/** What the replay shows at one step. */
export interface ReplayFrame {
  step: number
  /** The room's seq at this step (0 before the first change). */
  seq: number
  /** When the change of this step was applied; the first change's time at step 0. */
  at: string | null
  /** The change this step applied, absent at step 0. */
  entry: HistoryEntry | null
  annotations: AnnotationRecord[]
  log: LogEntry[]
  session: SessionPatch
  /** The level, agenda step and status as they stood at this step. */
  header: SessionHeader
}

/** The ids of the annotations a change touched, to highlight them while replaying. */
export function touchedAnnotations(entry: HistoryEntry | null): string[] {
  if (entry?.change.type !== 'annotations') return []
  return [...entry.change.put.map((a) => a.id), ...entry.change.remove]
}

/**
 * Folds the history forward step by step and starts over only when asked to go back, so playing
 * through a long session costs one pass instead of one pass per step.
 */
export class ReplayCursor {
  private readonly history: readonly HistoryEntry[]
  private state: SessionState = emptyState()
  private applied = 0
  private readonly opening: SessionHeader
  private header: SessionHeader

  /** `current` is the session as it is now, for what the history does not say (its first level). */
  constructor(
    history: readonly HistoryEntry[],
    current: SessionHeader = { escalationLevel: '', agendaStep: null, status: 'open' },
  ) {
    this.history = [...history].sort((a, b) => a.seq - b.seq)
    this.opening = openingHeader(this.history, current)
    this.header = this.opening
  }

  /** The number of steps after the start (the number of changes). */
  get steps(): number {
    return this.history.length
  }

  get startedAt(): string | null {
    return this.history[0]?.at ?? null
  }

  get endedAt(): string | null {
    return this.history[this.history.length - 1]?.at ?? null
  }

  /** The step showing the picture at a seq: after every change with that seq or lower. */
  stepOfSeq(seq: number): number {
    let step = 0
    while (step < this.history.length && this.history[step].seq <= seq) step += 1
    return step
  }

  /** The last step whose change was applied at or before a time. */
  stepAtTime(time: string | number): number {
    const limit = typeof time === 'number' ? time : Date.parse(time)
    let step = 0
    while (step < this.history.length && Date.parse(this.history[step].at) <= limit) step += 1
    return step
  }

  frame(step: number): ReplayFrame {
    const target = Math.max(0, Math.min(this.history.length, Math.trunc(step)))
    if (target < this.applied) {
      this.state = emptyState()
      this.header = this.opening
      this.applied = 0
    }
    while (this.applied < target) {
      applyHistoryEntry(this.state, this.history[this.applied])
      this.header = headerAfter(this.header, this.history[this.applied])
      this.applied += 1
    }
    const entry = target > 0 ? this.history[target - 1] : null
    return {
      step: target,
      seq: entry?.seq ?? 0,
      at: entry?.at ?? this.startedAt,
      entry,
      annotations: [...this.state.annotations.values()],
      log: [...this.state.log.values()],
      session: { ...this.state.session },
      header: this.header,
    }
  }
}

/** The step after `step` while playing, or null when the replay has reached the end. */
export function nextStep(step: number, steps: number): number | null {
  return step < steps ? step + 1 : null
}

/** Pressing play at the end starts over from the beginning, as media players do. */
export function playFrom(step: number, steps: number): number {
  return step >= steps ? 0 : step
}

/** A frame as the session map shows a past picture (`CrisisMap.showState`). */
export function stateOfFrame(frame: ReplayFrame): SessionState {
  return {
    seq: frame.seq,
    annotations: new Map(frame.annotations.map((a) => [a.id, a])),
    log: new Map(frame.log.map((e) => [e.id, e])),
    session: frame.session,
  }
}
