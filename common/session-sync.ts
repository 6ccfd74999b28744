/**
 * SessionSync: the client side of a live crisis session. One plain class that the
 * browser, the bench and the cluster test all run, over any socket that looks like socket.io's.
 *
 * ```ts
 * const sync = new SessionSync({ sessionId, user: { userId, username } })
 * sync.on('annotations', (annotations, changedIds) => map.render(annotations))
 * sync.on('refused', (r) => toast(r.error.message))
 * sync.attach(io('/live', { withCredentials: true }))   // joins at once, or when it connects
 * sync.push({ put: [{ id: crypto.randomUUID(), kind: 'point', geometry, properties }] })
 * sync.undo(); sync.redo()
 * sync.appendLog({ kind: 'decision', text: 'Öppna trygghetspunkt i Navestad' })
 * sync.updatePresence({ cursor: [16.18, 58.59] })           // throttled; laser: { laser: [...] }
 * sync.attach(otherSocket)                                  // move to another process: re-join, resend
 * sync.close()
 * ```
 *
 * Reading: `annotations()` (the visible picture: confirmed plus pending, without tombstones),
 * `confirmedAnnotations()` (the server's picture, tombstones included), `log()`, `session()`,
 * `roster()`, `presence()`, `presenterId()`, `status()`, `seq()`, `pendingCount()`,
 * `isPending(id)`, `canUndo()`, `canRedo()`.
 *
 * Writing: `push(change)` → opId; `remove(ids)` → opId; `undo()` / `redo()` → opId or null;
 * `appendLog(entry)` → opId (also the provisional entry's id until the room gives it its own);
 * `updateTask(id, patch)` → opId; `updatePresence(p)`; `setLaser(position | null)`;
 * `setPresenter(on)` → Promise of the ack.
 *
 * Events, `on(name, fn)` returns the unsubscribe function: `annotations (map, changedIds)`,
 * `log (map)`, `session (detail)`, `roster (map)`, `presence (map)`, `presenter (id | null)`,
 * `status (connected | reconnecting | catching-up | offline)`, `refused ({opId, type, error})`,
 * `applied (AppliedChange: every seq in order, own and remote, and each catch-up by join)`,
 * `history ({canUndo, canRedo})`, `error (a join the room refused)`.
 *
 * The model, after tldraw's sync: the room is the authority and numbers every change (`seq`). This
 * class keeps what the room confirmed (annotations with tombstones, the log, the session, up to
 * `seq`) apart from the local changes not yet confirmed (`pending`, in the order they were made);
 * what the user sees is the confirmed picture with the pending changes laid over it. Broadcasts and
 * the acks of one's own changes are applied strictly in seq order: a seq already applied is a
 * duplicate and ignored, a seq ahead of the next one waits in a buffer, and a gap that stays open
 * for `gapTimeoutMs` is closed by joining again with `sinceSeq`. After a reconnect the class joins
 * with `sinceSeq` and then sends every pending change again, in order and with the same opIds; the
 * room acks a retried opId without applying it twice. A change the room refuses is dropped, which
 * rolls the picture back, and reported as `refused`.
 *
 * Undo and redo (own changes only): each change records, per annotation, the state before and after
 * it. Undo pushes a new change that reverts the step against the *current* picture, so that others'
 * later work is kept; the rule is deterministic and the same on every screen:
 * - an annotation the user created is removed (if someone else already removed it, nothing to do);
 * - an annotation the user deleted is put back with `baseVersion` = its tombstone's version, which
 *   the room accepts as the undo of a delete; if someone already restored it, nothing;
 * - an annotation the user changed: each part the user changed goes back to its value before, but
 *   only where it still holds the user's value; a part someone else changed since keeps theirs.
 *   The parts are the shape (kind, geometry, circle radius and centre, as one) and each other
 *   property (label, colour, note, symbol, ...). If someone else deleted it, nothing to do.
 * Redo is the same rule run on what the undo did. A step with nothing left to revert is dropped and
 * the next one is tried. An undo or redo that puts something back waits to be sent until the room
 * has acked the earlier changes to the same annotations, so its `baseVersion` is the room's.
 */
import type {
  AnnotationKind,
  AnnotationProperties,
  AnnotationRecord,
  ChangeAuthor,
  LogEntry,
  LogEntryInput,
  PresenceState,
  PresenceUpdate,
  RosterEntry,
  SessionDetail,
  TaskPatch,
  Viewport,
} from './crisis.ts'
import type {
  Ack,
  AckError,
  JoinAck,
  ServerToClientEvents as ToClient,
  ClientToServerEvents as ToServer,
} from './crisis-events.ts'

// ---------------------------------------------------------------------------------------------
// The socket it needs

/**
 * The part of a socket.io-client `Socket` this class uses; a `Socket<ServerToClientEvents,
 * ClientToServerEvents>` (or an untyped one) satisfies it, and so does a test's fake. Acks are the
 * last argument of `emit`; their timeouts are this class's own.
 */
export interface SyncSocket {
  readonly connected: boolean
  on(event: 'connect', listener: () => void): unknown
  on(event: 'disconnect', listener: (reason: string) => void): unknown
  on(event: 'annotation:applied', listener: ToClient['annotation:applied']): unknown
  on(event: 'log:appended', listener: ToClient['log:appended']): unknown
  on(event: 'log:updated', listener: ToClient['log:updated']): unknown
  on(event: 'session:changed', listener: ToClient['session:changed']): unknown
  on(event: 'presence:changed', listener: ToClient['presence:changed']): unknown
  on(event: 'participant:joined', listener: ToClient['participant:joined']): unknown
  on(event: 'participant:left', listener: ToClient['participant:left']): unknown
  on(event: 'presenter:changed', listener: ToClient['presenter:changed']): unknown
  off(event: 'connect', listener: () => void): unknown
  off(event: 'disconnect', listener: (reason: string) => void): unknown
  off(event: 'annotation:applied', listener: ToClient['annotation:applied']): unknown
  off(event: 'log:appended', listener: ToClient['log:appended']): unknown
  off(event: 'log:updated', listener: ToClient['log:updated']): unknown
  off(event: 'session:changed', listener: ToClient['session:changed']): unknown
  off(event: 'presence:changed', listener: ToClient['presence:changed']): unknown
  off(event: 'participant:joined', listener: ToClient['participant:joined']): unknown
  off(event: 'participant:left', listener: ToClient['participant:left']): unknown
  off(event: 'presenter:changed', listener: ToClient['presenter:changed']): unknown
  emit(event: 'session:join', ...args: Parameters<ToServer['session:join']>): unknown
  emit(event: 'session:leave', ...args: Parameters<ToServer['session:leave']>): unknown
  emit(event: 'annotation:push', ...args: Parameters<ToServer['annotation:push']>): unknown
  emit(event: 'log:append', ...args: Parameters<ToServer['log:append']>): unknown
  emit(event: 'log:update', ...args: Parameters<ToServer['log:update']>): unknown
  emit(event: 'presence:update', ...args: Parameters<ToServer['presence:update']>): unknown
  emit(event: 'presenter:set', ...args: Parameters<ToServer['presenter:set']>): unknown
}

