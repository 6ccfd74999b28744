/**
 * The sync engine against an in-memory room that follows the server's rules (decisions 2, 3, 7):
 * one seq for everything, opId idempotency, tombstones and the baseVersion rule, refusal of a whole
 * change, broadcasts to the others only, join with sinceSeq and reset. The network between them can
 * hold, reorder, duplicate and drop messages, and connections can break.
 */
import type { Socket } from 'socket.io-client'
import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest'
import type { AnnotationRecord, LogEntry, PresenceUpdate, RosterEntry, SessionDetail } from './crisis.ts'
import { participantColour } from './crisis.ts'
import type { AckError, ClientToServerEvents, ServerToClientEvents } from './crisis-events.ts'
import {
  type AnnotationDraft,
  type AppliedChange,
  type Refusal,
  revertParts,
  SessionSync,
  type SyncSocket,
  type SyncStatus,
} from './session-sync.ts'

const SESSION_ID = '00000000-0000-4000-8000-000000000001'
const LATENCY_MS = 2

interface FakeUser {
  userId: string
  username: string
}

type Handler = (...args: never[]) => void
type AckFn = (answer: unknown) => void
interface PushPayload {
  opId: string
  change: { put: AnnotationDraft[]; remove: string[] }
}

let uuidCounter = 0
const uuid = () => `00000000-0000-4000-8000-${String(++uuidCounter).padStart(12, '0')}`

/** One client's connection: what the engine sees as its socket, with the network's faults on it. */
class FakeSocket implements SyncSocket {
  connected = false
  joined = false
  /** Broadcasts wait here while held, to be released in any order. */
  held = false
  inbox: Array<[string, object]> = []
  /** Broadcasts with these seqs never arrive (a lost message). */
  readonly dropSeqs = new Set<number>()
  /** The room processes commands but their acks are lost. */
  dropAcks = false
  /** Commands are lost on the way to the room. */
  dropCommands = false
  emitsWhileDisconnected = 0
  readonly sent: Array<[string, unknown]> = []
  private readonly handlers = new Map<string, Set<Handler>>()

  constructor(
    readonly room: FakeRoom,
    readonly user: FakeUser,
  ) {}

  on(event: string, listener: Handler): this {
    if (!this.handlers.has(event)) this.handlers.set(event, new Set())
    this.handlers.get(event)!.add(listener)
    return this
  }
  off(event: string, listener: Handler): this {
    this.handlers.get(event)?.delete(listener)
    return this
  }
  listenerCount(): number {
    let n = 0
    for (const set of this.handlers.values()) n += set.size
    return n
  }
  emit(event: string, ...args: unknown[]): this {
    if (!this.connected) {
      this.emitsWhileDisconnected++
      return this
    }
    const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : undefined
    this.sent.push([event, args[0]])
    if (this.dropCommands) return this
    setTimeout(() => {
      if (!this.connected) return
      this.room.handle(this, event, args[0], (answer) => {
        if (this.dropAcks || !ack) return
        setTimeout(() => {
          if (this.connected) ack(answer)
        }, LATENCY_MS)
      })
    }, LATENCY_MS)
    return this
  }

  /** Server → client. */
  deliver(event: string, payload: object): void {
    const seq = (payload as { seq?: number }).seq
    if (seq !== undefined && this.dropSeqs.has(seq)) return
    if (this.held) {
      this.inbox.push([event, payload])
      return
    }
    setTimeout(() => {
      if (this.connected) this.fire(event, payload)
    }, LATENCY_MS)
  }

  release(order: 'in-order' | 'reverse' = 'in-order', duplicate = false): void {
    this.held = false
    const items = order === 'reverse' ? [...this.inbox].reverse() : [...this.inbox]
    this.inbox = []
    for (const [event, payload] of items) {
      this.fire(event, payload)
      if (duplicate) this.fire(event, payload)
    }
  }

  fire(event: string, ...args: unknown[]): void {
    for (const handler of [...(this.handlers.get(event) ?? [])])
      (handler as (...a: unknown[]) => void)(...args)
  }

  connect(): void {
    this.connected = true
    this.fire('connect')
  }
  disconnect(reason = 'transport close'): void {
    this.connected = false
    this.joined = false
    this.room.left(this)
    this.fire('disconnect', reason)
  }
}

/** The room as the server keeps it, with the server's rules. */
class FakeRoom {
  seq = 0
  readonly annotations = new Map<string, AnnotationRecord>()
  readonly log = new Map<string, LogEntry>()
  readonly opSeqs = new Map<string, number>()
  readonly sockets = new Set<FakeSocket>()
  presenterId: string | null = null
  /** How many times each opId was applied (must never exceed one). */
  readonly applications = new Map<string, number>()
  refuse: ((push: PushPayload, socket: FakeSocket) => AckError['error'] | null) | null = null

