import { describe, expect, it } from 'vitest'
import type { Participant, RosterEntry } from '../../common/crisis.ts'
import { organisationKey, presentWithoutActor, rollCall, rollCallSummary } from './roll-call.ts'

const actors = [
  { id: '00000000-0000-4000-8000-000000000001', name: 'Polisen, lokalpolisområde (demo)' },
  {
    id: '00000000-0000-4000-8000-000000000002',
    name: 'Kommunledningsförvaltningen, Norrköpings kommun (demo)',
  },
  { id: '00000000-0000-4000-8000-000000000003', name: 'Räddningstjänsten (demo)' },
  { id: '00000000-0000-4000-8000-000000000004', name: 'Apoteket (demo)' },
]

const participant = (fields: Partial<Participant>): Participant => ({
  id: crypto.randomUUID(),
  userId: null,
  actorId: null,
  name: '',
  organisation: null,
  role: 'participant',
  invitedBy: 'krisledare',
  invitedAt: '2026-11-20T06:42:00Z',
  ...fields,
})

const person = (
  username: string,
  organisation: string | null,
  status: 'online' | 'dropped',
): RosterEntry => ({
  userId: crypto.randomUUID(),
  username,
  displayName: username,
  organisation,
  role: 'crisis',
  sessionRole: 'participant',
  colour: '#1f77b4',
  status,
})

describe('roll call', () => {
  const participants = [
    participant({ actorId: actors[1].id, name: actors[1].name, role: 'chair' }),
    participant({ actorId: actors[0].id, name: actors[0].name }),
    // Invited as a person: the organisation counts as invited through them.
    participant({
      userId: crypto.randomUUID(),
      name: 'Rut Räddare',
      organisation: 'Räddningstjänsten (demo)',
    }),
  ]
  const roster = [
    person('krisledare', 'Kommunledningsförvaltningen, Norrköpings kommun (demo)', 'online'),
    person('analytiker', 'kommunledningsförvaltningen,  norrköpings kommun', 'dropped'),
    person('polis', 'Polisen, lokalpolisområde (demo)', 'dropped'),
    person('gast', 'Länsstyrelsen (demo)', 'online'),
    person('ingen', null, 'online'),
  ]

  it('lists invited actors first, then the rest of the register', () => {
    const rows = rollCall(actors, participants, roster)
    expect(rows.map((r) => [r.actor.id, r.invited])).toEqual([
      [actors[1].id, true],
      [actors[0].id, true],
      [actors[2].id, true],
      [actors[3].id, false],
    ])
    expect(rows[0].role).toBe('chair')
    expect(rows[2].role).toBeNull()
  })

  it('matches people to actors by organisation, ignoring case, spacing and the demo mark', () => {
    const rows = rollCall(actors, participants, roster)
    expect(rows[0].present.map((r) => r.username)).toEqual(['krisledare'])
    expect(rows[0].dropped.map((r) => r.username)).toEqual(['analytiker'])
    expect(rows[1].present).toEqual([])
    expect(rows[1].dropped.map((r) => r.username)).toEqual(['polis'])
  })

  it('counts the invited actors that are here', () => {
    expect(rollCallSummary(rollCall(actors, participants, roster))).toEqual({ invited: 3, present: 1 })
  })

  it('names the people present whose organisation is not in the register', () => {
    expect(presentWithoutActor(actors, roster).map((r) => r.username)).toEqual(['gast', 'ingen'])
  })

  it('normalises organisation names', () => {
    expect(organisationKey('  Polisen   (demo) ')).toBe('polisen')
  })
})
