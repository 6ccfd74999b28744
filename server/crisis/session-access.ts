/**
 * Who may see and do what in a crisis session, in one place for REST and sockets.
 *
 * A user sees a session when they lead every session (administrator, crisis manager), created it,
 * were invited by name, or belong to an invited organisation, and their clearance covers the
 * session's classification. A session they may not see answers exactly like one that does not
 * exist. Drawing and writing the log need the role's capability, a part other than observer and an
 * open session; the chair leads the meeting.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Participant, SessionDetail, SessionRole, SessionStatus } from '../../common/crisis.ts'
import type { Classification, Role } from '../../common/domain.ts'
import { clearanceIn, higherClassification, may, mayRead } from '../../common/permissions.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { HttpError } from '../http/errors.ts'
import { mayReadJoined } from '../http/readable-join.ts'

/** Roles that lead every session without an invitation. */
const leadRoles: readonly Role[] = ['admin', 'crisis']

export const leadsEverySession = (role: Role): boolean => leadRoles.includes(role)

/** One `crisis_sessions` row as the access checks and the wire shapes need it. */
export interface SessionRow {
  id: string
  title: string
  eventType: string | null
  status: SessionStatus
  escalationLevel: string
  seq: number
  agendaStep: string | null
  presenterId: string | null
  affectedArea: GeoJSON.Geometry | null
  classification: Classification
  createdBy: string
  createdAt: string
  updatedAt: string
  closedAt: string | null
}

export interface SessionRights {
  role: SessionRole
  draw: boolean
  chair: boolean
}

/** A session the caller may not see, worded exactly like one that does not exist. */
export const sessionNotFound = (id: string) => new HttpError(404, 'not_found', `No crisis session ${id}`)

export const sessionClosed = () =>
  new HttpError(409, 'conflict', 'The session is closed; it can be read, not changed')

const strength: Record<SessionRole, number> = { observer: 0, participant: 1, chair: 2 }

/**
 * The caller's part in a session, or `undefined` when they may not see it. `invitedAs` are the roles
 * of the invitations naming the caller or the caller's organisation.
 */
export function sessionRoleOf(
  access: Pick<Access, 'role' | 'username'>,
  session: Pick<SessionRow, 'classification' | 'createdBy'>,
  invitedAs: readonly SessionRole[],
): SessionRole | undefined {
  if (!mayRead(access.role, 'crisis', session.classification)) return undefined
  if (leadsEverySession(access.role)) return 'chair'
  // Note: invited both by name and through the organisation, the stronger invitation counts.
  const invited = [...invitedAs].sort((a, b) => strength[b] - strength[a])[0]
  if (invited) return invited
  if (session.createdBy === access.username) return 'participant'
  return undefined
}

export function rightsOf(
  access: Pick<Access, 'role'>,
  session: Pick<SessionRow, 'status'>,
  role: SessionRole,
): SessionRights {
  return {
    role,
    draw: session.status === 'open' && role !== 'observer' && may(access.role, 'drawInCrisisSession'),
    chair: role === 'chair',
  }
}

/** Throws unless the caller may draw and write the log now: closed is a conflict, no right forbidden. */
export function requireDraw(session: Pick<SessionRow, 'status'>, rights: SessionRights): void {
  if (session.status !== 'open') throw sessionClosed()
  if (!rights.draw)
    throw new HttpError(
      403,
      'forbidden',
      rights.role === 'observer'
        ? 'Observers follow the session; they do not draw or write in it'
        : 'Your role may not draw or write in crisis sessions',
    )
}

/** Throws unless the caller chairs the session; `whileClosed` allows it in a closed session (reopening). */
export function requireChair(
  session: Pick<SessionRow, 'status'>,
  rights: SessionRights,
  whileClosed = false,
): void {
  if (!rights.chair) throw new HttpError(403, 'forbidden', 'Only the chair may do this')
  if (session.status !== 'open' && !whileClosed) throw sessionClosed()
}