  connect(user: FakeUser): FakeSocket {
    const socket = new FakeSocket(this, user)
    this.sockets.add(socket)
    socket.connected = true
    return socket
  }

  detail(): SessionDetail {
    return {
      id: SESSION_ID,
      title: 'Elavbrott',
      status: 'open',
      escalationLevel: 'normal',
      eventType: 'power_cut',
      seq: this.seq,
      classification: 'internal',
      createdBy: 'krisledare',
      createdAt: '2025-01-01T10:00:00.000Z',
      updatedAt: '2025-01-01T10:00:00.000Z',
      closedAt: null,
      affectedArea: null,
      agendaStep: null,
      presenterId: this.presenterId,
      participants: [],
      rights: { role: 'chair', draw: true, chair: true },
    }
  }

  rosterEntry(user: FakeUser): RosterEntry {
    return {
      userId: user.userId,
      username: user.username,
      displayName: user.username,
      organisation: null,
      role: 'crisis',
      sessionRole: 'participant',
      colour: participantColour(user.userId),
      status: 'online',
    }
  }

  private others(socket: FakeSocket): FakeSocket[] {
    return [...this.sockets].filter((s) => s !== socket && s.joined && s.connected)
  }

  private by(socket: FakeSocket) {
    return { userId: socket.user.userId, username: socket.user.username, displayName: socket.user.username }
  }

  private applied(opId: string): void {
    this.applications.set(opId, (this.applications.get(opId) ?? 0) + 1)
  }

  left(socket: FakeSocket): void {
    for (const other of this.others(socket)) other.deliver('participant:left', { userId: socket.user.userId })
  }

  handle(socket: FakeSocket, event: string, payload: unknown, ack: AckFn): void {
    const answer = this.answer(socket, event, payload)
    if (answer !== undefined) ack(answer)
  }

  /** Applies a command and gives its ack; broadcasts go out on the way. */
  private answer(socket: FakeSocket, event: string, payload: unknown): unknown {
    const at = new Date(Date.now()).toISOString()
    const who = socket.user.username
    switch (event) {
      case 'session:join': {
        const { sessionId, sinceSeq } = payload as { sessionId: string; sinceSeq?: number }
        if (sessionId !== SESSION_ID)
          return { ok: false, error: { code: 'not_found', message: 'no such session' } }
        const reset = sinceSeq !== undefined && sinceSeq > this.seq
        const since = sinceSeq === undefined || reset ? -1 : sinceSeq
        const wasJoined = socket.joined
        socket.joined = true
        if (!wasJoined)
          for (const other of this.others(socket))
            other.deliver('participant:joined', this.rosterEntry(socket.user))
        return {
          ok: true,
          seq: this.seq,
          annotations: [...this.annotations.values()].filter((a) => a.version > since),
          log: [...this.log.values()].filter((e) => e.version > since),
          participants: [...this.sockets].filter((s) => s.joined).map((s) => this.rosterEntry(s.user)),
          session: this.detail(),
          ...(reset ? { reset: true } : {}),
        }
      }
      case 'annotation:push': {
        const push = payload as PushPayload
        if (!socket.joined) return { ok: false, error: { code: 'bad_request', message: 'join first' } }
        const original = this.opSeqs.get(push.opId)
        if (original !== undefined) return { ok: true, seq: original }
        const refusal = this.refuse?.(push, socket)
        if (refusal) return { ok: false, error: refusal }
        for (const a of push.change.put) {
          const existing = this.annotations.get(a.id)
          if (existing?.deleted && !(a.baseVersion !== undefined && a.baseVersion >= existing.version))
            return { ok: false, error: { code: 'conflict', message: 'deleted by someone else' } }
        }
        for (const id of push.change.remove)
          if (!this.annotations.has(id)) return { ok: false, error: { code: 'not_found', message: id } }
        const seq = ++this.seq
        const records: AnnotationRecord[] = push.change.put.map((a) => {
          const existing = this.annotations.get(a.id)
          return {
            id: a.id,
            kind: a.kind,
            geometry: a.geometry,
            properties: a.properties ?? {},
            version: seq,
            createdBy: existing?.createdBy ?? who,
            createdAt: existing?.createdAt ?? at,
            updatedBy: who,
            updatedAt: at,
          }
        })
        for (const r of records) this.annotations.set(r.id, r)
        for (const id of push.change.remove) {
          const existing = this.annotations.get(id)!
          if (!existing.deleted) this.annotations.set(id, { ...existing, deleted: true, version: seq })
        }
        this.opSeqs.set(push.opId, seq)
        this.applied(push.opId)
        const reply = { ok: true, seq, at }
        for (const other of this.others(socket))
          other.deliver('annotation:applied', {
            seq,
            change: { put: records, remove: push.change.remove },
            by: this.by(socket),
          })
        return reply
      }
      case 'log:append': {
        const { opId, entry } = payload as { opId: string; entry: Omit<LogEntry, 'id'> }
        const original = this.opSeqs.get(opId)
        if (original !== undefined)
          return {
            ok: true,
            seq: original,
            entry: [...this.log.values()].find((e) => e.version === original),
          }
        const seq = ++this.seq
        const stored: LogEntry = {
          ...entry,
          id: uuid(),
          version: seq,
          createdBy: who,
          createdAt: at,
          updatedBy: who,
          updatedAt: at,
        }
        this.log.set(stored.id, stored)
        this.opSeqs.set(opId, seq)
        this.applied(opId)
        const reply = { ok: true, seq, entry: stored }
        for (const other of this.others(socket))
          other.deliver('log:appended', { seq, entry: stored, by: this.by(socket) })
        return reply
      }
      case 'log:update': {
        const { opId, id, patch } = payload as { opId: string; id: string; patch: Partial<LogEntry> }
        const entry = this.log.get(id)
        if (!entry) return { ok: false, error: { code: 'not_found', message: 'no such entry' } }
        const original = this.opSeqs.get(opId)
        if (original !== undefined) return { ok: true, seq: original, entry }
        const seq = ++this.seq
        const stored = { ...entry, ...patch, version: seq, updatedBy: who, updatedAt: at }
        this.log.set(id, stored)
        this.opSeqs.set(opId, seq)
        this.applied(opId)
        const reply = { ok: true, seq, entry: stored }
        for (const other of this.others(socket))
          other.deliver('log:updated', { seq, entry: stored, by: this.by(socket) })
        return reply
      }
      case 'presence:update':
        for (const other of this.others(socket))
          other.deliver('presence:changed', {
            userId: socket.user.userId,
            colour: participantColour(socket.user.userId),
            ...(payload as PresenceUpdate),
          })
        return undefined
      case 'presenter:set': {
        const { on } = payload as { on: boolean }
        this.presenterId = on ? socket.user.userId : null
        const reply = { ok: true, presenterId: this.presenterId }
        for (const other of this.others(socket))
          other.deliver('presenter:changed', { presenterId: this.presenterId })
        return reply
      }
      case 'session:leave':
        socket.joined = false
        return undefined
      default:
        throw new Error(`the fake room does not know ${event}`)
    }
  }

