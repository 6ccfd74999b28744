/**
 * Reading a room's picture: its annotations and log as the wire shows them (`AnnotationRecord`,
 * `LogEntry`), the history of applied changes, and the picture at an earlier seq folded from that
 * history. Joining, replay, exports and the report all read through here.
 */
import { type SQL, sql } from 'drizzle-orm'
import {
  type AnnotationRecord,
  type HistoryEntry,
  type LogEntry,
  type LogKind,
  type Participant,
  type SessionChange,
  type Snapshot,
  stateAt,
} from '../../common/crisis.ts'
import type { Classification } from '../../common/domain.ts'
import { higherClassification } from '../../common/permissions.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { participantSeenBy } from './session-access.ts'

const iso = (value: Date | string): string => new Date(value).toISOString()
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value)

/** A timestamp as `Date.prototype.toISOString` writes it (milliseconds, truncated, UTC). */
const isoText = (column: SQL) => sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`

/**
 * Annotations changed after `sinceSeq`, tombstones included, in version order.
 *
 * Geometries are read with 15 decimals: enough for every double of a WGS 84 coordinate to come back
 * exactly as it went in, so a record read from the table equals the one the room broadcast.
 */
export async function annotationsSince(
  handle: Orm,
  sessionId: string,
  sinceSeq = 0,
  { live = false } = {},
): Promise<AnnotationRecord[]> {
  // Note: the database writes the records as one JSON text, parsed here at once; a join of
  // thousands of annotations row by row spent most of its time in the driver (twice as long on
  // PGlite). The keys are in `AnnotationRecord`'s order, so the text equals a broadcast record's.
  const [row] = await queryRows<{ records: string | null }>(
    handle,
    sql`SELECT json_agg(json_build_object(
        'id', a.id, 'kind', a.kind, 'geometry', ST_AsGeoJSON(a.geom, 15)::json,
        'properties', a.properties, 'version', a.version,
        'deleted', CASE WHEN a.deleted_at IS NOT NULL THEN true END,
        'createdBy', a.created_by, 'createdAt', ${isoText(sql`a.created_at`)},
        'updatedBy', a.updated_by, 'updatedAt', ${isoText(sql`a.updated_at`)}
      ) ORDER BY a.version, a.id)::text AS records
      FROM annotations a
      WHERE a.session_id = ${sessionId}::uuid AND a.version > ${sinceSeq}
        ${live ? sql`AND a.deleted_at IS NULL` : sql``}`,
  )
  const records = JSON.parse(row?.records ?? '[]') as (AnnotationRecord & { deleted: true | null })[]
  for (const record of records) if (record.deleted === null) delete (record as { deleted?: unknown }).deleted
  return records
}

interface LogRow {
  id: string
  kind: LogKind
  entry: Record<string, unknown> | string
  version: number | string
  position: { coordinates: [number, number] } | string | null
  created_by: string
  created_at: Date | string
  updated_by: string
  updated_at: Date | string
}

export const logColumns = sql`l.id::text AS id, l.kind, l.entry, l.version,
  ST_AsGeoJSON(l.geom, 15)::json AS position, l.created_by, l.created_at, l.updated_by, l.updated_at`

/** A `session_log` row as the wire shows it: the stored fields, the pin, who and when. */
export function toLogEntry(r: LogRow): LogEntry {
  const position = r.position ? json(r.position).coordinates : undefined
  return {
    id: r.id,
    kind: r.kind,
    ...(json(r.entry) as Omit<LogEntry, 'id' | 'kind' | 'version'>),
    ...(position ? { position: [position[0], position[1]] as [number, number] } : {}),
    version: Number(r.version),
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at),
  }
}

export async function logSince(handle: Orm, sessionId: string, sinceSeq = 0): Promise<LogEntry[]> {
  const rows = await queryRows<LogRow>(
    handle,
    sql`SELECT ${logColumns} FROM session_log l
      WHERE l.session_id = ${sessionId}::uuid AND l.version > ${sinceSeq}
      ORDER BY l.created_at, l.version, l.id`,
  )
  return rows.map(toLogEntry)
}

export async function logEntryById(
  handle: Orm,
  sessionId: string,
  id: string,
): Promise<LogEntry | undefined> {
  const [row] = await queryRows<LogRow>(
    handle,
    sql`SELECT ${logColumns} FROM session_log l WHERE l.session_id = ${sessionId}::uuid AND l.id = ${id}::uuid`,
  )
  return row && toLogEntry(row)
}

/** Every applied change up to `untilSeq` (all when absent), in seq order. */
export async function historyOf(handle: Orm, sessionId: string, untilSeq?: number): Promise<HistoryEntry[]> {
  const rows = await queryRows<{
    seq: number | string
    op_id: string
    applied_at: Date | string
    applied_by: string
    change: SessionChange | string
  }>(
    handle,
    sql`SELECT seq, op_id, applied_at, applied_by, change FROM session_changes
      WHERE session_id = ${sessionId}::uuid ${untilSeq === undefined ? sql`` : sql`AND seq <= ${untilSeq}`}
      ORDER BY seq`,
  )
  return rows.map((r) => ({
    seq: Number(r.seq),
    opId: r.op_id,
    at: iso(r.applied_at),
    by: r.applied_by,
    change: json(r.change),
  }))
}

/**
 * The history as `reader` may see it: the invitations it records name organisations of the actor
 * register, which follow the register's need-to-know as the session's participants do. The
 * classification is the organisation's as it stands now; a name the register no longer holds is
 * withheld, since nothing says the reader may read it.
 */
export async function historySeenBy(
  handle: Orm,
  reader: Pick<Access, 'role'>,
  history: HistoryEntry[],
): Promise<HistoryEntry[]> {
  const invitations = history.flatMap((h) =>
    h.change.type === 'session' && h.change.participants
      ? [h.change.participants.invited, h.change.participants.removed].filter((p) => p !== undefined)
      : [],
  )
  if (invitations.length === 0) return history
  const actorIds = [
    ...new Set(invitations.flatMap((p) => (p.userId === null && p.actorId ? [p.actorId] : []))),
  ]
  const names = [
    ...new Set(invitations.flatMap((p) => (p.userId !== null && p.organisation ? [p.organisation] : []))),
  ]
  const rows = await queryRows<{ id: string; name: string; classification: Classification }>(
    handle,
    sql`SELECT id::text AS id, name, classification FROM actors
      WHERE id::text IN (${sql.join([sql`''`, ...actorIds.map((id) => sql`${id}`)], sql`, `)})
        OR name IN (${sql.join([sql`''`, ...names.map((n) => sql`${n}`)], sql`, `)})`,
  )
  const byId = new Map(rows.map((r) => [r.id, r.classification]))
  // Note: names are not unique in the register; a name is shown only if every actor of that name may be read.
  const byName = new Map<string, Classification>()
  for (const r of rows)
    byName.set(r.name, higherClassification(byName.get(r.name) ?? 'open', r.classification))
  const seen = (p: Participant): Participant =>
    participantSeenBy(reader, {
      participant: p,
      organisationClassification:
        (p.userId === null ? byId.get(p.actorId ?? '') : byName.get(p.organisation ?? '')) ?? null,
    })
  return history.map((h) => {
    if (h.change.type !== 'session' || !h.change.participants) return h
    const { invited, removed } = h.change.participants
    return {
      ...h,
      change: {
        ...h.change,
        participants: {
          ...(invited ? { invited: seen(invited) } : {}),
          ...(removed ? { removed: seen(removed) } : {}),
        },
      },
    }
  })
}

/**
 * The live annotations and the log at `seq`: straight from the tables for the room's current seq,
 * folded from the history for an earlier one.
 */
export async function pictureAt(
  handle: Orm,
  sessionId: string,
  seq: number,
  currentSeq: number,
): Promise<{ annotations: AnnotationRecord[]; log: LogEntry[] }> {
  if (seq >= currentSeq)
    return {
      annotations: await annotationsSince(handle, sessionId, 0, { live: true }),
      log: await logSince(handle, sessionId, 0),
    }
  const state = stateAt(await historyOf(handle, sessionId, seq), seq)
  return {
    annotations: [...state.annotations.values()].sort((a, b) => a.version - b.version),
    log: [...state.log.values()].sort(
      (a, b) => a.createdAt.localeCompare(b.createdAt) || a.version - b.version,
    ),
  }
}

export async function snapshotsOf(handle: Orm, sessionId: string): Promise<Snapshot[]> {
  const rows = await queryRows<{
    id: string
    name: string
    seq: number | string
    created_by: string
    created_at: Date | string
  }>(
    handle,
    sql`SELECT id::text AS id, name, seq, created_by, created_at FROM session_snapshots
      WHERE session_id = ${sessionId}::uuid ORDER BY seq, created_at, id`,
  )
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    seq: Number(r.seq),
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
  }))
}
