/**
 * One example crisis session: a power cut in the town centre, escalated to a serious event
 * (allvarlig händelse), with what the staff drew on the shared map and what they logged.
 */
import type { Geometry } from 'geojson'
import type { AnnotationRecord, LogEntry, SessionChange, SessionPatch } from '../../common/crisis.ts'
import { DEMO_MARK } from '../../common/domain.ts'
import {
  annotations,
  crisisSessions,
  sessionChanges,
  sessionLog,
  sessionParticipants,
  sessionSnapshots,
} from '../schema.ts'
import type { SeedContext } from './context.ts'
import {
  byDistance,
  circle,
  intersect,
  lineGeometry,
  multiPolygonGeometry,
  pointGeometry,
  polar,
  polygonGeometry,
  toWgs,
  type XY,
} from './geometry.ts'
import { insertAll } from './sql.ts'

/** The crisis manager on duty writes the session; users are created elsewhere. */
const AUTHOR = 'krisledare'
/**
 * When the power went: 06:40 Swedish time on the seed day, so the tasks are due the day the demo is
 * first started (a fixed day gives the same session every time).
 */
export function sessionStart(day: string): number {
  const [y, m, d] = day.split('-').map(Number)
  const wall = Date.UTC(y, m - 1, d, 6, 40)
  // Note: Stockholm is UTC+1 in winter and UTC+2 in summer; read the offset at that wall-clock time.
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'Europe/Stockholm',
    hourCycle: 'h23',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(wall - 60 * 60_000))
  const hour = Number(parts.find((p) => p.type === 'hour')?.value)
  const offsetHours = (hour - 5 + 24) % 24
  return wall - offsetHours * 3_600_000
}

interface Change {
  /** Minutes after the start. */
  minutes: number
  /** A change of the session itself (agenda step, level), recorded first as the chair's change is. */
  session?: SessionPatch
  annotation?: {
    kind: AnnotationRecord['kind']
    properties: AnnotationRecord['properties']
    geom: Geometry
  }
  log?: {
    kind: 'situation_report' | 'decision' | 'task' | 'coordination_need' | 'escalation' | 'note'
    entry: Record<string, unknown>
    at?: XY
  }
}