  /** A REST-originated session change (e.g. escalation), broadcast to the whole room. */
  changeSession(patch: Partial<SessionDetail>): number {
    const seq = ++this.seq
    const { rights: _rights, ...session } = { ...this.detail(), ...patch }
    for (const socket of this.sockets)
      if (socket.joined)
        socket.deliver('session:changed', {
          seq,
          session,
          by: { userId: 'x', username: 'x', displayName: 'x' },
        })
    return seq
  }
}

// ---------------------------------------------------------------------------------------------

const alice: FakeUser = { userId: '10000000-0000-4000-8000-000000000001', username: 'alice' }
const bob: FakeUser = { userId: '10000000-0000-4000-8000-000000000002', username: 'bob' }

function point(id: string, lon = 16.18, properties: AnnotationDraft['properties'] = {}): AnnotationDraft {
  return { id, kind: 'point', geometry: { type: 'Point', coordinates: [lon, 58.59] }, properties }
}

interface Client {
  sync: SessionSync
  socket: FakeSocket
  applied: AppliedChange[]
  refused: Refusal[]
  statuses: SyncStatus[]
}

function client(room: FakeRoom, user: FakeUser, options: { gapTimeoutMs?: number } = {}): Client {
  const sync = new SessionSync({ sessionId: SESSION_ID, user, ackTimeoutMs: 500, ...options })
  const socket = room.connect(user)
  const c: Client = { sync, socket, applied: [], refused: [], statuses: [] }
  sync.on('applied', (a) => c.applied.push(a))
  sync.on('refused', (r) => c.refused.push(r))
  sync.on('status', (s) => c.statuses.push(s))
  sync.attach(socket)
  return c
}

const settle = (ms = 20) => vi.advanceTimersByTimeAsync(ms)

/** What every client must agree on: each live annotation's id, version, shape and properties. */
function picture(sync: SessionSync) {
  return [...sync.annotations().values()]
    .map((a) => ({ id: a.id, version: a.version, geometry: a.geometry, properties: a.properties }))
    .sort((a, b) => a.id.localeCompare(b.id))
}
function roomPicture(room: FakeRoom) {
  return [...room.annotations.values()]
    .filter((a) => !a.deleted)
    .map((a) => ({ id: a.id, version: a.version, geometry: a.geometry, properties: a.properties }))
    .sort((a, b) => a.id.localeCompare(b.id))
}
const seqsOf = (applied: AppliedChange[]) => applied.filter((a) => a.source !== 'catch-up').map((a) => a.seq)

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