/** A WHERE condition on `s` (crisis_sessions) that keeps the sessions the caller may see. */
export function visibleSessions(access: Access): SQL {
  const cleared = sql`s.classification IN (${sql.join(
    clearanceIn(access.role, 'crisis').map((c) => sql`${c}`),
    sql`, `,
  )})`
  if (leadsEverySession(access.role)) return cleared
  return sql`${cleared} AND (s.created_by = ${access.username} OR EXISTS (
    SELECT 1 FROM session_participants p WHERE p.session_id = s.id
      AND (p.user_id = ${access.userId}::uuid OR p.actor_id = ${access.actorId}::uuid)))`
}

const sessionColumns = sql`s.id::text AS id, s.title, s.event_type, s.status, s.escalation_level, s.seq,
  s.agenda_step, s.presenter_id::text AS presenter_id, ST_AsGeoJSON(s.affected_area, 15)::json AS affected_area,
  s.classification, s.created_by, s.created_at, s.updated_at, s.closed_at`

interface RawSessionRow {
  id: string
  title: string
  event_type: string | null
  status: SessionStatus
  escalation_level: string
  seq: number | string
  agenda_step: string | null
  presenter_id: string | null
  affected_area: GeoJSON.Geometry | string | null
  classification: Classification
  created_by: string
  created_at: Date | string
  updated_at: Date | string
  closed_at: Date | string | null
}

const iso = (value: Date | string): string => new Date(value).toISOString()

