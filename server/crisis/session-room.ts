/**
 * The room: the single authority over a crisis session's changes (DESIGN "Realtime model",
 * decisions 1–3). Every change, from a socket or a REST request, goes through here:
 *
 * 1. checks that need no lock (zod has run; geometry in PostGIS, kinds, vertex counts),
 * 2. this process's serial queue for the room, so one process applies and emits in seq order,
 * 3. one transaction: the session row locked `FOR UPDATE` (which orders processes too), the opId
 *    looked up in `session_changes` (a retry is answered with its first seq and nothing else),
 *    rights, then each change takes the next seq, is written and recorded in `session_changes`,
 * 4. after COMMIT the caller is answered (`beforeBroadcast`, the socket's ack), then the room hears it.
 *
 * A refused change throws an `HttpError` and stores nothing; REST answers it as JSON, sockets as
 * `{ok: false, error}`.
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Geometry } from 'geojson'
import {
  type AnnotationPush,
  type AnnotationRecord,
  annotationGeometryTypes,
  type ChangeAuthor,
  type EscalationLevel,
  type LogAppend,
  type LogEntry,
  type LogUpdate,
  MAX_ANNOTATION_VERTICES,
  type Participant,
  type ParticipantInvite,
  type SessionChange,
  type SessionCreate,
  type SessionDetail,
  type SessionPatch,
  type SessionUpdate,
  type Snapshot,
  sameSnapshotName,
  uniqueSnapshotName,
} from '../../common/crisis.ts'
import type { ServerToClientEvents } from '../../common/crisis-events.ts'
import type { Classification, Role } from '../../common/domain.ts'
import { countVertices } from '../../common/geojson.ts'
import { may, mayRead } from '../../common/permissions.ts'
import { type Database, type Orm, queryRows } from '../../db/client.ts'
import { AuditAction, appendAudit } from '../audit/audit-log.ts'
import type { Access } from '../http/access.ts'
import { HttpError } from '../http/errors.ts'
import { mayReadJoined } from '../http/readable-join.ts'
import { geometryValue, requireValidGeometries } from '../layers/geometry-checks.ts'
import {
  type Invitation,
  participantSeenBy,
  requireChair,
  requireDraw,
  type SessionRecord,
  type SessionRights,
  type SessionRow,
  sessionClosed,
  sessionFor,
  sessionSeenBy,
  sessionView,
} from './session-access.ts'
import { annotationsSince, logEntryById, logSince } from './session-state.ts'

export type RoomEvent = keyof ServerToClientEvents
export type RoomPayload<E extends RoomEvent> = Parameters<ServerToClientEvents[E]>[0]

/**
 * What a member hears: the same for everyone, or made for each role, where the event carries rows
 * joined from the actor register that only some roles may read (the session's invitations).
 */
export type PerReader<T> = T | { perRole: (role: Role) => T }

/**
 * How the room reaches its members. The socket.io implementation (server/realtime) sends through the
 * adapter, so members connected to other processes hear it too.
 */
export interface RoomChannel {
  /** Sends to everyone in the session's room, but the socket `except` (the sender's own). */
  emit<E extends RoomEvent>(
    sessionId: string,
    event: E,
    payload: PerReader<RoomPayload<E>>,
    except?: string,
  ): void
  /** Takes out of the room every member for whom `keep` says no (after an invitation is withdrawn). */
  evict?(sessionId: string, keep: (access: Access) => Promise<boolean>): Promise<void>
}

export const silentChannel: RoomChannel = { emit() {} }

/** Where a change comes from and what to do once it is committed. */
export interface ChangeOptions {
  /** The sender's socket id: its own client applied the change already and is not sent it again. */
  except?: string
  /** Called after COMMIT and before the room hears of it: the sender's ack goes first. */
  beforeBroadcast?: (outcome: { seq: number; duplicate: boolean; at: string }) => void
  /** Checks begun before the change entered the queue, awaited there before its transaction. */
  ready?: Promise<unknown>
}

export interface Applied<T> {
  /** The seq of the (last) change; for a retry, the seq it got the first time. */
  seq: number
  /** True when the opId had been applied already: nothing was done again. */
  duplicate: boolean
  /** When the room applied it (the first time, for a retry): the time its records carry. */
  at: string
  value: T
}

const authorOf = (access: Access): ChangeAuthor => ({
  userId: access.userId,
  username: access.username,
  displayName: access.displayName,
})

const validationFailed = (message: string, path?: string) =>
  new HttpError(400, 'validation_failed', message, path === undefined ? undefined : { path })