describe('joining', () => {
  it("takes socket.io-client's own socket, typed or not (checked by the type checker)", () => {
    expectTypeOf<Socket<ServerToClientEvents, ClientToServerEvents>>().toExtend<SyncSocket>()
    expectTypeOf<Socket>().toExtend<SyncSocket>()
  })

  it('loads the room and reports its status', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    a.sync.push({ put: [point(uuid())] })
    await settle()
    const b = client(room, bob)
    expect(b.sync.status()).toBe('catching-up')
    await settle()
    expect(b.statuses).toEqual(['catching-up', 'connected'])
    expect(b.sync.seq()).toBe(1)
    expect(picture(b.sync)).toEqual(roomPicture(room))
    expect(b.applied).toEqual([{ source: 'catch-up', seq: 1, fromSeq: 0, reset: false }])
    expect(b.sync.session()?.title).toBe('Elavbrott')
    expect([...b.sync.roster().keys()].sort()).toEqual([alice.userId, bob.userId])
    expect(a.sync.roster().get(bob.userId)?.status).toBe('online')
  })

  it('waits for the socket to connect, and reports a join the room refuses', async () => {
    const room = new FakeRoom()
    const sync = new SessionSync({ sessionId: uuid(), user: alice })
    const errors: string[] = []
    sync.on('error', (e) => errors.push(e.code))
    const socket = new FakeSocket(room, alice)
    room.sockets.add(socket)
    sync.attach(socket)
    expect(sync.status()).toBe('reconnecting')
    expect(socket.sent).toEqual([])
    socket.connect()
    await settle()
    expect(errors).toEqual(['not_found'])
    expect(sync.status()).toBe('offline')
  })
})

describe('own changes', () => {
  it('shows a change at once, confirms it at the acked seq, and others receive it', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    const opId = a.sync.push({ put: [point(id, 16.2, { label: 'Brytpunkt' })] })
    expect(a.sync.annotations().get(id)?.properties.label).toBe('Brytpunkt')
    expect(a.sync.annotations().get(id)?.version).toBe(0)
    expect(a.sync.isPending(id)).toBe(true)
    expect(a.sync.confirmedAnnotations().has(id)).toBe(false)
    await settle()
    expect(a.sync.pendingCount()).toBe(0)
    const confirmed = a.sync.confirmedAnnotations().get(id)!
    expect(confirmed).toMatchObject({ version: 1, createdBy: 'alice', updatedBy: 'alice' })
    expect(a.applied.at(-1)).toEqual({
      source: 'own',
      seq: 1,
      type: 'annotations',
      ids: [id],
      by: null,
      opId,
    })
    expect(b.sync.annotations().get(id)).toMatchObject({ version: 1, createdBy: 'alice' })
    expect(b.applied.at(-1)).toMatchObject({ source: 'remote', seq: 1, by: { username: 'alice' } })
  })

  it('keeps createdBy and createdAt when someone else edits', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id)] })
    await settle()
    const created = room.annotations.get(id)!
    expect(a.sync.annotations().get(id)).toEqual(created)
    vi.setSystemTime(Date.now() + 60_000)
    b.sync.push({ put: [point(id, 16.3)] })
    expect(b.sync.annotations().get(id)).toMatchObject({ createdBy: 'alice', updatedBy: 'bob' })
    await settle()
    expect(b.sync.annotations().get(id)).toMatchObject({
      createdBy: 'alice',
      createdAt: created.createdAt,
      version: 2,
    })
    expect(a.sync.annotations().get(id)).toMatchObject({ createdBy: 'alice', updatedBy: 'bob', version: 2 })
  })

  it('rolls a refused change back and reports it', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const kept = uuid()
    a.sync.push({ put: [point(kept)] })
    await settle()
    room.refuse = () => ({ code: 'validation_failed', message: 'geometry is not valid' })
    const bad = uuid()
    const opId = a.sync.push({ put: [point(bad)], remove: [kept] })
    expect(a.sync.annotations().has(bad)).toBe(true)
    expect(a.sync.annotations().has(kept)).toBe(false)
    expect(a.sync.canUndo()).toBe(true)
    await settle()
    expect(a.sync.annotations().has(bad)).toBe(false)
    expect(a.sync.annotations().has(kept)).toBe(true)
    expect(a.refused).toEqual([
      { opId, type: 'annotations', error: { code: 'validation_failed', message: 'geometry is not valid' } },
    ])
    // Only the first change remains to undo.
    room.refuse = null
    a.sync.undo()
    await settle()
    expect(a.sync.annotations().size).toBe(0)
    expect(a.sync.canUndo()).toBe(false)
    expect(b.sync.seq()).toBe(2)
    expect(picture(b.sync)).toEqual(picture(a.sync))
  })

  it('refuses a put on an annotation someone else deleted, and converges', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id)] })
    await settle()
    b.socket.held = true
    a.sync.remove([id])
    b.sync.push({ put: [point(id, 16.4)] })
    await settle()
    expect(b.refused.map((r) => r.error.code)).toEqual(['conflict'])
    b.socket.release()
    await settle()
    expect(b.sync.annotations().has(id)).toBe(false)
    expect(b.sync.confirmedAnnotations().get(id)).toMatchObject({ deleted: true, version: 2 })
    expect(picture(a.sync)).toEqual(picture(b.sync))
  })
})