// ---------------------------------------------------------------------------------------------
// Public types

export type SyncStatus = 'connected' | 'reconnecting' | 'catching-up' | 'offline'

/** Who this client is: `username` is what the room writes in createdBy/updatedBy. */
export interface SyncUser {
  userId: string
  username: string
}

/**
 * An annotation as this client puts it. Like the contract's `Annotation`, but the geometry is any
 * GeoJSON geometry (what a drawing tool gives); the room validates it.
 */
export interface AnnotationDraft {
  id: string
  kind: AnnotationKind
  geometry: GeoJSON.Geometry
  properties?: AnnotationProperties
  baseVersion?: number
}

export interface AnnotationDraftChange {
  put?: AnnotationDraft[]
  remove?: string[]
}

export type PendingType = 'annotations' | 'log-append' | 'log-update'

export interface Refusal {
  opId: string
  type: PendingType
  error: AckError['error']
}

/** One seq applied to the confirmed picture, or a join that caught up over many at once. */
export type AppliedChange =
  | {
      source: 'remote' | 'own'
      seq: number
      type: 'annotations' | 'log' | 'session'
      /** The annotations or log entries it touched. */
      ids: string[]
      by: ChangeAuthor | null
      opId?: string
    }
  | { source: 'catch-up'; seq: number; fromSeq: number; reset: boolean }

/** Another participant's presence as last heard, with the laser's recent positions for its trail. */
export interface PeerPresence {
  userId: string
  colour: string
  cursor: [number, number] | null
  viewport: Viewport | null
  laser: [number, number] | null
  selection: string[]
  /** When this client last heard from them (ms, the clock of `now`). */
  updatedAt: number
  /** Laser positions of the last `laserTrailMs`, oldest first. */
  laserTrail: { position: [number, number]; at: number }[]
}

export interface SyncEvents {
  annotations: (annotations: ReadonlyMap<string, AnnotationRecord>, changedIds: readonly string[]) => void
  log: (log: ReadonlyMap<string, LogEntry>) => void
  session: (session: SessionDetail) => void
  roster: (roster: ReadonlyMap<string, RosterEntry>) => void
  presence: (presence: ReadonlyMap<string, PeerPresence>) => void
  presenter: (presenterId: string | null) => void
  status: (status: SyncStatus) => void
  refused: (refusal: Refusal) => void
  applied: (applied: AppliedChange) => void
  history: (history: { canUndo: boolean; canRedo: boolean }) => void
  error: (error: AckError['error']) => void
}

export interface SessionSyncOptions {
  sessionId: string
  user: SyncUser
  /** Milliseconds since the epoch; tests pass their own clock. */
  now?: () => number
  newOpId?: () => string
  /** How long a command waits for its ack before it counts as unsent (resent after a re-join). */
  ackTimeoutMs?: number
  /** How long a gap in the seq may stay open before the client joins again with `sinceSeq`. */
  gapTimeoutMs?: number
  presenceThrottleMs?: number
  laserTrailMs?: number
  undoLimit?: number
}

// ---------------------------------------------------------------------------------------------
// Internal state

interface UndoItem {
  id: string
  before: AnnotationRecord | null
  after: AnnotationRecord | null
}
/** One own change as it can be reverted: per annotation, the state before and after it. */
interface UndoStep {
  items: UndoItem[]
}

type HistoryOrigin =
  | { origin: 'edit'; step: UndoStep }
  /** `done` is what the undo or redo did (goes onto the other stack); `source` the step it reverted. */
  | { origin: 'undo' | 'redo'; done: UndoStep; source: UndoStep }

interface PendingBase {
  opId: string
  /** When it was made (ms): the optimistic updatedAt. */
  at: number
  /** queued: to be sent; sent: waiting for its ack; acked: its seq is known but not yet applied. */
  state: 'queued' | 'sent' | 'acked'
  ackedSeq?: number
  /** When the room applied it, if its ack says so. */
  ackedAt?: string
  /** Counts sends, so that a timeout only concerns the attempt that started it. */
  attempt: number
  timer?: ReturnType<typeof setTimeout>
}

interface PendingAnnotations extends PendingBase {
  type: 'annotations'
  put: AnnotationDraft[]
  remove: string[]
  ids: Set<string>
  /** Undo and redo: baseVersion is the room's latest version, taken when the change is sent. */
  baseFromRoom: boolean
  history: HistoryOrigin
}

interface PendingLogAppend extends PendingBase {
  type: 'log-append'
  entry: LogEntryInput
  ackedEntry?: LogEntry
}

interface PendingLogUpdate extends PendingBase {
  type: 'log-update'
  /** The entry's id, or the opId of an append still pending (its provisional id). */
  id: string
  patch: TaskPatch
  ackedEntry?: LogEntry
}

type PendingOp = PendingAnnotations | PendingLogAppend | PendingLogUpdate