/** The replay of a REST change: each request takes a fresh opId, so none is ever found applied. */
const neverRetried = (): never => {
  throw new HttpError(500, 'internal', 'A REST change is never a retry')
}

/** The answer to a retried log change: the entry as its first application recorded it. */
const recordedEntry = (first: SessionChange): LogEntry =>
  (first as Extract<SessionChange, { type: 'log' }>).entry

/** What a change's work may do inside the room's transaction. */
interface RoomTransaction {
  tx: Orm
  access: Access
  session: SessionRow
  rights: SessionRights
  /** Takes the room's next seq for one change and records it in `session_changes`. */
  record(change: SessionChange): Promise<number>
  /** Queues an event for the room, sent after COMMIT in the order queued. */
  emit<E extends RoomEvent>(event: E, payload: PerReader<RoomPayload<E>>): void
}

/** Drops a third coordinate, as the stored geometry does, so the record equals what is stored. */
function flat(geometry: Geometry): Geometry {
  const strip = (c: unknown): unknown =>
    Array.isArray(c) && typeof c[0] === 'number' ? [c[0], c[1]] : Array.isArray(c) ? c.map(strip) : c
  if (geometry.type === 'GeometryCollection')
    return { type: 'GeometryCollection', geometries: geometry.geometries.map(flat) }
  return { ...geometry, coordinates: strip(geometry.coordinates) } as Geometry
}

interface LogRowInput {
  id: string
  kind: LogEntry['kind']
  fields: Record<string, unknown>
  position?: readonly number[] | undefined
}

export interface SessionRoomsOptions {
  db: Database
  escalationLevels: readonly EscalationLevel[]
  channel?: RoomChannel
}

export class SessionRooms {
  readonly db: Database
  readonly escalationLevels: readonly EscalationLevel[]
  private channel: RoomChannel
  /** Each room's queue: the promise its last change settles. */
  private readonly tails = new Map<string, Promise<unknown>>()

  constructor(options: SessionRoomsOptions) {
    this.db = options.db
    this.escalationLevels = options.escalationLevels
    this.channel = options.channel ?? silentChannel
  }

  /** Sends the rooms' events through `channel` from now on (the socket server exists after the app). */
  broadcastThrough(channel: RoomChannel): void {
    this.channel = channel
  }