describe('seq order', () => {
  it('applies broadcasts that arrive out of order and twice, each once and in seq order', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    b.socket.held = true
    const ids = [uuid(), uuid(), uuid(), uuid()]
    for (const id of ids) a.sync.push({ put: [point(id)] })
    await settle()
    expect(b.sync.annotations().size).toBe(0)
    b.socket.release('reverse', true)
    expect(seqsOf(b.applied)).toEqual([1, 2, 3, 4])
    expect(picture(b.sync)).toEqual(roomPicture(room))
  })

  it('places its own acked change after a remote one that arrives later', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const first = uuid()
    const second = uuid()
    a.socket.held = true
    b.sync.push({ put: [point(first, 16.1)] })
    await settle()
    a.sync.push({ put: [point(second, 16.2)] })
    await settle()
    // Alice's ack (seq 2) came before Bob's broadcast (seq 1): she waits for it.
    expect(a.sync.seq()).toBe(0)
    expect(a.sync.annotations().has(second)).toBe(true)
    a.socket.release()
    expect(seqsOf(a.applied)).toEqual([1, 2])
    expect(a.applied.map((x) => x.source)).toEqual(['catch-up', 'remote', 'own'])
    expect(a.sync.pendingCount()).toBe(0)
    expect(picture(a.sync)).toEqual(roomPicture(room))
  })

  it('joins again with sinceSeq when a gap stays open', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob, { gapTimeoutMs: 1_000 })
    await settle()
    b.socket.dropSeqs.add(2)
    for (let i = 0; i < 3; i++) a.sync.push({ put: [point(uuid())] })
    await settle()
    expect(b.sync.seq()).toBe(1)
    await settle(900)
    expect(b.sync.seq()).toBe(1)
    await settle(200)
    expect(b.sync.seq()).toBe(3)
    const joins = b.socket.sent.filter(([event]) => event === 'session:join').map(([, p]) => p)
    expect(joins).toEqual([{ sessionId: SESSION_ID }, { sessionId: SESSION_ID, sinceSeq: 1 }])
    expect(b.applied.at(-1)).toEqual({ source: 'catch-up', seq: 3, fromSeq: 1, reset: false })
    expect(picture(b.sync)).toEqual(roomPicture(room))
  })

  it('applies session changes in order and keeps its own rights', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    a.socket.held = true
    room.changeSession({ escalationLevel: 'storning' })
    room.changeSession({ escalationLevel: 'allvarlig', agendaStep: 'roll_call' })
    a.socket.release('reverse')
    expect(a.sync.session()).toMatchObject({ escalationLevel: 'allvarlig', agendaStep: 'roll_call' })
    expect(a.sync.session()?.rights.chair).toBe(true)
    expect(a.sync.seq()).toBe(2)
  })
})