/** Something with a seq, waiting for its turn. */
type SeqEvent =
  | { type: 'annotations'; seq: number; put: AnnotationRecord[]; remove: string[]; by: ChangeAuthor }
  | { type: 'log'; seq: number; entry: LogEntry; by: ChangeAuthor }
  | { type: 'session'; seq: number; session: Omit<SessionDetail, 'rights'>; by: ChangeAuthor }
  | { type: 'own'; seq: number; opId: string }

type ListenerSet = { [K in keyof SyncEvents]: Set<SyncEvents[K]> }

const RETRYABLE_JOIN_ERRORS = new Set(['internal', 'unavailable', 'rate_limited'])
const JOIN_RETRY_MS = 2_000
/** The parts of a circle's shape that are stored as properties. */
const SHAPE_PROPERTIES = new Set(['radius', 'center'])

// ---------------------------------------------------------------------------------------------

export class SessionSync {
  readonly sessionId: string
  readonly user: SyncUser

  private readonly now: () => number
  private readonly newOpId: () => string
  private readonly ackTimeoutMs: number
  private readonly gapTimeoutMs: number
  private readonly presenceThrottleMs: number
  private readonly laserTrailMs: number
  private readonly undoLimit: number

  private socket: SyncSocket | null = null
  private socketHandlers: Array<[string, (...args: never[]) => void]> = []
  private currentStatus: SyncStatus = 'offline'
  private closed = false

  // The room's picture, up to `lastSeq`.
  private lastSeq = 0
  private hasState = false
  private readonly confirmed = new Map<string, AnnotationRecord>()
  private readonly confirmedLog = new Map<string, LogEntry>()
  private sessionDetail: SessionDetail | null = null
  private readonly rosterByUser = new Map<string, RosterEntry>()
  private presenter: string | null = null

  // What is on its way.
  private pending: PendingOp[] = []
  private readonly buffer = new Map<number, SeqEvent>()
  private gapTimer: ReturnType<typeof setTimeout> | undefined
  private joined = false
  private joinAttempt = 0
  private joinTimer: ReturnType<typeof setTimeout> | undefined

  // What the user sees.
  private readonly visible = new Map<string, AnnotationRecord>()
  private visibleLog = new Map<string, LogEntry>()

  private undoStack: UndoStep[] = []
  private redoStack: UndoStep[] = []
  /** Steps of changes the room refused: an undo of one that is refused too must not bring it back. */
  private readonly refusedSteps = new WeakSet<UndoStep>()

  private readonly peers = new Map<string, PeerPresence>()
  private presenceOut: PresenceUpdate = {}
  private presenceState: PresenceUpdate = {}
  private presenceSentAt = Number.NEGATIVE_INFINITY
  private presenceTimer: ReturnType<typeof setTimeout> | undefined

  private readonly listeners: ListenerSet = {
    annotations: new Set(),
    log: new Set(),
    session: new Set(),
    roster: new Set(),
    presence: new Set(),
    presenter: new Set(),
    status: new Set(),
    refused: new Set(),
    applied: new Set(),
    history: new Set(),
    error: new Set(),
  }

  constructor(options: SessionSyncOptions) {
    this.sessionId = options.sessionId
    this.user = options.user
    this.now = options.now ?? Date.now
    this.newOpId = options.newOpId ?? (() => globalThis.crypto.randomUUID())
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000
    this.gapTimeoutMs = options.gapTimeoutMs ?? 1_000
    this.presenceThrottleMs = options.presenceThrottleMs ?? 50
    this.laserTrailMs = options.laserTrailMs ?? 2_000
    this.undoLimit = options.undoLimit ?? 100
  }

  // -------------------------------------------------------------------------------------------
  // Listening

  on<K extends keyof SyncEvents>(event: K, listener: SyncEvents[K]): () => void {
    this.listeners[event].add(listener)
    return () => {
      this.listeners[event].delete(listener)
    }
  }