  /** Settles when every change queued so far has been applied or refused: before closing the database. */
  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values())
  }

  get members(): RoomChannel {
    return this.channel
  }

  /**
   * Runs `task` after every earlier task of the same room has settled, and before any later one:
   * a join reads and acks there, so no change of this process falls between its read and its ack.
   */
  enqueue<T>(sessionId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(sessionId) ?? Promise.resolve()
    const run = previous.then(task)
    const tail = run.then(
      () => {},
      () => {},
    )
    this.tails.set(sessionId, tail)
    void tail.then(() => {
      if (this.tails.get(sessionId) === tail) this.tails.delete(sessionId)
    })
    return run
  }

  /**
   * One change of the room, as the module comment describes. `opId` makes it idempotent: its first
   * application is found in `session_changes` (the first record carries the opId itself, further
   * records of the same change `opId#2`, `opId#3`).
   */
  private apply<T>(
    access: Access,
    sessionId: string,
    opId: string,
    options: ChangeOptions,
    work: (room: RoomTransaction) => Promise<T>,
    replay: (first: SessionChange, seq: number) => T,
  ): Promise<Applied<T>> {
    return this.enqueue(sessionId, async () => {
      await options.ready
      const emissions: { event: RoomEvent; payload: unknown }[] = []
      const outcome = await this.db.transaction(async (tx): Promise<Applied<T>> => {
        const { session, rights } = await sessionFor(tx, access, sessionId, 'update')
        const [earlier] = await queryRows<{
          seq: number | string
          change: SessionChange | string
          applied_by: string
          applied_at: Date | string
        }>(
          tx,
          sql`SELECT seq, change, applied_by, applied_at FROM session_changes
            WHERE session_id = ${sessionId}::uuid AND op_id = ${opId}`,
        )
        if (earlier) {
          if (earlier.applied_by !== access.username)
            throw new HttpError(409, 'conflict', 'This opId was used by someone else; choose a new one')
          const [last] = await queryRows<{ seq: number | string }>(
            tx,
            sql`SELECT max(seq) AS seq FROM session_changes
              WHERE session_id = ${sessionId}::uuid AND (op_id = ${opId} OR op_id LIKE ${`${opId}#%`})`,
          )
          const change = typeof earlier.change === 'string' ? JSON.parse(earlier.change) : earlier.change
          const seq = Number(last?.seq ?? earlier.seq)
          const at = new Date(earlier.applied_at).toISOString()
          return { seq, duplicate: true, at, value: replay(change, Number(earlier.seq)) }
        }
        let seq = session.seq
        // Note: now() is the transaction's start, so every record of the change carries this time.
        let at = new Date().toISOString()
        let records = 0
        const room: RoomTransaction = {
          tx,
          access,
          session,
          rights,
          record: async (change) => {
            seq += 1
            records += 1
            const id = records === 1 ? opId : `${opId}#${records}`
            const [stored] = await queryRows<{ applied_at: Date | string }>(
              tx,
              sql`INSERT INTO session_changes (session_id, seq, op_id, change, applied_by)
                VALUES (${sessionId}::uuid, ${seq}, ${id}, ${JSON.stringify(change)}::jsonb, ${access.username})
                RETURNING applied_at`,
            )
            at = new Date(stored.applied_at).toISOString()
            return seq
          },
          emit: (event, payload) => emissions.push({ event, payload }),
        }
        const value = await work(room)
        if (records > 0)
          await queryRows(
            tx,
            sql`UPDATE crisis_sessions SET seq = ${seq}, updated_at = now(), updated_by = ${access.username}
              WHERE id = ${sessionId}::uuid`,
          )
        return { seq, duplicate: false, at, value }
      })
      options.beforeBroadcast?.({ seq: outcome.seq, duplicate: outcome.duplicate, at: outcome.at })
      if (!outcome.duplicate)
        for (const { event, payload } of emissions)
          this.channel.emit(sessionId, event, payload as PerReader<RoomPayload<typeof event>>, options.except)
      return outcome
    })
  }

  /**
   * The room as a member joining it sees it: rows changed after `sinceSeq` (tombstones included),
   * or everything with `reset` when `sinceSeq` is ahead of the room (the database was restored).
   * Read under a share lock, so the rows are exactly the picture at the seq answered.
   */
  async readRoom(
    access: Access,
    sessionId: string,
    sinceSeq: number | undefined,
  ): Promise<{
    session: SessionDetail
    row: SessionRow
    /** The invitations as stored, to tell each connected user's part (never sent as they are). */
    invitations: Invitation[]
    seq: number
    annotations: AnnotationRecord[]
    log: LogEntry[]
    reset: boolean
  }> {
    return this.db.transaction(async (tx) => {
      const { session, rights } = await sessionFor(tx, access, sessionId, 'share')
      const reset = sinceSeq !== undefined && sinceSeq > session.seq
      const since = reset ? 0 : (sinceSeq ?? 0)
      const view = await sessionView(tx, session)
      return {
        session: { ...sessionSeenBy(access, view), rights },
        row: session,
        invitations: view.invitations,
        seq: session.seq,
        annotations: await annotationsSince(tx, sessionId, since),
        log: await logSince(tx, sessionId, since),
        reset,
      }
    })
  }

  // -------------------------------------------------------------------------------------------
  // Annotations

  /**
   * Applies `{put, remove}` atomically: a put on a live annotation is last-writer-wins in seq order;
   * a put on a tombstone is refused unless its `baseVersion` reaches the tombstone's version (an
   * undo of the delete restores it); removing an unknown id is `not_found`, removing a tombstone
   * does nothing. A change that ends up doing nothing takes no seq and is answered with the room's.
   */
  async pushAnnotations(
    access: Access,
    sessionId: string,
    push: AnnotationPush,
    options: ChangeOptions = {},
  ): Promise<Applied<void>> {
    const { put, remove } = push.change
    put.forEach((a, i) => {
      const allowed = annotationGeometryTypes[a.kind]
      if (!allowed.includes(a.geometry.type))
        throw validationFailed(
          `A ${a.kind} annotation takes ${allowed.join(' or ')} geometries, not ${a.geometry.type}`,
          `change.put.${i}.geometry`,
        )
      const vertices = countVertices((a.geometry as { coordinates?: unknown }).coordinates)
      if (vertices > MAX_ANNOTATION_VERTICES)
        throw validationFailed(
          `An annotation has at most ${MAX_ANNOTATION_VERTICES} vertices; this one has ${vertices}`,
          `change.put.${i}.geometry`,
        )
    })
    const geometries = put.map((a) => flat(a.geometry))
    // Note: the checks only read, so they start at once, beside the changes ahead in the queue; but
    // the change takes its place in the queue now, in the order it arrived, and waits there for
    // them. A remove sent right after the put of the same annotation (a quick delete, or a client
    // sending its unconfirmed changes again after a reconnect) must not overtake it.
    const checked = requireValidGeometries(
      this.db.orm,
      geometries.map((geometry, i) => ({ geometry, path: `change.put.${i}.geometry` })),
    )
    checked.catch(() => {})
    return this.apply(
      access,
      sessionId,
      push.opId,
      { ...options, ready: checked },
      async ({ tx, session, rights, record, emit }) => {
        requireDraw(session, rights)
        const ids = [...put.map((a) => a.id), ...remove]
        const existing = new Map(
          (
            await queryRows<{ id: string; session_id: string; version: number | string; deleted: boolean }>(
              tx,
              sql`SELECT id::text AS id, session_id::text AS session_id, version, deleted_at IS NOT NULL AS deleted
                FROM annotations WHERE id IN (${sql.join(
                  ids.map((id) => sql`${id}::uuid`),
                  sql`, `,
                )})`,
            )
          ).map((r) => [r.id, { ...r, version: Number(r.version) }]),
        )
        put.forEach((a, i) => {
          const row = existing.get(a.id)
          if (row && row.session_id !== sessionId)
            throw new HttpError(409, 'conflict', `The id ${a.id} is taken; choose a new one`, {
              path: `change.put.${i}.id`,
            })
          if (row?.deleted && (a.baseVersion === undefined || a.baseVersion < row.version))
            throw new HttpError(
              409,
              'conflict',
              `The annotation ${a.id} was deleted at seq ${row.version}, after the version this change was made from`,
              { path: `change.put.${i}`, deletedAt: row.version },
            )
        })
        const removing = remove.filter((id, i) => {
          const row = existing.get(id)
          if (!row || row.session_id !== sessionId)
            throw new HttpError(404, 'not_found', `No annotation ${id} in this session`, {
              path: `change.remove.${i}`,
            })
          return !row.deleted
        })
        if (put.length === 0 && removing.length === 0) return
        const seq = session.seq + 1
        let records: AnnotationRecord[] = []
        if (put.length > 0) {
          const items = put.map((a, i) => ({
            id: a.id,
            kind: a.kind,
            properties: a.properties,
            geometry: geometries[i],
          }))
          const written = await queryRows<{
            id: string
            created_by: string
            created_at: Date | string
            updated_at: Date | string
          }>(
            tx,
            sql`INSERT INTO annotations (id, session_id, kind, properties, version, deleted_at, geom,
                classification, created_by, updated_by)
              SELECT (e->>'id')::uuid, ${sessionId}::uuid, e->>'kind', e->'properties', ${seq}, NULL,
                ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON((e->'geometry')::text), 4326)),
                ${session.classification}, ${access.username}, ${access.username}
              FROM jsonb_array_elements(${JSON.stringify(items)}::jsonb) e
              ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, properties = excluded.properties,
                version = excluded.version, deleted_at = NULL, geom = excluded.geom,
                updated_by = excluded.updated_by, updated_at = now()
              RETURNING id::text AS id, created_by, created_at, updated_at`,
          )
          const stamps = new Map(written.map((w) => [w.id, w]))
          records = items.map((item) => {
            const stamp = stamps.get(item.id)!
            return {
              id: item.id,
              kind: item.kind,
              geometry: item.geometry,
              properties: item.properties,
              version: seq,
              createdBy: stamp.created_by,
              createdAt: new Date(stamp.created_at).toISOString(),
              updatedBy: access.username,
              updatedAt: new Date(stamp.updated_at).toISOString(),
            }
          })
        }
        if (removing.length > 0)
          await queryRows(
            tx,
            sql`UPDATE annotations SET deleted_at = now(), version = ${seq}, updated_by = ${access.username},
                updated_at = now()
              WHERE session_id = ${sessionId}::uuid AND id IN (${sql.join(
                removing.map((id) => sql`${id}::uuid`),
                sql`, `,
              )})`,
          )
        const change = { put: records, remove: removing }
        await record({ type: 'annotations', ...change })
        emit('annotation:applied', { seq, change, by: authorOf(access) })
      },
      () => undefined,
    )
  }

  // -------------------------------------------------------------------------------------------
  // The log

  private async insertLog(
    tx: Orm,
    access: Access,
    session: SessionRow,
    seq: number,
    row: LogRowInput,
  ): Promise<LogEntry> {
    const position = row.position
      ? sql`ST_SetSRID(ST_MakePoint(${row.position[0]}, ${row.position[1]}), 4326)`
      : sql`NULL`
    await queryRows(
      tx,
      sql`INSERT INTO session_log (id, session_id, kind, entry, version, geom, classification, created_by, updated_by)
        VALUES (${row.id}::uuid, ${session.id}::uuid, ${row.kind}, ${JSON.stringify(row.fields)}::jsonb, ${seq},
          ${position}, ${session.classification}, ${access.username}, ${access.username})`,
    )
    return (await logEntryById(tx, session.id, row.id))!
  }

  /** Appends a situation report, decision, task, coordination need or note. */
  async appendLog(
    access: Access,
    sessionId: string,
    append: LogAppend,
    options: ChangeOptions = {},
  ): Promise<Applied<LogEntry>> {
    const { kind, position, ...fields } = append.entry
    // Note: a pin is held to the rule drawings follow (valid, within 25 km of the municipality),
    // checked beside the queue as an annotation's geometry is.
    const checked = position
      ? requireValidGeometries(this.db.orm, [
          { geometry: { type: 'Point', coordinates: [position[0]!, position[1]!] }, path: 'entry.position' },
        ])
      : undefined
    checked?.catch(() => {})
    return this.apply(
      access,
      sessionId,
      append.opId,
      checked ? { ...options, ready: checked } : options,
      async ({ tx, session, rights, record, emit }) => {
        requireDraw(session, rights)
        const seq = session.seq + 1
        const entry = await this.insertLog(tx, access, session, seq, {
          id: randomUUID(),
          kind,
          fields,
          position,
        })
        await record({ type: 'log', entry })
        emit('log:appended', { seq, entry, by: authorOf(access) })
        return entry
      },
      recordedEntry,
    )
  }

  /** Changes a task: its text, assignee, due time or status. Other entries are a record and stay. */
  async updateLog(
    access: Access,
    sessionId: string,
    update: LogUpdate,
    options: ChangeOptions = {},
  ): Promise<Applied<LogEntry>> {
    return this.apply(
      access,
      sessionId,
      update.opId,
      options,
      async ({ tx, session, rights, record, emit }) => {
        requireDraw(session, rights)
        const [row] = await queryRows<{ kind: string; entry: Record<string, unknown> | string }>(
          tx,
          sql`SELECT kind, entry FROM session_log WHERE id = ${update.id}::uuid AND session_id = ${sessionId}::uuid`,
        )
        if (!row) throw new HttpError(404, 'not_found', `No log entry ${update.id} in this session`)
        if (row.kind !== 'task')
          throw validationFailed(
            'Only tasks are updated; other log entries are a record and stay as written',
            'id',
          )
        const fields = typeof row.entry === 'string' ? JSON.parse(row.entry) : row.entry
        const seq = session.seq + 1
        await queryRows(
          tx,
          sql`UPDATE session_log SET entry = ${JSON.stringify({ ...fields, ...update.patch })}::jsonb,
              version = ${seq}, updated_by = ${access.username}, updated_at = now()
            WHERE id = ${update.id}::uuid`,
        )
        const entry = (await logEntryById(tx, sessionId, update.id))!
        await record({ type: 'log', entry })
        emit('log:updated', { seq, entry, by: authorOf(access) })
        return entry
      },
      recordedEntry,
    )
  }

  // -------------------------------------------------------------------------------------------
  // The session itself (REST; every such write is audited in its transaction)

  /** The escalation level's id, checked against the municipality's list. */
  private escalationLevel(id: string, path: string): string {
    if (!this.escalationLevels.some((l) => l.id === id))
      throw validationFailed(
        `Unknown escalation level ${id}; the levels are ${this.escalationLevels.map((l) => l.id).join(', ')}`,
        path,
      )
    return id
  }

  private async checkArea(area: Geometry | null | undefined): Promise<void> {
    if (area) await requireValidGeometries(this.db.orm, [{ geometry: area, path: 'affectedArea' }])
  }

  /** Creates a session with its invitations; the creator must hold `createCrisisSession`. */
  async createSession(access: Access, input: SessionCreate): Promise<SessionDetail> {
    if (!may(access.role, 'createCrisisSession'))
      throw new HttpError(403, 'forbidden', `The role ${access.role} may not create crisis sessions`)
    const classification = input.classification ?? 'internal'
    if (!mayRead(access.role, 'crisis', classification))
      throw new HttpError(
        403,
        'forbidden',
        `You may not mark a session ${classification}: it is above your clearance`,
      )
    const level = this.escalationLevel(
      input.escalationLevel ?? this.escalationLevels[0]!.id,
      'escalationLevel',
    )
    const area = input.affectedArea ? flat(input.affectedArea) : null
    await this.checkArea(area)
    const invites = input.participants ?? []
    return this.db.transaction(async (tx) => {
      const [row] = await queryRows<{ id: string }>(
        tx,
        sql`INSERT INTO crisis_sessions (title, event_type, status, escalation_level, seq, affected_area,
            classification, created_by, updated_by)
          VALUES (${input.title}, ${input.eventType ?? null}, 'open', ${level}, 0,
            ${area ? geometryValue(area) : sql`NULL`}, ${classification}, ${access.username}, ${access.username})
          RETURNING id::text AS id`,
      )
      const sessionId = row!.id
      for (const [i, invite] of invites.entries())
        await this.insertParticipant(tx, access, sessionId, invite, i)
      const { session, rights } = await sessionFor(tx, access, sessionId)
      const record = await sessionView(tx, session)
      await appendAudit(tx, {
        actor: access.username,
        action: AuditAction.create,
        entity: 'crisis_session',
        entityId: sessionId,
        after: auditedSession(record),
      })
      return { ...sessionSeenBy(access, record), rights }
    })
  }

  /**
   * Changes the session. A new escalation level takes two consecutive seqs in one transaction: the
   * session's change, then an `escalation` log entry saying from what, to what, why and who decided.
   */
  async updateSession(
    access: Access,
    sessionId: string,
    update: SessionUpdate,
    options: ChangeOptions = {},
  ): Promise<Applied<Omit<SessionDetail, 'rights'>>> {
    if (update.escalationLevel !== undefined) this.escalationLevel(update.escalationLevel, 'escalationLevel')
    const area = update.affectedArea ? flat(update.affectedArea) : update.affectedArea
    await this.checkArea(area)
    return this.apply(
      access,
      sessionId,
      `rest:${randomUUID()}`,
      options,
      async ({ tx, session, rights, record, emit }) => {
        const reopening = update.status === 'open'
        requireChair(session, rights, reopening)
        const before = await sessionView(tx, session)
        const patch: SessionPatch = {}
        const sets = [sql`updated_at = now()`, sql`updated_by = ${access.username}`]
        if (update.title !== undefined) {
          patch.title = update.title
          sets.push(sql`title = ${update.title}`)
        }
        if (update.eventType !== undefined) {
          patch.eventType = update.eventType
          sets.push(sql`event_type = ${update.eventType}`)
        }
        if (area !== undefined) {
          patch.affectedArea = area
          sets.push(sql`affected_area = ${area ? geometryValue(area) : sql`NULL`}`)
        }
        if (update.agendaStep !== undefined) {
          patch.agendaStep = update.agendaStep
          sets.push(sql`agenda_step = ${update.agendaStep}`)
        }
        const escalates =
          update.escalationLevel !== undefined && update.escalationLevel !== session.escalationLevel
        if (escalates) {
          if (!update.escalationReason)
            throw validationFailed(
              'A change of escalation level needs a reason (escalationReason)',
              'escalationReason',
            )
          patch.escalationLevel = update.escalationLevel
          sets.push(sql`escalation_level = ${update.escalationLevel}`)
        }
        if (update.status !== undefined && update.status !== session.status) {
          patch.status = update.status
          patch.closedAt = update.status === 'closed' ? new Date().toISOString() : null
          sets.push(sql`status = ${update.status}, closed_at = ${patch.closedAt}::timestamptz`)
        }
        if (sets.length === 2)
          throw validationFailed('Nothing to change: every field given has that value already')
        await queryRows(
          tx,
          sql`UPDATE crisis_sessions SET ${sql.join(sets, sql`, `)} WHERE id = ${sessionId}::uuid`,
        )
        const seq = await record({ type: 'session', patch })
        const by = authorOf(access)
        let escalation: LogEntry | undefined
        if (escalates) {
          escalation = await this.insertLog(tx, access, session, seq + 1, {
            id: randomUUID(),
            kind: 'escalation',
            fields: {
              from: session.escalationLevel,
              to: update.escalationLevel,
              text: update.escalationReason,
              decidedBy: update.decidedBy || access.displayName,
            },
          })
          await record({ type: 'log', entry: escalation })
        }
        const { session: now } = await sessionFor(tx, access, sessionId)
        const after = await sessionView(tx, { ...now, seq: escalation ? seq + 1 : seq })
        emit('session:changed', {
          perRole: (role) => ({ seq, session: { ...sessionSeenBy({ role }, after), seq }, by }),
        })
        if (escalation) emit('log:appended', { seq: seq + 1, entry: escalation, by })
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.update,
          entity: 'crisis_session',
          entityId: sessionId,
          before: auditedSession(before),
          after: auditedSession(after),
          ...(escalation ? { details: { escalation } } : {}),
        })
        return sessionSeenBy(access, after)
      },
      neverRetried,
    )
  }

  private async insertParticipant(
    tx: Orm,
    access: Access,
    sessionId: string,
    invite: ParticipantInvite,
    index?: number,
  ): Promise<string> {
    const path = index === undefined ? '' : `participants.${index}.`
    // Note: an organisation the chair may not read in the actor register (or a person of one) is
    // answered exactly like an id that does not exist, so inviting cannot probe for hidden actors.
    const [target] =
      'userId' in invite
        ? await queryRows<{ organisation: Classification | null }>(
            tx,
            sql`SELECT a.classification AS organisation FROM users u LEFT JOIN actors a ON a.id = u.actor_id
              WHERE u.id = ${invite.userId}::uuid`,
          )
        : await queryRows<{ organisation: Classification | null }>(
            tx,
            sql`SELECT classification AS organisation FROM actors WHERE id = ${invite.actorId}::uuid`,
          )
    const hidden =
      target !== undefined &&
      (target.organisation !== null || !('userId' in invite)) &&
      !mayReadJoined(access, 'actors', target.organisation)
    if (!target || hidden)
      throw 'userId' in invite
        ? new HttpError(404, 'not_found', `No user has the id ${invite.userId}`, { path: `${path}userId` })
        : new HttpError(404, 'not_found', `No organisation has the id ${invite.actorId}`, {
            path: `${path}actorId`,
          })
    const [row] = await queryRows<{ id: string }>(
      tx,
      sql`INSERT INTO session_participants (session_id, user_id, actor_id, role, invited_by)
        VALUES (${sessionId}::uuid, ${'userId' in invite ? invite.userId : null}::uuid,
          ${'actorId' in invite ? invite.actorId : null}::uuid, ${invite.role}, ${access.username})
        ON CONFLICT DO NOTHING RETURNING id::text AS id`,
    )
    if (!row)
      throw new HttpError(
        409,
        'conflict',
        'Already invited; withdraw the invitation first to change the part',
        {
          path: `${path}${'userId' in invite ? 'userId' : 'actorId'}`,
        },
      )
    return row.id
  }

  /** Invites a user or an organisation (chair only). */
  async inviteParticipant(
    access: Access,
    sessionId: string,
    invite: ParticipantInvite,
  ): Promise<Applied<{ participant: Participant; session: Omit<SessionDetail, 'rights'> }>> {
    return this.apply(
      access,
      sessionId,
      `rest:${randomUUID()}`,
      {},
      async (room) => {
        const { tx, session, rights } = room
        requireChair(session, rights)
        const id = await this.insertParticipant(tx, access, sessionId, invite)
        const view = await sessionView(tx, session)
        const invitation = view.invitations.find((i) => i.participant.id === id)!
        const seq = await recordParticipants(room, sessionId, view, { invited: invitation.participant })
        return {
          participant: participantSeenBy(access, invitation),
          session: { ...sessionSeenBy(access, view), seq },
        }
      },
      neverRetried,
    )
  }

  /** Withdraws an invitation (chair only); whoever can no longer see the session leaves its room. */
  async removeParticipant(access: Access, sessionId: string, participantId: string): Promise<Applied<void>> {
    const applied = await this.apply(
      access,
      sessionId,
      `rest:${randomUUID()}`,
      {},
      async (room) => {
        const { tx, session, rights } = room
        requireChair(session, rights)
        const before = await sessionView(tx, session)
        const removed = before.invitations.find((i) => i.participant.id === participantId)?.participant
        if (!removed) throw new HttpError(404, 'not_found', `No participant ${participantId} in this session`)
        await queryRows(tx, sql`DELETE FROM session_participants WHERE id = ${participantId}::uuid`)
        await recordParticipants(room, sessionId, await sessionView(tx, session), { removed })
      },
      () => undefined,
    )
    await this.channel.evict?.(sessionId, async (member) => {
      try {
        await sessionFor(this.db.orm, member, sessionId)
        return true
      } catch {
        return false
      }
    })
    return applied
  }

  /**
   * Takes (`on`) or hands back the presenter's role. Not a change of the picture, so it takes no
   * seq; it is stored so that every process and every late joiner knows who presents.
   */
  async setPresenter(
    access: Access,
    sessionId: string,
    on: boolean,
    options: ChangeOptions = {},
  ): Promise<{ presenterId: string | null }> {
    return this.enqueue(sessionId, async () => {
      const result = await this.db.transaction(async (tx) => {
        const { session, rights } = await sessionFor(tx, access, sessionId, 'update')
        if (session.status !== 'open') throw sessionClosed()
        if (on && !rights.draw && !rights.chair)
          throw new HttpError(403, 'forbidden', 'Observers and readers follow; they do not present')
        const presenterId = on
          ? access.userId
          : session.presenterId === access.userId || rights.chair
            ? null
            : session.presenterId
        const changed = presenterId !== session.presenterId
        if (changed)
          await queryRows(
            tx,
            sql`UPDATE crisis_sessions SET presenter_id = ${presenterId}::uuid WHERE id = ${sessionId}::uuid`,
          )
        return { presenterId, changed }
      })
      if (result.changed)
        this.channel.emit(sessionId, 'presenter:changed', { presenterId: result.presenterId }, options.except)
      return { presenterId: result.presenterId }
    })
  }

  /** Clears the presenter when it is `userId` (their last socket left the room). */
  async presenterLeft(sessionId: string, userId: string): Promise<void> {
    await this.enqueue(sessionId, async () => {
      const rows = await this.db.query<{ id: string }>(
        sql`UPDATE crisis_sessions SET presenter_id = NULL
          WHERE id = ${sessionId}::uuid AND presenter_id = ${userId}::uuid RETURNING id::text AS id`,
      )
      if (rows.length > 0) this.channel.emit(sessionId, 'presenter:changed', { presenterId: null })
    })
  }

  /** Names the picture at the room's current seq ("Stabsmöte 3, 14:00"). */
  async createSnapshot(access: Access, sessionId: string, name: string): Promise<Snapshot> {
    return this.enqueue(sessionId, async () => {
      const snapshot = await this.db.transaction(async (tx) => {
        const { session, rights } = await sessionFor(tx, access, sessionId, 'update')
        if (session.status !== 'open') throw sessionClosed()
        if (!rights.draw && !rights.chair)
          throw new HttpError(403, 'forbidden', 'Observers and readers do not save snapshots')
        const taken = (
          await queryRows<{ name: string }>(
            tx,
            sql`SELECT name FROM session_snapshots WHERE session_id = ${sessionId}::uuid`,
          )
        ).map((r) => r.name)
        if (taken.some((t) => sameSnapshotName(t, name)))
          throw new HttpError(409, 'conflict', `The session already has a snapshot named "${name}"`, {
            field: 'name',
            suggestion: uniqueSnapshotName(name, taken),
          })
        const [row] = await queryRows<{ id: string; created_at: Date | string }>(
          tx,
          sql`INSERT INTO session_snapshots (session_id, name, seq, classification, created_by, updated_by)
            VALUES (${sessionId}::uuid, ${name}, ${session.seq}, ${session.classification}, ${access.username},
              ${access.username})
            RETURNING id::text AS id, created_at`,
        )
        const created: Snapshot = {
          id: row!.id,
          name,
          seq: session.seq,
          createdBy: access.username,
          createdAt: new Date(row!.created_at).toISOString(),
        }
        await appendAudit(tx, {
          actor: access.username,
          action: AuditAction.create,
          entity: 'crisis_session',
          entityId: sessionId,
          after: created,
          details: { snapshot: true },
        })
        return created
      })
      this.channel.emit(sessionId, 'snapshot:created', snapshot)
      return snapshot
    })
  }
}