describe('connection trouble', () => {
  it('keeps changes made offline and sends them after reconnecting, in order', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    a.socket.disconnect()
    expect(a.sync.status()).toBe('reconnecting')
    const x = uuid()
    a.sync.push({ put: [point(x, 16.1)] })
    a.sync.push({ put: [point(x, 16.2, { label: 'flyttad' })] })
    b.sync.push({ put: [point(uuid())] })
    await settle()
    expect(a.sync.annotations().get(x)?.properties.label).toBe('flyttad')
    expect(a.sync.pendingCount()).toBe(2)
    a.socket.connect()
    await settle()
    expect(a.socket.emitsWhileDisconnected).toBe(0)
    expect(a.sync.status()).toBe('connected')
    expect(a.sync.pendingCount()).toBe(0)
    const joins = a.socket.sent.filter(([event]) => event === 'session:join').map(([, p]) => p)
    expect(joins.at(-1)).toEqual({ sessionId: SESSION_ID, sinceSeq: 0 })
    expect(picture(a.sync)).toEqual(roomPicture(room))
    expect(picture(b.sync)).toEqual(roomPicture(room))
    expect(room.annotations.get(x)?.properties.label).toBe('flyttad')
  })

  it('resends a change whose ack was lost with the same opId; the room applies it once', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    a.socket.dropAcks = true
    const id = uuid()
    const opId = a.sync.push({ put: [point(id)] })
    await settle()
    expect(room.applications.get(opId)).toBe(1)
    expect(a.sync.pendingCount()).toBe(1)
    a.socket.disconnect()
    a.socket.dropAcks = false
    a.socket.connect()
    await settle()
    const pushes = a.socket.sent
      .filter(([event]) => event === 'annotation:push')
      .map(([, p]) => (p as PushPayload).opId)
    expect(pushes).toEqual([opId, opId])
    expect(room.applications.get(opId)).toBe(1)
    expect(room.seq).toBe(1)
    expect(a.sync.pendingCount()).toBe(0)
    expect(picture(a.sync)).toEqual(roomPicture(room))
    expect(picture(b.sync)).toEqual(roomPicture(room))
  })

  it('keeps a change that got no ack in time pending, and sends it again after a reconnect', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    a.socket.dropCommands = true
    const id = uuid()
    const opId = a.sync.push({ put: [point(id)] })
    await settle(1_000)
    expect(a.sync.pendingCount()).toBe(1)
    expect(a.sync.annotations().has(id)).toBe(true)
    a.socket.dropCommands = false
    a.socket.disconnect()
    a.socket.connect()
    await settle()
    expect(room.applications.get(opId)).toBe(1)
    expect(a.sync.pendingCount()).toBe(0)
    expect(a.sync.confirmedAnnotations().get(id)?.version).toBe(1)
  })

  it('starts over when the room is behind (reset) and sends its pending changes again', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    for (let i = 0; i < 3; i++) a.sync.push({ put: [point(uuid())] })
    await settle()
    expect(a.sync.seq()).toBe(3)
    // The database was restored to a backup holding only the first change.
    a.socket.disconnect()
    const restored = new FakeRoom()
    const first = [...room.annotations.values()].find((r) => r.version === 1)!
    restored.annotations.set(first.id, first)
    restored.seq = 1
    const offline = uuid()
    a.sync.push({ put: [point(offline)] })
    const socket = restored.connect(alice)
    a.sync.attach(socket)
    await settle()
    expect(a.applied.at(-2)).toEqual({ source: 'catch-up', seq: 1, fromSeq: 3, reset: true })
    expect(a.sync.seq()).toBe(2)
    expect(picture(a.sync)).toEqual(roomPicture(restored))
    expect([...a.sync.annotations().keys()].sort()).toEqual([first.id, offline].sort())
  })

  it('moves to another socket (another process) and ends with the same picture', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    a.sync.push({ put: [point(uuid())] })
    await settle()
    // Alice's process stops: her socket is dead, her changes wait; Bob goes on drawing.
    a.socket.connected = false
    const lost = uuid()
    a.sync.push({ put: [point(lost)] })
    for (let i = 0; i < 3; i++) b.sync.push({ put: [point(uuid())] })
    await settle()
    const old = a.socket
    const moved = room.connect(alice)
    a.sync.attach(moved)
    expect(old.listenerCount()).toBe(0)
    await settle()
    expect(a.sync.pendingCount()).toBe(0)
    expect(picture(a.sync)).toEqual(roomPicture(room))
    expect(picture(b.sync)).toEqual(roomPicture(room))
    expect(b.sync.annotations().has(lost)).toBe(true)
  })

  it('goes offline on close and lets go of the socket', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    a.sync.close()
    expect(a.sync.status()).toBe('offline')
    expect(a.socket.listenerCount()).toBe(0)
    expect(a.socket.sent.at(-1)?.[0]).toBe('session:leave')
  })
})