  private fire<K extends keyof SyncEvents>(event: K, ...args: Parameters<SyncEvents[K]>): void {
    for (const listener of [...this.listeners[event]])
      (listener as (...a: Parameters<SyncEvents[K]>) => void)(...args)
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** The visible picture: confirmed annotations with the pending changes laid over, no tombstones. */
  annotations(): ReadonlyMap<string, AnnotationRecord> {
    return this.visible
  }
  /** The room's picture as this client has confirmed it, tombstones included. */
  confirmedAnnotations(): ReadonlyMap<string, AnnotationRecord> {
    return this.confirmed
  }
  log(): ReadonlyMap<string, LogEntry> {
    return this.visibleLog
  }
  session(): SessionDetail | null {
    return this.sessionDetail
  }
  roster(): ReadonlyMap<string, RosterEntry> {
    return this.rosterByUser
  }
  presence(): ReadonlyMap<string, PeerPresence> {
    return this.peers
  }
  presenterId(): string | null {
    return this.presenter
  }
  status(): SyncStatus {
    return this.currentStatus
  }
  /** The last seq applied to the confirmed picture. */
  seq(): number {
    return this.lastSeq
  }
  pendingCount(): number {
    return this.pending.length
  }
  /** Whether an annotation or log entry has a change this client made that the room has not applied. */
  isPending(id: string): boolean {
    return this.pending.some((op) => {
      switch (op.type) {
        case 'annotations':
          return op.ids.has(id)
        case 'log-append':
          return op.opId === id || op.ackedEntry?.id === id
        case 'log-update':
          return op.id === id
        default: {
          const unknown: never = op
          return unknown
        }
      }
    })
  }
  canUndo(): boolean {
    return this.undoStack.length > 0
  }
  canRedo(): boolean {
    return this.redoStack.length > 0
  }

  // -------------------------------------------------------------------------------------------
  // The socket

  /**
   * Uses this socket from now on (the first one, or another after moving to another process). The
   * client joins as soon as the socket is connected, then sends again what is still pending.
   */
  attach(socket: SyncSocket): void {
    if (this.closed) throw new Error('this session sync is closed')
    this.detach()
    this.socket = socket
    const handlers: Array<[string, (...args: never[]) => void]> = []
    const listen = <E extends keyof ToClient | 'connect' | 'disconnect'>(
      event: E,
      handler: (...args: never[]) => void,
    ) => {
      handlers.push([event, handler])
      ;(socket.on as (e: string, h: (...args: never[]) => void) => unknown)(event, handler)
    }
    listen('connect', () => this.onConnect())
    listen('disconnect', (reason: string) => this.onDisconnect(reason))
    listen('annotation:applied', ((a) => {
      this.receive({ type: 'annotations', seq: a.seq, put: a.change.put, remove: a.change.remove, by: a.by })
    }) satisfies ToClient['annotation:applied'])
    listen('log:appended', ((a) => {
      this.receive({ type: 'log', seq: a.seq, entry: a.entry, by: a.by })
    }) satisfies ToClient['log:appended'])
    listen('log:updated', ((u) => {
      this.receive({ type: 'log', seq: u.seq, entry: u.entry, by: u.by })
    }) satisfies ToClient['log:updated'])
    listen('session:changed', ((c) => {
      this.receive({ type: 'session', seq: c.seq, session: c.session, by: c.by })
    }) satisfies ToClient['session:changed'])
    listen('presence:changed', ((p) => this.onPresence(p)) satisfies ToClient['presence:changed'])
    listen('participant:joined', ((p) => {
      this.rosterByUser.set(p.userId, { ...p, status: 'online' })
      this.fire('roster', this.rosterByUser)
    }) satisfies ToClient['participant:joined'])
    listen('participant:left', ((l) =>
      this.onParticipantLeft(l.userId)) satisfies ToClient['participant:left'])
    listen('presenter:changed', ((c) =>
      this.setPresenterId(c.presenterId)) satisfies ToClient['presenter:changed'])
    this.socketHandlers = handlers
    this.requeueInFlight()
    this.joined = false
    if (socket.connected) this.join()
    else this.setStatus('reconnecting')
  }

  /** Leaves the session and lets go of the socket; the socket itself stays the caller's. */
  close(): void {
    if (this.closed) return
    if (this.socket?.connected && this.joined) this.socket.emit('session:leave')
    this.detach()
    this.closed = true
    for (const op of this.pending) clearTimeout(op.timer)
    clearTimeout(this.presenceTimer)
    this.setStatus('offline')
  }

  private detach(): void {
    const socket = this.socket
    if (socket) {
      for (const [event, handler] of this.socketHandlers)
        (socket.off as (e: string, h: (...args: never[]) => void) => unknown)(event, handler)
    }
    this.socketHandlers = []
    this.socket = null
    this.joined = false
    this.joinAttempt++
    clearTimeout(this.joinTimer)
    clearTimeout(this.gapTimer)
    this.gapTimer = undefined
  }

  private onConnect(): void {
    this.requeueInFlight()
    this.join()
  }

  private onDisconnect(reason: string): void {
    this.joined = false
    this.joinAttempt++
    clearTimeout(this.joinTimer)
    clearTimeout(this.gapTimer)
    this.gapTimer = undefined
    this.requeueInFlight()
    // Others' cursors would freeze where they were; the re-join brings them back as they move.
    if (this.peers.size > 0) {
      this.peers.clear()
      this.fire('presence', this.peers)
    }
    // socket.io reconnects by itself unless this side closed the connection on purpose.
    this.setStatus(reason === 'io client disconnect' ? 'offline' : 'reconnecting')
  }

  /** Commands sent on a connection that is gone are sent again after the next join. */
  private requeueInFlight(): void {
    for (const op of this.pending) {
      if (op.state !== 'sent') continue
      op.state = 'queued'
      op.attempt++
      clearTimeout(op.timer)
    }
  }

  private setStatus(status: SyncStatus): void {
    if (status === this.currentStatus) return
    this.currentStatus = status
    this.fire('status', status)
  }

  // -------------------------------------------------------------------------------------------
  // Joining and catching up

  private join(): void {
    const socket = this.socket
    if (!socket?.connected || this.closed) return
    const attempt = ++this.joinAttempt
    const sinceSeq = this.hasState ? this.lastSeq : undefined
    this.setStatus('catching-up')
    clearTimeout(this.joinTimer)
    this.joinTimer = setTimeout(() => {
      if (attempt === this.joinAttempt && !this.joined) this.join()
    }, this.ackTimeoutMs)
    const request =
      sinceSeq === undefined ? { sessionId: this.sessionId } : { sessionId: this.sessionId, sinceSeq }
    socket.emit('session:join', request, (answer: JoinAck) => {
      if (attempt !== this.joinAttempt || this.socket !== socket) return
      clearTimeout(this.joinTimer)
      this.onJoined(answer, sinceSeq)
    })
  }

  private onJoined(answer: JoinAck, sinceSeq: number | undefined): void {
    if (!answer.ok) {
      this.fire('error', answer.error)
      if (RETRYABLE_JOIN_ERRORS.has(answer.error.code)) {
        const attempt = this.joinAttempt
        this.joinTimer = setTimeout(() => {
          if (attempt === this.joinAttempt) this.join()
        }, JOIN_RETRY_MS)
      } else this.setStatus('offline')
      return
    }
    const reset = sinceSeq === undefined || answer.reset === true
    if (reset) {
      this.confirmed.clear()
      this.confirmedLog.clear()
    }
    if (answer.reset) {
      // A room that starts over (a restored database) has another history: what was buffered is
      // stale, and the pending changes are news to it, so they go again.
      this.buffer.clear()
      for (const op of this.pending) this.unack(op)
    }
    for (const record of answer.annotations) this.confirmed.set(record.id, record)
    for (const entry of answer.log) this.confirmedLog.set(entry.id, entry)
    this.lastSeq = answer.seq
    this.hasState = true
    this.joined = true
    // What the join covered is in the picture now, own acked changes included.
    for (const seq of this.buffer.keys()) if (seq <= this.lastSeq) this.buffer.delete(seq)
    this.pending = this.pending.filter((op) => {
      if (op.state === 'acked' && op.ackedSeq !== undefined && op.ackedSeq <= this.lastSeq) {
        clearTimeout(op.timer)
        return false
      }
      return true
    })
    this.sessionDetail = answer.session
    this.rosterByUser.clear()
    for (const entry of answer.participants) this.rosterByUser.set(entry.userId, entry)
    this.presenter = answer.session.presenterId
    this.fire('applied', {
      source: 'catch-up',
      seq: answer.seq,
      fromSeq: sinceSeq ?? 0,
      reset: answer.reset === true,
    })
    this.fire('session', answer.session)
    this.fire('roster', this.rosterByUser)
    this.fire('presenter', this.presenter)
    const ids = new Set([...this.confirmed.keys(), ...this.visible.keys()])
    this.refresh(ids)
    this.refreshLog()
    this.drain()
    this.setStatus('connected')
    // Others learn where this client is looking again (presence is never stored).
    if (Object.keys(this.presenceState).length > 0) {
      this.presenceOut = { ...this.presenceState }
      this.flushPresence()
    }
    this.sendPending()
  }

  private unack(op: PendingOp): void {
    if (op.state === 'acked') {
      op.state = 'queued'
      op.ackedSeq = undefined
    }
  }

  // -------------------------------------------------------------------------------------------
  // Applying in seq order

  private receive(event: SeqEvent): void {
    if (this.hasState && event.seq <= this.lastSeq) return
    if (this.buffer.has(event.seq)) return
    this.buffer.set(event.seq, event)
    if (this.hasState) this.drain()
  }

  /** Applies buffered events while the next seq is there; watches a gap that stays. */
  private drain(): void {
    const before = this.lastSeq
    for (let next = this.buffer.get(this.lastSeq + 1); next; next = this.buffer.get(this.lastSeq + 1)) {
      this.buffer.delete(next.seq)
      this.lastSeq = next.seq
      this.apply(next)
    }
    if (this.buffer.size === 0) {
      clearTimeout(this.gapTimer)
      this.gapTimer = undefined
    } else if (this.gapTimer === undefined || this.lastSeq !== before) {
      // Note: a gap that moved on is a new gap; it gets its own full wait.
      clearTimeout(this.gapTimer)
      this.gapTimer = setTimeout(() => {
        this.gapTimer = undefined
        if (this.buffer.size > 0 && this.joined) this.join()
      }, this.gapTimeoutMs)
    }
  }

  private apply(event: SeqEvent): void {
    switch (event.type) {
      case 'annotations': {
        for (const record of event.put) this.confirmed.set(record.id, record)
        for (const id of event.remove) this.tombstone(id, event.seq)
        const ids = [...event.put.map((r) => r.id), ...event.remove]
        this.refresh(ids)
        this.fire('applied', { source: 'remote', seq: event.seq, type: 'annotations', ids, by: event.by })
        break
      }
      case 'log':
        this.confirmedLog.set(event.entry.id, event.entry)
        this.refreshLog()
        this.fire('applied', {
          source: 'remote',
          seq: event.seq,
          type: 'log',
          ids: [event.entry.id],
          by: event.by,
        })
        break
      case 'session': {
        const rights = this.sessionDetail?.rights ?? { role: 'observer', draw: false, chair: false }
        this.sessionDetail = { ...this.sessionDetail, ...event.session, rights } as SessionDetail
        this.fire('session', this.sessionDetail)
        if (event.session.presenterId !== undefined) this.setPresenterId(event.session.presenterId)
        this.fire('applied', { source: 'remote', seq: event.seq, type: 'session', ids: [], by: event.by })
        break
      }
      case 'own':
        this.applyOwn(event.seq, event.opId)
        break
      default: {
        const unknown: never = event
        throw new Error(`unknown event ${String(unknown)}`)
      }
    }
  }

  private tombstone(id: string, seq: number): void {
    const record = this.confirmed.get(id)
    // Note: removing a tombstone is a no-op in the room, so its version stays.
    if (record && !record.deleted) this.confirmed.set(id, { ...record, deleted: true, version: seq })
  }

  /** One's own change, acked at `seq`, takes its place in the confirmed picture. */
  private applyOwn(seq: number, opId: string): void {
    const index = this.pending.findIndex((op) => op.opId === opId)
    if (index < 0) return
    const op = this.pending[index]
    this.pending.splice(index, 1)
    clearTimeout(op.timer)
    switch (op.type) {
      case 'annotations': {
        const at = op.ackedAt ?? new Date(this.now()).toISOString()
        for (const draft of op.put) {
          const base = this.confirmed.get(draft.id)
          this.confirmed.set(draft.id, {
            id: draft.id,
            kind: draft.kind,
            geometry: draft.geometry,
            properties: draft.properties ?? {},
            version: seq,
            createdBy: base?.createdBy ?? this.user.username,
            createdAt: base?.createdAt ?? at,
            updatedBy: this.user.username,
            updatedAt: at,
          })
        }
        for (const id of op.remove) this.tombstone(id, seq)
        const ids = [...op.ids]
        this.refresh(ids)
        this.fire('applied', { source: 'own', seq, type: 'annotations', ids, by: null, opId })
        break
      }
      case 'log-append':
      case 'log-update':
        if (op.ackedEntry) this.confirmedLog.set(op.ackedEntry.id, op.ackedEntry)
        this.refreshLog()
        this.fire('applied', {
          source: 'own',
          seq,
          type: 'log',
          ids: op.ackedEntry ? [op.ackedEntry.id] : [],
          by: null,
          opId,
        })
        break
      default: {
        const unknown: never = op
        throw new Error(`unknown op ${String(unknown)}`)
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // The visible picture

  /** Recomputes the visible state of these annotations: confirmed, then each pending change in order. */
  private refresh(ids: Iterable<string>): void {
    const changed: string[] = []
    for (const id of new Set(ids)) {
      const confirmed = this.confirmed.get(id)
      let record: AnnotationRecord | undefined = confirmed?.deleted ? undefined : confirmed
      for (const op of this.pending) {
        if (op.type !== 'annotations' || !op.ids.has(id)) continue
        if (op.remove.includes(id)) record = undefined
        const draft = op.put.find((p) => p.id === id)
        if (draft) record = this.overlay(draft, record ?? confirmed, op.at)
      }
      const previous = this.visible.get(id)
      if (record) this.visible.set(id, record)
      else this.visible.delete(id)
      if (previous !== record) changed.push(id)
    }
    if (changed.length > 0) this.fire('annotations', this.visible, changed)
  }

  private overlay(draft: AnnotationDraft, base: AnnotationRecord | undefined, at: number): AnnotationRecord {
    const when = new Date(at).toISOString()
    return {
      id: draft.id,
      kind: draft.kind,
      geometry: draft.geometry,
      properties: draft.properties ?? {},
      version: base?.version ?? 0,
      createdBy: base?.createdBy ?? this.user.username,
      createdAt: base?.createdAt ?? when,
      updatedBy: this.user.username,
      updatedAt: when,
    }
  }

  private refreshLog(): void {
    const log = new Map(this.confirmedLog)
    for (const op of this.pending) {
      if (op.type === 'log-append' && op.ackedEntry) log.set(op.ackedEntry.id, op.ackedEntry)
      else if (op.type === 'log-append') {
        const when = new Date(op.at).toISOString()
        log.set(op.opId, {
          ...op.entry,
          id: op.opId,
          position: op.entry.position ? [op.entry.position[0], op.entry.position[1]] : undefined,
          version: 0,
          createdBy: this.user.username,
          createdAt: when,
          updatedBy: this.user.username,
          updatedAt: when,
        })
      } else if (op.type === 'log-update') {
        const entry = log.get(op.id)
        if (entry)
          log.set(op.id, {
            ...entry,
            ...op.patch,
            updatedBy: this.user.username,
            updatedAt: new Date(op.at).toISOString(),
          })
      }
    }
    this.visibleLog = log
    this.fire('log', this.visibleLog)
  }

  // -------------------------------------------------------------------------------------------
  // Own changes

  /** Applies a change at once and sends it; returns its opId. */
  push(change: AnnotationDraftChange): string {
    const put = (change.put ?? []).map((a) => ({ ...a, properties: a.properties ?? {} }))
    const remove = [...(change.remove ?? [])]
    if (put.length + remove.length === 0) throw new Error('an empty change')
    const before = this.snapshot([...put.map((a) => a.id), ...remove])
    const op = this.enqueueAnnotations(put, remove, false, { origin: 'edit', step: { items: [] } })
    if (op.history.origin === 'edit') {
      op.history.step.items = this.stepItems(before)
      if (op.history.step.items.length > 0) {
        this.undoStack.push(op.history.step)
        if (this.undoStack.length > this.undoLimit) this.undoStack.shift()
        this.redoStack = []
        this.fireHistory()
      }
    }
    return op.opId
  }

  /** Deletes these annotations (tombstones in the room, so undo can restore them). */
  remove(ids: readonly string[]): string {
    return this.push({ remove: [...ids] })
  }

  /** Reverts the user's latest own change that still has something to revert; null if none. */
  undo(): string | null {
    return this.revertFrom('undo')
  }

  /** Re-applies the latest undone change; null if none. */
  redo(): string | null {
    return this.revertFrom('redo')
  }

  private revertFrom(direction: 'undo' | 'redo'): string | null {
    const stack = direction === 'undo' ? this.undoStack : this.redoStack
    const other = direction === 'undo' ? this.redoStack : this.undoStack
    for (let step = stack.pop(); step; step = stack.pop()) {
      const { put, remove, items } = this.revert(step)
      if (put.length + remove.length === 0) continue
      const before = this.snapshot(items)
      const done: UndoStep = { items: [] }
      const op = this.enqueueAnnotations(put, remove, true, { origin: direction, done, source: step })
      done.items = this.stepItems(before)
      other.push(done)
      this.fireHistory()
      return op.opId
    }
    this.fireHistory()
    return null
  }

  /** The change that reverts a step against the current picture (the rule in the header). */
  private revert(step: UndoStep): { put: AnnotationDraft[]; remove: string[]; items: string[] } {
    const put: AnnotationDraft[] = []
    const remove: string[] = []
    for (const item of step.items) {
      const current = this.visible.get(item.id)
      if (item.before === null) {
        if (current) remove.push(item.id)
      } else if (item.after === null) {
        if (!current) put.push(draftOf(item.before))
      } else if (current) {
        const reverted = revertParts(current, item.after, item.before)
        if (reverted) put.push(reverted)
      }
    }
    return { put, remove, items: [...put.map((a) => a.id), ...remove] }
  }

  private snapshot(ids: readonly string[]): Map<string, AnnotationRecord | null> {
    return new Map(ids.map((id) => [id, this.visible.get(id) ?? null]))
  }

  private stepItems(before: Map<string, AnnotationRecord | null>): UndoItem[] {
    const items: UndoItem[] = []
    for (const [id, was] of before) {
      const now = this.visible.get(id) ?? null
      if (was === null && now === null) continue
      items.push({ id, before: was, after: now })
    }
    return items
  }

  private fireHistory(): void {
    this.fire('history', { canUndo: this.canUndo(), canRedo: this.canRedo() })
  }

  private enqueueAnnotations(
    put: AnnotationDraft[],
    remove: string[],
    baseFromRoom: boolean,
    history: HistoryOrigin,
  ): PendingAnnotations {
    const op: PendingAnnotations = {
      type: 'annotations',
      opId: this.newOpId(),
      at: this.now(),
      state: 'queued',
      attempt: 0,
      put,
      remove,
      ids: new Set([...put.map((a) => a.id), ...remove]),
      baseFromRoom,
      history,
    }
    this.pending.push(op)
    this.refresh(op.ids)
    this.sendPending()
    return op
  }

  /** Writes to the shared log; returns the opId, which is the entry's id until the room gives one. */
  appendLog(entry: LogEntryInput): string {
    const op: PendingLogAppend = {
      type: 'log-append',
      opId: this.newOpId(),
      at: this.now(),
      state: 'queued',
      attempt: 0,
      entry,
    }
    this.pending.push(op)
    this.refreshLog()
    this.sendPending()
    return op.opId
  }

  /** Changes a task (status, assignee, due time, text); `id` may be a pending entry's provisional id. */
  updateTask(id: string, patch: TaskPatch): string {
    const op: PendingLogUpdate = {
      type: 'log-update',
      opId: this.newOpId(),
      at: this.now(),
      state: 'queued',
      attempt: 0,
      id,
      patch,
    }
    this.pending.push(op)
    this.refreshLog()
    this.sendPending()
    return op.opId
  }

  /** Whether an update still points at an entry the room has not created yet (its provisional id). */
  private awaitsAppend(op: PendingLogUpdate): boolean {
    return this.pending.some((p) => p.type === 'log-append' && p.opId === op.id)
  }

  // -------------------------------------------------------------------------------------------
  // Sending

  /**
   * Sends queued commands in order. Stops at the first one that must wait (an undo's baseVersion,
   * an update of an entry not yet created), so the room always receives them in the order made.
   */
  private sendPending(): void {
    const socket = this.socket
    if (!socket?.connected || !this.joined || this.closed) return
    for (let i = 0; i < this.pending.length; i++) {
      const op = this.pending[i]
      if (op.state !== 'queued') continue
      if (!this.send(socket, op, i)) return
    }
  }

  /** False when the op has to wait for an earlier one's ack. */
  private send(socket: SyncSocket, op: PendingOp, index: number): boolean {
    const earlier = this.pending.slice(0, index).filter((p) => p.state !== 'acked')
    const attempt = ++op.attempt
    switch (op.type) {
      case 'annotations': {
        if (
          op.baseFromRoom &&
          earlier.some((p) => p.type === 'annotations' && [...op.ids].some((id) => p.ids.has(id)))
        )
          return false
        const put = op.baseFromRoom
          ? op.put.map((a) => ({ ...a, baseVersion: this.roomVersion(a.id) }))
          : op.put
        // Note: the room validates the geometry; this client's drafts carry any GeoJSON geometry.
        const change = { put, remove: op.remove } as unknown as Parameters<
          ToServer['annotation:push']
        >[0]['change']
        socket.emit('annotation:push', { opId: op.opId, change }, (answer) => this.onAck(op.opId, answer))
        break
      }
      case 'log-append':
        socket.emit('log:append', { opId: op.opId, entry: op.entry }, (answer) => this.onAck(op.opId, answer))
        break
      case 'log-update': {
        if (this.awaitsAppend(op)) return false
        socket.emit('log:update', { opId: op.opId, id: op.id, patch: op.patch }, (answer) =>
          this.onAck(op.opId, answer),
        )
        break
      }
      default: {
        const unknown: never = op
        throw new Error(`unknown op ${String(unknown)}`)
      }
    }
    op.state = 'sent'
    clearTimeout(op.timer)
    op.timer = setTimeout(() => {
      // Note: no ack in time counts as unsent; the same opId goes again after the next join, and
      // the room applies it at most once.
      if (op.state === 'sent' && op.attempt === attempt) op.state = 'queued'
    }, this.ackTimeoutMs)
    return true
  }

  /** The room's latest version of an annotation as far as this client knows, tombstones included. */
  private roomVersion(id: string): number {
    let version = this.confirmed.get(id)?.version ?? 0
    for (const op of this.pending)
      if (op.type === 'annotations' && op.state === 'acked' && op.ids.has(id) && op.ackedSeq !== undefined)
        version = Math.max(version, op.ackedSeq)
    return version
  }

  /**
   * An ack, found by opId: a late ack from an earlier attempt or another socket is as good as the
   * latest, and a second ack for the same op finds nothing to do.
   */
  private onAck(opId: string, answer: Ack<{ seq: number; at?: string; entry?: LogEntry }>): void {
    if (this.closed) return
    const op = this.pending.find((p) => p.opId === opId)
    if (!op || op.state === 'acked') return
    clearTimeout(op.timer)
    if (!answer.ok) {
      this.refuse(op, answer.error)
      return
    }
    if (op.type !== 'annotations' && answer.entry) op.ackedEntry = answer.entry
    if (op.type === 'log-append' && answer.entry) {
      // Updates written against the provisional id now name the room's entry.
      const id = answer.entry.id
      for (const p of this.pending) if (p.type === 'log-update' && p.id === op.opId) p.id = id
    }
    if (this.hasState && answer.seq <= this.lastSeq) {
      // The picture already holds it: a join caught up over it, or its broadcast reached us first.
      this.pending = this.pending.filter((p) => p !== op)
      if (op.type === 'annotations') this.refresh(op.ids)
      else this.refreshLog()
      this.sendPending()
      return
    }
    op.state = 'acked'
    op.ackedSeq = answer.seq
    op.ackedAt = answer.at
    this.buffer.set(answer.seq, { type: 'own', seq: answer.seq, opId })
    this.drain()
    // An undo may have been waiting for this ack to learn the room's version.
    this.sendPending()
  }

  /** The room refused: the change is dropped, which rolls the picture back. */
  private refuse(op: PendingOp, error: AckError['error']): void {
    this.pending = this.pending.filter((p) => p !== op)
    switch (op.type) {
      case 'annotations': {
        const history = op.history
        if (history.origin === 'edit') {
          this.undoStack = this.undoStack.filter((s) => s !== history.step)
          this.refusedSteps.add(history.step)
        } else if (history.origin === 'undo') {
          this.redoStack = this.redoStack.filter((s) => s !== history.done)
          if (!this.refusedSteps.has(history.source)) this.undoStack.push(history.source)
        } else {
          this.undoStack = this.undoStack.filter((s) => s !== history.done)
          if (!this.refusedSteps.has(history.source)) this.redoStack.push(history.source)
        }
        this.fireHistory()
        this.refresh(op.ids)
        break
      }
      case 'log-append': {
        // Updates of an entry that will never exist cannot be sent either.
        const orphans = this.pending.filter((p) => p.type === 'log-update' && p.id === op.opId)
        this.pending = this.pending.filter((p) => !orphans.includes(p))
        this.refreshLog()
        this.fire('refused', { opId: op.opId, type: op.type, error })
        for (const orphan of orphans) this.fire('refused', { opId: orphan.opId, type: orphan.type, error })
        this.sendPending()
        return
      }
      case 'log-update':
        this.refreshLog()
        break
      default: {
        const unknown: never = op
        throw new Error(`unknown op ${String(unknown)}`)
      }
    }
    this.fire('refused', { opId: op.opId, type: op.type, error })
    this.sendPending()
  }

  // -------------------------------------------------------------------------------------------
  // Presence

  /** Where this user's cursor, view, laser and selection are; sent at most every ~50 ms. */
  updatePresence(update: PresenceUpdate): void {
    this.presenceOut = { ...this.presenceOut, ...update }
    this.presenceState = { ...this.presenceState, ...update }
    const wait = this.presenceSentAt + this.presenceThrottleMs - this.now()
    if (wait <= 0 && this.presenceTimer === undefined) this.flushPresence()
    else if (this.presenceTimer === undefined)
      this.presenceTimer = setTimeout(
        () => {
          this.presenceTimer = undefined
          this.flushPresence()
        },
        Math.max(wait, 0),
      )
  }

  /** Points the laser at a position, or puts it away (null). */
  setLaser(position: [number, number] | null): void {
    this.updatePresence({ laser: position })
  }

  private flushPresence(): void {
    if (Object.keys(this.presenceOut).length === 0) return
    const socket = this.socket
    // Presence is volatile: what cannot go now is not worth sending later.
    if (!socket?.connected || !this.joined) return
    socket.emit('presence:update', this.presenceOut)
    this.presenceOut = {}
    this.presenceSentAt = this.now()
  }

  /** Takes or hands back the presenter's role; others follow the presenter's viewport. */
  setPresenter(on: boolean): Promise<Ack<{ presenterId: string | null }>> {
    return new Promise((resolve) => {
      const socket = this.socket
      if (!socket?.connected || !this.joined) {
        resolve({ ok: false, error: { code: 'unavailable', message: 'not connected to the session' } })
        return
      }
      const timer = setTimeout(
        () => resolve({ ok: false, error: { code: 'unavailable', message: 'no answer from the server' } }),
        this.ackTimeoutMs,
      )
      socket.emit('presenter:set', { on }, (answer) => {
        clearTimeout(timer)
        if (answer.ok) this.setPresenterId(answer.presenterId)
        resolve(answer)
      })
    })
  }

  private setPresenterId(presenterId: string | null): void {
    if (presenterId === this.presenter) return
    this.presenter = presenterId
    if (this.sessionDetail) this.sessionDetail = { ...this.sessionDetail, presenterId }
    this.fire('presenter', presenterId)
  }

  private onPresence(update: PresenceState): void {
    if (update.userId === this.user.userId) return
    const now = this.now()
    const previous = this.peers.get(update.userId)
    const peer: PeerPresence = {
      userId: update.userId,
      colour: update.colour,
      cursor: previous?.cursor ?? null,
      viewport: previous?.viewport ?? null,
      laser: previous?.laser ?? null,
      selection: previous?.selection ?? [],
      updatedAt: now,
      laserTrail: (previous?.laserTrail ?? []).filter((p) => now - p.at <= this.laserTrailMs),
    }
    if (update.cursor !== undefined) peer.cursor = update.cursor ? lonLat(update.cursor) : null
    if (update.viewport !== undefined) peer.viewport = update.viewport
    if (update.selection !== undefined) peer.selection = update.selection
    if (update.laser !== undefined) {
      peer.laser = update.laser ? lonLat(update.laser) : null
      if (peer.laser) peer.laserTrail.push({ position: peer.laser, at: now })
    }
    this.peers.set(update.userId, peer)
    this.fire('presence', this.peers)
  }

  private onParticipantLeft(userId: string): void {
    const entry = this.rosterByUser.get(userId)
    if (entry) {
      this.rosterByUser.set(userId, { ...entry, status: 'dropped' })
      this.fire('roster', this.rosterByUser)
    }
    if (this.peers.delete(userId)) this.fire('presence', this.peers)
  }
}

// ---------------------------------------------------------------------------------------------
// Pure helpers

function lonLat(position: readonly number[]): [number, number] {
  return [position[0], position[1]]
}

function draftOf(record: AnnotationRecord): AnnotationDraft {
  return { id: record.id, kind: record.kind, geometry: record.geometry, properties: { ...record.properties } }
}

/** Structural equality of plain JSON values (geometries, properties). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => sameValue(v, b[i]))
  const ao = a as Record<string, unknown>
  const bo = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)])
  for (const key of keys) if (!sameValue(ao[key], bo[key])) return false
  return true
}

const shapeOf = (r: AnnotationRecord) => ({
  kind: r.kind,
  geometry: r.geometry,
  radius: r.properties.radius,
  center: r.properties.center,
})

/**
 * Takes `current` back from `from` to `to`, part by part, where it still holds `from`'s value; null
 * when nothing would change. The shape (kind, geometry, radius, centre) is one part.
 */
export function revertParts(
  current: AnnotationRecord,
  from: AnnotationRecord,
  to: AnnotationRecord,
): AnnotationDraft | null {
  let kind = current.kind
  let geometry = current.geometry
  const properties: Record<string, unknown> = { ...current.properties }
  let changed = false
  const shapeFrom = shapeOf(from)
  if (!sameValue(shapeFrom, shapeOf(to)) && sameValue(shapeOf(current), shapeFrom)) {
    kind = to.kind
    geometry = to.geometry
    for (const key of SHAPE_PROPERTIES) {
      const value = (to.properties as Record<string, unknown>)[key]
      if (value === undefined) delete properties[key]
      else properties[key] = value
    }
    changed = true
  }
  const fromProperties = from.properties as Record<string, unknown>
  const toProperties = to.properties as Record<string, unknown>
  for (const key of new Set([...Object.keys(fromProperties), ...Object.keys(toProperties)])) {
    if (SHAPE_PROPERTIES.has(key)) continue
    if (sameValue(fromProperties[key], toProperties[key])) continue
    if (!sameValue(properties[key], fromProperties[key])) continue
    if (toProperties[key] === undefined) delete properties[key]
    else properties[key] = toProperties[key]
    changed = true
  }
  if (!changed) return null
  return { id: current.id, kind, geometry, properties: properties as AnnotationProperties }
}
