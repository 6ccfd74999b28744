/**
 * The socket.io events of a crisis session on namespace `/live`, typing both ends. Commands are in
 * the present (`annotation:push`) and answer through an acknowledgement; broadcasts are in the past
 * (`annotation:applied`) and reach the other members of the room.
 */
import type {
  AnnotationChange,
  AnnotationRecord,
  ChangeAuthor,
  LogEntry,
  LogEntryInput,
  PresenceState,
  PresenceUpdate,
  RosterEntry,
  SessionDetail,
  Snapshot,
  TaskPatch,
} from './crisis.ts'

/** Every refusal: a code from `common/errors.ts` and a message a person can act on. */
export interface AckError {
  ok: false
  error: { code: string; message: string; details?: unknown }
}
export type Ack<T extends object = Record<never, never>> = ({ ok: true } & T) | AckError

export interface JoinRequest {
  sessionId: string
  /** The last seq this client saw; the answer holds only what changed after it. */
  sinceSeq?: number
}

export type JoinAck = Ack<{
  seq: number
  /** Rows changed after `sinceSeq` (all when absent), tombstones included (`deleted: true`). */
  annotations: AnnotationRecord[]
  log: LogEntry[]
  participants: RosterEntry[]
  session: SessionDetail
  /** True when `sinceSeq` was ahead of the room (a restored database): the client starts over. */
  reset?: boolean
}>

/**
 * `at`: when the room applied the change (ISO). Optional so that older servers still fit; with it
 * the pushing client stamps its own records with the same updatedAt as everyone else gets.
 */
export type SeqAck = Ack<{ seq: number; at?: string }>

export interface ClientToServerEvents {
  'session:join': (request: JoinRequest, ack: (answer: JoinAck) => void) => void
  'session:leave': (ack?: (answer: Ack) => void) => void
  'annotation:push': (push: { opId: string; change: AnnotationChange }, ack: (answer: SeqAck) => void) => void
  'log:append': (
    append: { opId: string; entry: LogEntryInput },
    ack: (answer: Ack<{ seq: number; entry: LogEntry }>) => void,
  ) => void
  'log:update': (
    update: { opId: string; id: string; patch: TaskPatch },
    ack: (answer: Ack<{ seq: number; entry: LogEntry }>) => void,
  ) => void
  'presence:update': (presence: PresenceUpdate) => void
  /** Take (`on: true`) or hand back (`on: false`) the presenter's role. */
  'presenter:set': (
    request: { on: boolean },
    ack: (answer: Ack<{ presenterId: string | null }>) => void,
  ) => void
}

export interface ServerToClientEvents {
  /** Annotation puts arrive as the full records the room applied, with version = seq. */
  'annotation:applied': (applied: {
    seq: number
    change: { put: AnnotationRecord[]; remove: string[] }
    by: ChangeAuthor
  }) => void
  'log:appended': (appended: { seq: number; entry: LogEntry; by: ChangeAuthor }) => void
  'log:updated': (updated: { seq: number; entry: LogEntry; by: ChangeAuthor }) => void
  /** The session itself changed: escalation level, agenda step, status, title, participants. */
  /** Rights are each caller's own: a client re-reads `GET /api/sessions/{id}` when participants change. */
  'session:changed': (changed: {
    seq: number
    session: Omit<SessionDetail, 'rights'>
    by: ChangeAuthor
  }) => void
  'presence:changed': (presence: PresenceState) => void
  'participant:joined': (participant: RosterEntry) => void
  'participant:left': (left: { userId: string }) => void
  'presenter:changed': (changed: { presenterId: string | null }) => void
  /** Someone named the picture at a moment; lists of snapshots add it. */
  'snapshot:created': (snapshot: Snapshot) => void
}
