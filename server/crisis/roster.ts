/**
 * The roster of a session: everyone invited by name and everyone connected, each with their
 * organisation, role, colour and whether they are online. Who is online comes from the caller
 * (socket.io's `fetchSockets`, which asks every process), so this module only reads the database.
 */
import { sql } from 'drizzle-orm'
import {
  type Participant,
  participantColour,
  type RosterEntry,
  type SessionRole,
} from '../../common/crisis.ts'
import type { Classification, Role } from '../../common/domain.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { mayReadJoined } from '../http/readable-join.ts'
import { type SessionRow, sessionRoleOf } from './session-access.ts'

interface UserRow {
  id: string
  username: string
  display_name: string
  role: Role
  actor_id: string | null
  organisation: string | null
  organisation_classification: Classification | null
}

async function usersById(handle: Orm, ids: readonly string[]): Promise<UserRow[]> {
  if (ids.length === 0) return []
  return queryRows<UserRow>(
    handle,
    sql`SELECT u.id::text AS id, u.username, u.display_name, u.role, u.actor_id::text AS actor_id,
        a.name AS organisation, a.classification AS organisation_classification
      FROM users u LEFT JOIN actors a ON a.id = u.actor_id
      WHERE u.id IN (${sql.join(
        ids.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
  )
}

/** A user's part in the session from the invitations (by name or organisation) and their role. */
function partOf(user: UserRow, session: SessionRow, participants: readonly Participant[]): SessionRole {
  const invitedAs = participants
    .filter((p) => p.userId === user.id || (p.actorId !== null && p.actorId === user.actor_id))
    .map((p) => p.role)
  // Note: someone connected always may see the session; `participant` covers a creator not invited.
  return sessionRoleOf({ role: user.role, username: user.username }, session, invitedAs) ?? 'participant'
}

const entryOf = (
  user: UserRow,
  session: SessionRow,
  participants: readonly Participant[],
  online: boolean,
): RosterEntry => ({
  userId: user.id,
  username: user.username,
  displayName: user.display_name,
  organisation: user.organisation,
  role: user.role,
  sessionRole: partOf(user, session, participants),
  colour: participantColour(user.id),
  status: online ? 'online' : 'dropped',
})

/** A roster entry before a reader's need-to-know, with the classification of the user's organisation. */
export interface RosterRecord {
  entry: RosterEntry
  organisationClassification: Classification | null
}

/** A roster entry as `reader` may see it: the organisation only when the reader may read that actor. */
export const rosterEntrySeenBy = (reader: Pick<Access, 'role'>, record: RosterRecord): RosterEntry =>
  record.entry.organisation === null || mayReadJoined(reader, 'actors', record.organisationClassification)
    ? record.entry
    : { ...record.entry, organisation: null }

/**
 * Invited users and connected users, by display name. `participants` are the invitations as
 * stored (their organisation ids tell who takes part through their organisation).
 */
export async function rosterOf(
  handle: Orm,
  session: SessionRow,
  participants: readonly Participant[],
  onlineUserIds: ReadonlySet<string>,
): Promise<RosterRecord[]> {
  const invited = participants.flatMap((p) => (p.userId ? [p.userId] : []))
  const ids = [...new Set([...invited, ...onlineUserIds])]
  const users = await usersById(handle, ids)
  return users
    .map((u) => ({
      entry: entryOf(u, session, participants, onlineUserIds.has(u.id)),
      organisationClassification: u.organisation_classification,
    }))
    .sort(
      (a, b) =>
        a.entry.displayName.localeCompare(b.entry.displayName, 'sv') ||
        a.entry.userId.localeCompare(b.entry.userId),
    )
}