function toSessionRow(r: RawSessionRow): SessionRow {
  return {
    id: r.id,
    title: r.title,
    eventType: r.event_type,
    status: r.status,
    escalationLevel: r.escalation_level,
    seq: Number(r.seq),
    agendaStep: r.agenda_step,
    presenterId: r.presenter_id,
    affectedArea: typeof r.affected_area === 'string' ? JSON.parse(r.affected_area) : r.affected_area,
    classification: r.classification,
    createdBy: r.created_by,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    closedAt: r.closed_at ? iso(r.closed_at) : null,
  }
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * The session and the caller's rights in it, or a 404 when it does not exist or the caller may not
 * see it. `lock` takes the row lock that orders the room's changes (`update`) or waits for them
 * (`share`, for a consistent read of the room at one seq).
 */
export async function sessionFor(
  handle: Orm,
  access: Access,
  sessionId: string,
  lock?: 'update' | 'share',
): Promise<{ session: SessionRow; rights: SessionRights }> {
  if (!UUID_PATTERN.test(sessionId)) throw sessionNotFound(sessionId)
  const locking = lock === 'update' ? sql`FOR UPDATE OF s` : lock === 'share' ? sql`FOR SHARE OF s` : sql``
  const [row] = await queryRows<RawSessionRow & { invited_as: string | null }>(
    handle,
    sql`SELECT ${sessionColumns},
        (SELECT string_agg(p.role, ',') FROM session_participants p WHERE p.session_id = s.id
          AND (p.user_id = ${access.userId}::uuid OR p.actor_id = ${access.actorId}::uuid)) AS invited_as
      FROM crisis_sessions s WHERE s.id = ${sessionId}::uuid ${locking}`,
  )
  if (!row) throw sessionNotFound(sessionId)
  const session = toSessionRow(row)
  const invitedAs = (row.invited_as?.split(',') ?? []) as SessionRole[]
  const role = sessionRoleOf(access, session, invitedAs)
  if (!role) throw sessionNotFound(sessionId)
  return { session, rights: rightsOf(access, session, role) }
}

/** The sessions the caller may see, most recently changed first. */
export async function visibleSessionRows(handle: Orm, access: Access): Promise<SessionRow[]> {
  const rows = await queryRows<RawSessionRow>(
    handle,
    sql`SELECT ${sessionColumns} FROM crisis_sessions s WHERE ${visibleSessions(access)}
      ORDER BY s.updated_at DESC, s.id`,
  )
  return rows.map(toSessionRow)
}

/**
 * An invitation as stored, with the classification of the organisation it names (the invited
 * organisation, or the invited user's organisation). What a reader sees of it is
 * `participantSeenBy`: names of organisations come from the actor register, so they follow the
 * register's need-to-know (`server/http/readable-join.ts`).
 */
export interface Invitation {
  participant: Participant
  /** The classification of the organisation the invitation names, null when it names none. */
  organisationClassification: Classification | null
}

/**
 * An invitation as `reader` may see it: an invited organisation the reader may not read is
 * withheld (no name, no id; the client shows "Begränsad aktör"), and an invited person keeps their
 * name but not an organisation the reader may not read.
 */
export function participantSeenBy(reader: Pick<Access, 'role'>, invitation: Invitation): Participant {
  const p = invitation.participant
  if (p.organisation === null || mayReadJoined(reader, 'actors', invitation.organisationClassification))
    return p
  if (p.userId !== null) return { ...p, organisation: null }
  return { ...p, actorId: null, name: '', organisation: null, withheld: true }
}

/** The invitations of a session, by user and by organisation, in the order they were made. */
export async function invitationsOf(handle: Orm, sessionId: string): Promise<Invitation[]> {
  const rows = await queryRows<{
    id: string
    user_id: string | null
    actor_id: string | null
    role: SessionRole
    invited_by: string
    invited_at: Date | string
    user_name: string | null
    user_organisation: string | null
    user_organisation_classification: Classification | null
    actor_name: string | null
    actor_classification: Classification | null
  }>(
    handle,
    sql`SELECT p.id::text AS id, p.user_id::text AS user_id, p.actor_id::text AS actor_id, p.role,
        p.invited_by, p.invited_at, u.display_name AS user_name, ua.name AS user_organisation,
        ua.classification AS user_organisation_classification,
        a.name AS actor_name, a.classification AS actor_classification
      FROM session_participants p
      LEFT JOIN users u ON u.id = p.user_id
      LEFT JOIN actors ua ON ua.id = u.actor_id
      LEFT JOIN actors a ON a.id = p.actor_id
      WHERE p.session_id = ${sessionId}::uuid ORDER BY p.invited_at, p.id`,
  )
  return rows.map((r) => ({
    participant: {
      id: r.id,
      userId: r.user_id,
      actorId: r.actor_id,
      name: r.user_name ?? r.actor_name ?? '',
      organisation: r.user_id ? r.user_organisation : r.actor_name,
      role: r.role,
      invitedBy: r.invited_by,
      invitedAt: iso(r.invited_at),
    },
    organisationClassification: r.user_id ? r.user_organisation_classification : r.actor_classification,
  }))
}

/** The session as stored, with its invitations as they are before any reader's need-to-know. */
export type SessionRecord = Omit<SessionDetail, 'rights' | 'participants'> & { invitations: Invitation[] }

/** The session as `reader` may see it, without the reader's rights. */
export const sessionSeenBy = (
  reader: Pick<Access, 'role'>,
  { invitations, ...session }: SessionRecord,
): Omit<SessionDetail, 'rights'> => ({
  ...session,
  participants: invitations.map((i) => participantSeenBy(reader, i)),
})

/** The most classified of the session and the organisations `reader` is shown in it. */
export const sessionMarking = (reader: Pick<Access, 'role'>, session: SessionRecord): Classification =>
  session.invitations.reduce<Classification>(
    (level, i) =>
      i.organisationClassification !== null &&
      i.participant.organisation !== null &&
      mayReadJoined(reader, 'actors', i.organisationClassification) &&
      higherClassification(level, i.organisationClassification) !== level
        ? i.organisationClassification
        : level,
    session.classification,
  )

/** The session as stored, for every reader: send it through `sessionSeenBy`. */
export async function sessionView(handle: Orm, session: SessionRow): Promise<SessionRecord> {
  return {
    id: session.id,
    title: session.title,
    status: session.status,
    escalationLevel: session.escalationLevel,
    eventType: session.eventType,
    seq: session.seq,
    classification: session.classification,
    createdBy: session.createdBy,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    closedAt: session.closedAt,
    affectedArea: session.affectedArea,
    agendaStep: session.agendaStep as SessionDetail['agendaStep'],
    presenterId: session.presenterId,
    invitations: await invitationsOf(handle, session.id),
  }
}

/** A session's summary, as `GET /api/sessions` lists it. */
export const sessionSummary = (s: SessionRow) => ({
  id: s.id,
  title: s.title,
  status: s.status,
  escalationLevel: s.escalationLevel,
  eventType: s.eventType,
  seq: s.seq,
  classification: s.classification,
  createdBy: s.createdBy,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
  closedAt: s.closedAt,
})