/**
 * Records an invitation made or withdrawn as a session change (an empty patch and whom it
 * concerned), tells the room the session as it now stands (`view`), and audits the change of rights.
 */
async function recordParticipants(
  room: RoomTransaction,
  sessionId: string,
  view: SessionRecord,
  participants: { invited: Participant } | { removed: Participant },
): Promise<number> {
  const { tx, access, record, emit } = room
  const seq = await record({ type: 'session', patch: {}, participants })
  const by = authorOf(access)
  // Note: the change as stored names the organisation; each member hears it as their role may see
  // it, and the history is generalised the same way when it is read.
  emit('session:changed', {
    perRole: (role) => ({ seq, session: { ...sessionSeenBy({ role }, view), seq }, by }),
  })
  await appendAudit(tx, {
    actor: access.username,
    action: AuditAction.rights,
    entity: 'crisis_session',
    entityId: sessionId,
    ...('invited' in participants
      ? { after: participants.invited, details: { invited: true } }
      : { before: participants.removed, details: { withdrawn: true } }),
  })
  return seq
}

/** A session as the audit log records it (administrators read it): its facts and invitations, not its annotations. */
function auditedSession(s: SessionRecord) {
  return {
    title: s.title,
    eventType: s.eventType,
    status: s.status,
    escalationLevel: s.escalationLevel,
    agendaStep: s.agendaStep,
    classification: s.classification,
    affectedArea: s.affectedArea,
    closedAt: s.closedAt,
    participants: s.invitations.map(({ participant: p }) => ({
      name: p.name,
      role: p.role,
      userId: p.userId,
      actorId: p.actorId,
    })),
  }
}