export async function seedSessions(ctx: SeedContext): Promise<void> {
  const STARTED = sessionStart(ctx.day)
  const rng = ctx.rng.fork('sessions')
  const { kommun, world } = ctx
  const { region, centre, townRadius } = kommun
  const actor = (key: string) => world.actors.get(key)
  const nearestOf = (kind: string, p: XY) =>
    byDistance(
      world.assets.filter((a) => a.kind === kind),
      p,
      (a) => a.location,
    )[0]

  // The fault is at the primary substation nearest the centre; the dark area lies around it.
  const fault = nearestOf('primary_substation', centre)?.location ?? centre
  const darkCentre: XY = [(fault[0] + centre[0]) / 2, (fault[1] + centre[1]) / 2]
  const clipped = intersect([[circle(darkCentre, townRadius * 0.3, 24)]], region.multi)
  const dark = clipped ? multiPolygonGeometry(clipped) : pointGeometry(darkCentre)
  const schools = byDistance(
    world.assets.filter((a) => a.kind === 'school'),
    darkCentre,
    (a) => a.location,
  )
  const careHome = nearestOf('care_home', darkCentre)
  const reservoir = nearestOf('reservoir', darkCentre)
  const road = byDistance(
    world.roads.filter((r) => r.roadClass !== 'local'),
    darkCentre,
    (r) => r.line[0],
  )[0]
  const cordonRadius = 200
  const inside = (p: XY) => (region.contains(p) ? p : centre)
  const name = (key: string) => actor(key)?.name ?? key

  const changes: Change[] = [
    { minutes: 2, session: { agendaStep: 'roll_call' } },
    {
      minutes: 5,
      session: { agendaStep: 'situation_reports' },
      annotation: {
        kind: 'polygon',
        properties: { label: 'Område utan el', color: '#d62728', fillOpacity: 0.25 },
        geom: dark,
      },
      log: {
        kind: 'situation_report',
        entry: {
          reporter: name('energi'),
          text: `Elavbrott sedan 06:40 i centrala ${kommun.name}. Cirka ${Math.round((kommun.population * 0.12) / 100) * 100} hushåll utan el.`,
        },
      },
    },
    {
      minutes: 12,
      // Note: as the server does, a new level is the session's change followed by its log entry.
      session: { escalationLevel: 'serious' },
      annotation: {
        kind: 'point',
        properties: { label: 'Fel i fördelningsstation', symbol: 'power_outage' },
        geom: pointGeometry(fault),
      },
      log: {
        kind: 'escalation',
        entry: {
          from: 'disturbance',
          to: 'serious',
          decidedBy: 'Krisledningschef',
          text: 'Beräknad åtgärdstid över 12 timmar; särskilda boenden utan reservkraft berörs.',
        },
      },
    },
    {
      minutes: 20,
      annotation: {
        kind: 'circle',
        properties: {
          label: 'Avspärrning',
          radius: cordonRadius,
          center: toWgs(fault),
          color: '#ff7f0e',
        },
        geom: polygonGeometry([circle(fault, cordonRadius, 32)]),
      },
    },
    { minutes: 25, session: { agendaStep: 'joint_assessment' } },
    {
      minutes: 30,
      annotation: {
        kind: 'point',
        properties: { label: 'Trygghetspunkt', symbol: 'shelter' },
        geom: pointGeometry(schools[0]?.location ?? centre),
      },
      log: {
        kind: 'decision',
        entry: {
          text: 'Öppna två trygghetspunkter med reservkraft, värme och information.',
          decidedBy: 'Krisledningschef',
        },
        at: schools[0]?.location,
      },
    },
    {
      minutes: 35,
      annotation: {
        kind: 'point',
        properties: { label: 'Trygghetspunkt 2', symbol: 'shelter' },
        geom: pointGeometry(schools[1]?.location ?? inside(polar(centre, 400, 1))),
      },
    },
    {
      minutes: 45,
      session: { agendaStep: 'coordination' },
      annotation: {
        kind: 'point',
        properties: { label: 'Mobilt reservkraftverk levererat', symbol: 'staging_area' },
        geom: pointGeometry(careHome?.location ?? centre),
      },
      log: {
        kind: 'coordination_need',
        entry: {
          text: 'Reservkraft till särskilda boenden utan eget reservkraftverk; bränsle för minst 48 timmar.',
          actors: [name('omsorg'), name('energi'), name('drivmedel')],
        },
        at: careHome?.location,
      },
    },
    {
      minutes: 55,
      annotation: {
        kind: 'line',
        properties: { label: 'Omledning av trafik', color: '#9467bd', width: 4 },
        geom: road ? lineGeometry(road.line) : lineGeometry([centre, inside(polar(centre, 300, 0))]),
      },
      log: {
        kind: 'task',
        entry: {
          assignee: name('omsorg'),
          text: 'Kontrollera reservkraft och värme på alla särskilda boenden i området.',
          due: new Date(STARTED + 3 * 3_600_000).toISOString(),
          status: 'in_progress',
        },
      },
    },
    {
      minutes: 70,
      annotation: {
        kind: 'text',
        properties: { text: 'Samlingsplats hemtjänsten', label: 'Samlingsplats hemtjänsten', fontSize: 14 },
        geom: pointGeometry(inside(polar(darkCentre, townRadius * 0.1, rng.range(0, 6.28)))),
      },
      log: {
        kind: 'task',
        entry: {
          assignee: name('kommunledning'),
          text: 'Information till allmänheten via webb, sociala medier och lokalradio.',
          due: new Date(STARTED + 2 * 3_600_000).toISOString(),
          status: 'done',
        },
      },
    },
    {
      minutes: 85,
      annotation: {
        kind: 'point',
        properties: { label: 'Tryckfall i vattentorn', symbol: 'water_outage' },
        geom: pointGeometry(reservoir?.location ?? centre),
      },
      log: {
        kind: 'situation_report',
        entry: {
          reporter: name('polis'),
          text: 'Trafiksignaler ur funktion i centrum; polis dirigerar trafik i två korsningar.',
        },
      },
    },
    {
      minutes: 100,
      annotation: {
        kind: 'point',
        properties: { label: 'Ledningsplats räddningstjänsten', symbol: 'command_post' },
        geom: pointGeometry(inside(polar(fault, cordonRadius * 1.5, rng.range(0, 6.28)))),
      },
      log: {
        kind: 'task',
        entry: {
          assignee: name('frg'),
          text: 'Bemanna trygghetspunkterna från kl. 10:00.',
          due: new Date(STARTED + 4 * 3_600_000).toISOString(),
          status: 'open',
        },
      },
    },
    { minutes: 110, log: { kind: 'note', entry: { text: 'Nästa samverkanskonferens kl. 12:00.' } } },
  ]

  const sessionId = rng.uuid()
  const at = (minutes: number) => new Date(STARTED + minutes * 60_000)
  const who = { createdBy: AUTHOR, updatedBy: AUTHOR }

  // Note: points take their symbol's colour (annotationColour), so the seed stores none on them.
  // Every annotation and every log entry is one change of the room, so versions run 1..seq and
  // the history in session_changes replays the meeting from its start.
  let seq = 0
  const annotationRows: (typeof annotations.$inferInsert)[] = []
  const logRows: (typeof sessionLog.$inferInsert)[] = []
  const history: (typeof sessionChanges.$inferInsert)[] = []
  const record = (minutes: number, change: SessionChange) => {
    seq += 1
    history.push({ sessionId, seq, opId: `seed-${seq}`, change, appliedBy: AUTHOR, appliedAt: at(minutes) })
    return seq
  }
  for (const change of changes) {
    const time = at(change.minutes).toISOString()
    if (change.session) record(change.minutes, { type: 'session', patch: change.session })
    if (change.annotation) {
      const id = rng.uuid()
      const version = seq + 1
      const applied: AnnotationRecord = {
        id,
        kind: change.annotation.kind,
        geometry: change.annotation.geom,
        properties: change.annotation.properties,
        version,
        createdBy: AUTHOR,
        createdAt: time,
        updatedBy: AUTHOR,
        updatedAt: time,
      }
      record(change.minutes, { type: 'annotations', put: [applied], remove: [] })
      annotationRows.push({
        id,
        sessionId,
        kind: change.annotation.kind,
        properties: change.annotation.properties,
        version,
        geom: change.annotation.geom,
        classification: 'internal',
        createdAt: at(change.minutes),
        updatedAt: at(change.minutes),
        ...who,
      })
    }
    if (change.log) {
      const id = rng.uuid()
      const version = seq + 1
      const position = change.log.at ? toWgs(change.log.at) : undefined
      const entry = {
        id,
        kind: change.log.kind,
        ...change.log.entry,
        ...(position ? { position } : {}),
        version,
        createdBy: AUTHOR,
        createdAt: time,
        updatedBy: AUTHOR,
        updatedAt: time,
      } as LogEntry
      record(change.minutes, { type: 'log', entry })
      logRows.push({
        id,
        sessionId,
        kind: change.log.kind,
        entry: change.log.entry,
        version,
        geom: change.log.at ? pointGeometry(change.log.at) : null,
        classification: 'internal',
        createdAt: at(change.minutes),
        updatedAt: at(change.minutes),
        ...who,
      })
    }
  }
  await insertAll(ctx.tx, crisisSessions, [
    {
      id: sessionId,
      title: `Elavbrott i centrala ${kommun.name} ${DEMO_MARK}`,
      eventType: 'power_cut',
      status: 'open',
      escalationLevel: 'serious',
      seq,
      agendaStep: 'coordination',
      affectedArea: dark,
      classification: 'internal',
      createdAt: at(0),
      updatedAt: at(changes[changes.length - 1].minutes),
      ...who,
    },
  ])
  ctx.counts.crisis_sessions = 1
  ctx.counts.annotations = await insertAll(ctx.tx, annotations, annotationRows)
  ctx.counts.session_log = await insertAll(ctx.tx, sessionLog, logRows)
  ctx.counts.session_changes = await insertAll(ctx.tx, sessionChanges, history)

  const participants = [
    ['kommunledning', 'chair'],
    ['energi', 'participant'],
    ['polis', 'participant'],
    ['raddning', 'participant'],
    ['omsorg', 'participant'],
    ['frg', 'participant'],
    ['lansstyrelse', 'observer'],
  ] as const
  ctx.counts.session_participants = await insertAll(
    ctx.tx,
    sessionParticipants,
    participants.flatMap(([key, role]) => {
      const a = actor(key)
      return a
        ? [{ id: rng.uuid(), sessionId, actorId: a.id, role, invitedBy: AUTHOR, invitedAt: at(2) }]
        : []
    }),
  )
  ctx.counts.session_snapshots = await insertAll(ctx.tx, sessionSnapshots, [
    {
      id: rng.uuid(),
      sessionId,
      name: `Stabsmöte 1, 08:00 ${DEMO_MARK}`,
      seq: history.filter((h) => (h.appliedAt as Date) <= at(80)).length,
      classification: 'internal',
      createdAt: at(80),
      updatedAt: at(80),
      ...who,
    },
  ])
}