describe('undo and redo', () => {
  it('undoes and redoes a creation', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id)] })
    await settle()
    a.sync.undo()
    expect(a.sync.annotations().has(id)).toBe(false)
    await settle()
    expect(b.sync.annotations().has(id)).toBe(false)
    expect(a.sync.canRedo()).toBe(true)
    a.sync.redo()
    await settle()
    expect(a.refused).toEqual([])
    expect(b.sync.annotations().get(id)).toMatchObject({ version: 3, createdBy: 'alice' })
    expect(picture(a.sync)).toEqual(roomPicture(room))
  })

  it('undoes a delete by restoring the tombstone with baseVersion, and redoes it', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id, 16.1, { label: 'Trygghetspunkt', symbol: 'shelter' })] })
    await settle()
    a.sync.remove([id])
    await settle()
    expect(room.annotations.get(id)).toMatchObject({ deleted: true, version: 2 })
    a.sync.undo()
    await settle()
    const restore = a.socket.sent.filter(([e]) => e === 'annotation:push').at(-1)![1] as PushPayload
    expect(restore.change.put[0].baseVersion).toBe(2)
    expect(a.refused).toEqual([])
    expect(b.sync.annotations().get(id)?.properties).toEqual({ label: 'Trygghetspunkt', symbol: 'shelter' })
    a.sync.redo()
    await settle()
    expect(b.sync.annotations().has(id)).toBe(false)
    expect(picture(a.sync)).toEqual(roomPicture(room))
  })

  it('waits for the delete to be acked before sending its undo', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id)] })
    await settle()
    a.sync.remove([id])
    a.sync.undo()
    expect(a.sync.annotations().has(id)).toBe(true)
    const pushes = () => a.socket.sent.filter(([e]) => e === 'annotation:push').length
    expect(pushes()).toBe(2)
    await settle()
    expect(pushes()).toBe(3)
    expect(a.refused).toEqual([])
    expect(room.annotations.get(id)).toMatchObject({ version: 3 })
    expect(room.annotations.get(id)?.deleted).toBeUndefined()
  })

  it("reverts only the user's own parts when someone else changed the annotation since", async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id, 16.1, { label: 'A', color: '#ff0000' })] })
    await settle()
    a.sync.push({ put: [point(id, 16.1, { label: 'B', color: '#ff0000' })] })
    await settle()
    b.sync.push({ put: [point(id, 16.5, { label: 'B', color: '#00ff00' })] })
    await settle()
    a.sync.undo()
    await settle()
    // Alice's label goes back; Bob's move and colour stay.
    const expected = { type: 'Point', coordinates: [16.5, 58.59] }
    expect(b.sync.annotations().get(id)).toMatchObject({
      geometry: expected,
      properties: { label: 'A', color: '#00ff00' },
    })
    expect(picture(a.sync)).toEqual(picture(b.sync))
    // The creation step is next: it removes the annotation, whoever edited it since.
    a.sync.undo()
    await settle()
    expect(b.sync.annotations().has(id)).toBe(false)
  })

  it('skips a step with nothing left to revert and undoes the one before', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const first = uuid()
    const second = uuid()
    a.sync.push({ put: [point(first)] })
    a.sync.push({ put: [point(second)] })
    await settle()
    b.sync.remove([second])
    await settle()
    a.sync.undo()
    await settle()
    expect(a.sync.annotations().size).toBe(0)
    expect(a.sync.canUndo()).toBe(false)
    expect(picture(b.sync)).toEqual(picture(a.sync))
  })

  it('does not undo a part of a change someone deleted since', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    b.sync.push({ put: [point(id)] })
    await settle()
    a.sync.push({ put: [point(id, 16.3)] })
    await settle()
    b.sync.remove([id])
    await settle()
    expect(a.sync.undo()).toBeNull()
    expect(room.annotations.get(id)?.deleted).toBe(true)
  })

  it('a new change clears the redo stack', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    a.sync.push({ put: [point(uuid())] })
    a.sync.undo()
    expect(a.sync.canRedo()).toBe(true)
    a.sync.push({ put: [point(uuid())] })
    expect(a.sync.canRedo()).toBe(false)
  })

  it('treats a circle shape as one part', () => {
    const base = {
      id: 'c',
      kind: 'circle' as const,
      version: 1,
      createdBy: 'a',
      createdAt: '',
      updatedBy: 'a',
      updatedAt: '',
    }
    const ring = (r: number) => ({
      type: 'Polygon' as const,
      coordinates: [
        [
          [0, 0],
          [r, 0],
          [0, r],
          [0, 0],
        ],
      ],
    })
    const before = { ...base, geometry: ring(1), properties: { radius: 100, center: [0, 0], label: 'x' } }
    const after = { ...base, geometry: ring(2), properties: { radius: 200, center: [0, 0], label: 'x' } }
    expect(
      revertParts(after as AnnotationRecord, after as AnnotationRecord, before as AnnotationRecord),
    ).toEqual({
      id: 'c',
      kind: 'circle',
      geometry: ring(1),
      properties: { radius: 100, center: [0, 0], label: 'x' },
    })
    const movedByOther = { ...after, geometry: ring(3), properties: { ...after.properties, radius: 300 } }
    expect(
      revertParts(movedByOther as AnnotationRecord, after as AnnotationRecord, before as AnnotationRecord),
    ).toBeNull()
  })
})

describe('concurrent edits', () => {
  it('two clients editing one annotation at once end with the room’s last writer', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const id = uuid()
    a.sync.push({ put: [point(id)] })
    await settle()
    for (let i = 0; i < 5; i++) {
      a.sync.push({ put: [point(id, 16 + i / 10, { label: `alice ${i}` })] })
      b.sync.push({ put: [point(id, 17 + i / 10, { label: `bob ${i}` })] })
    }
    await settle(100)
    expect(picture(a.sync)).toEqual(roomPicture(room))
    expect(picture(b.sync)).toEqual(roomPicture(room))
    expect(seqsOf(a.applied)).toEqual([...Array(room.seq).keys()].map((i) => i + 1))
    expect(seqsOf(b.applied)).toEqual([...Array(room.seq).keys()].map((i) => i + 1))
  })

  it('many changes from three clients under a reordering network converge', async () => {
    const room = new FakeRoom()
    const carol: FakeUser = { userId: '10000000-0000-4000-8000-000000000003', username: 'carol' }
    const clients = [client(room, alice), client(room, bob), client(room, carol)]
    await settle()
    const ids = [uuid(), uuid(), uuid()]
    for (let round = 0; round < 10; round++) {
      const held = clients[round % 3]
      held.socket.held = true
      for (const [i, c] of clients.entries()) {
        const id = ids[(round + i) % 3]
        if (round % 4 === 3 && c.sync.annotations().has(id)) c.sync.remove([id])
        else
          c.sync.push({ put: [point(id, 16 + round / 100, { label: `${c.sync.user.username} ${round}` })] })
      }
      await settle()
      held.socket.release('reverse', true)
      await settle()
    }
    await settle(3_000)
    for (const c of clients) {
      expect(c.sync.pendingCount()).toBe(0)
      expect(picture(c.sync)).toEqual(roomPicture(room))
      expect(c.sync.seq()).toBe(room.seq)
    }
  })
})

