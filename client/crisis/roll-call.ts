/**
 * The roll call (*upprop*) of a samverkanskonferens: the actors of the municipality's actor
 * register, with which of them are invited to the session and who is here for each. People are
 * matched to actors through their organisation, since a user's organisation is an actor of the
 * register (`users.actor_id`).
 */
import type { Participant, RosterEntry, SessionRole } from '../../common/crisis.ts'

/** An actor as the roll call needs it (from `GET /api/layers/actors/features`). */
export interface RegisterActor {
  id: string
  name: string
  shortName?: string | null
  actorType?: string | null
}

export interface RollCallRow {
  actor: RegisterActor
  /** The actor is invited to the session as an organisation, or one of its people is. */
  invited: boolean
  /** The session role of the organisation's invitation, when it has one. */
  role: SessionRole | null
  /** The actor's people in the roster who are connected now. */
  present: RosterEntry[]
  /** The actor's people in the roster whose connection has dropped. */
  dropped: RosterEntry[]
}

/** Organisation names compared without case, spacing or the demo mark getting in the way. */
export function organisationKey(name: string): string {
  return name
    .toLocaleLowerCase('sv')
    .replace(/\(demo\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * One row per actor: invited actors first in the register's order of names, then the rest, so the
 * chair reads out the invited ones and sees at a glance who else could be called in.
 */
export function rollCall(
  actors: readonly RegisterActor[],
  participants: readonly Participant[],
  roster: readonly RosterEntry[],
): RollCallRow[] {
  const byActorId = new Map(participants.filter((p) => p.actorId).map((p) => [p.actorId as string, p]))
  const invitedOrganisations = new Set(
    participants
      .filter((p) => p.userId && p.organisation)
      .map((p) => organisationKey(p.organisation as string)),
  )
  const rows = actors.map((actor): RollCallRow => {
    const key = organisationKey(actor.name)
    const people = roster.filter((r) => r.organisation && organisationKey(r.organisation) === key)
    const invitation = byActorId.get(actor.id)
    return {
      actor,
      invited: invitation !== undefined || invitedOrganisations.has(key),
      role: invitation?.role ?? null,
      present: people.filter((r) => r.status === 'online'),
      dropped: people.filter((r) => r.status === 'dropped'),
    }
  })
  const byName = (a: RollCallRow, b: RollCallRow) => a.actor.name.localeCompare(b.actor.name, 'sv')
  return [...rows.filter((r) => r.invited).sort(byName), ...rows.filter((r) => !r.invited).sort(byName)]
}

/** Connected participants whose organisation is not in the register (or who have none). */
export function presentWithoutActor(
  actors: readonly RegisterActor[],
  roster: readonly RosterEntry[],
): RosterEntry[] {
  const known = new Set(actors.map((a) => organisationKey(a.name)))
  return roster.filter(
    (r) => r.status === 'online' && (!r.organisation || !known.has(organisationKey(r.organisation))),
  )
}

/** The counts the meeting header reads out: invited actors and how many of them are here. */
export function rollCallSummary(rows: readonly RollCallRow[]): { invited: number; present: number } {
  const invited = rows.filter((r) => r.invited)
  return { invited: invited.length, present: invited.filter((r) => r.present.length > 0).length }
}