describe('the log', () => {
  it('shows an entry at once under its opId, then under the room’s id; a task update waits for it', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const opId = a.sync.appendLog({
      kind: 'task',
      text: 'Öppna trygghetspunkt',
      assignee: 'Räddningstjänsten',
    })
    a.sync.updateTask(opId, { status: 'in_progress' })
    expect(a.sync.log().get(opId)).toMatchObject({ text: 'Öppna trygghetspunkt', status: 'in_progress' })
    expect(a.sync.isPending(opId)).toBe(true)
    await settle()
    expect(a.sync.pendingCount()).toBe(0)
    const [entry] = [...room.log.values()]
    expect(entry).toMatchObject({ status: 'in_progress', version: 2 })
    expect(a.sync.log().get(entry.id)).toEqual(entry)
    expect(a.sync.log().has(opId)).toBe(false)
    expect(b.sync.log().get(entry.id)).toEqual(entry)
    expect(seqsOf(b.applied)).toEqual([1, 2])
  })

  it('refuses an update of an unknown entry', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    a.sync.updateTask(uuid(), { status: 'done' })
    await settle()
    expect(a.refused.map((r) => [r.type, r.error.code])).toEqual([['log-update', 'not_found']])
    expect(a.sync.pendingCount()).toBe(0)
  })
})

describe('presence', () => {
  it('throttles updates to one per interval, merging what changed', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    await settle()
    for (let i = 0; i < 10; i++) {
      a.sync.updatePresence({ cursor: [16 + i / 100, 58.5] })
      await settle(2)
    }
    a.sync.setLaser([16.5, 58.5])
    await settle(100)
    const sent = a.socket.sent.filter(([e]) => e === 'presence:update').map(([, p]) => p)
    expect(sent.length).toBeLessThanOrEqual(2)
    expect(sent.at(-1)).toEqual({ cursor: [16.09, 58.5], laser: [16.5, 58.5] })
  })

  it('keeps others’ cursors, viewports and a laser trail that fades, and drops those who leave', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const viewport = {
      center: [16.1, 58.6] as [number, number],
      zoom: 12,
      bearing: 0,
      pitch: 0,
      bounds: [16, 58.5, 16.2, 58.7] as [number, number, number, number],
    }
    b.sync.updatePresence({ cursor: [16.1, 58.6], viewport })
    await settle(100)
    b.sync.setLaser([16.1, 58.6])
    await settle(1_000)
    b.sync.setLaser([16.2, 58.6])
    await settle(100)
    let peer = a.sync.presence().get(bob.userId)!
    expect(peer).toMatchObject({
      cursor: [16.1, 58.6],
      viewport,
      laser: [16.2, 58.6],
      colour: participantColour(bob.userId),
    })
    expect(peer.laserTrail.map((p) => p.position)).toEqual([
      [16.1, 58.6],
      [16.2, 58.6],
    ])
    await settle(1_500)
    b.sync.setLaser(null)
    await settle(100)
    peer = a.sync.presence().get(bob.userId)!
    expect(peer.laser).toBeNull()
    expect(peer.laserTrail.map((p) => p.position)).toEqual([[16.2, 58.6]])
    b.socket.disconnect()
    await settle()
    expect(a.sync.presence().has(bob.userId)).toBe(false)
    expect(a.sync.roster().get(bob.userId)?.status).toBe('dropped')
  })

  it('follows who presents', async () => {
    const room = new FakeRoom()
    const a = client(room, alice)
    const b = client(room, bob)
    await settle()
    const seen: Array<string | null> = []
    b.sync.on('presenter', (p) => seen.push(p))
    const answer = a.sync.setPresenter(true)
    await settle()
    await expect(answer).resolves.toEqual({ ok: true, presenterId: alice.userId })
    expect(a.sync.presenterId()).toBe(alice.userId)
    expect(seen).toEqual([alice.userId])
    expect(b.sync.session()?.presenterId).toBe(alice.userId)
  })
})
