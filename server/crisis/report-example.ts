/**
 * The demo seed's example session ("Elavbrott i centrala Norrköping") as a report, built in memory
 * without a database: the report's tests render it, and a developer can print it to look at.
 * The content follows db/seed/sessions.ts; the roads are a few made-up main roads for context.
 */
import type { LineString } from 'geojson'
import type { AnnotationRecord, LogEntry, Participant, SessionDetail } from '../../common/crisis.ts'
import { DEMO_MARK, defaultEscalationLevels } from '../../common/domain.ts'
import {
  circle,
  intersect,
  lineGeometry,
  polar,
  polygonGeometry,
  toWgs,
  type XY,
} from '../../db/seed/geometry.ts'
import { loadKommun } from '../../db/seed/kommun.ts'
import type { SessionReport } from './report-pdf.ts'

const STARTED = Date.parse('2026-11-20T06:40:00+01:00')
const AUTHOR = 'krisledare'
const at = (minutes: number) => new Date(STARTED + minutes * 60_000).toISOString()
/** Stable ids, so two renders of the example are the same document. */
const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`

export interface ExampleOptions {
  /** Routine log entries added after the seed's eleven, to make the log run over many pages. */
  extraLogEntries?: number
  lang?: 'sv' | 'en'
}

export function exampleSessionReport(options: ExampleOptions = {}): SessionReport {
  const kommun = loadKommun('0581')
  const { centre, townRadius, region } = kommun
  const fault: XY = polar(centre, 700, 2.4)
  const darkCentre: XY = [(fault[0] + centre[0]) / 2, (fault[1] + centre[1]) / 2]
  const dark = intersect([[circle(darkCentre, townRadius * 0.3, 24)]], region.multi)
  const energi = 'Kommunens Energi AB'
  const omsorg = `Vård- och omsorgsförvaltningen, ${kommun.name} kommun`
  const kommunledning = `Kommunledningsförvaltningen, ${kommun.name} kommun`
  const polis = `Polisen, lokalpolisområde ${kommun.name}`
  const frg = `Frivilliga resursgruppen (FRG) ${kommun.name}`
  const road: XY[] = [polar(darkCentre, 2600, 3.3), polar(darkCentre, 300, 3.6), polar(darkCentre, 2400, 0.2)]

  let id = 0
  const annotation = (
    minutes: number,
    kind: AnnotationRecord['kind'],
    properties: AnnotationRecord['properties'],
    geometry: AnnotationRecord['geometry'],
  ): AnnotationRecord => ({
    id: uuid(++id),
    kind,
    properties,
    geometry,
    version: id,
    createdBy: AUTHOR,
    createdAt: at(minutes),
    updatedBy: AUTHOR,
    updatedAt: at(minutes),
  })
  const point = (xy: XY) => ({ type: 'Point' as const, coordinates: toWgs(xy) })
  const annotations: AnnotationRecord[] = [
    annotation(
      5,
      'polygon',
      { label: 'Område utan el', color: '#d62728', fillOpacity: 0.25 },
      dark
        ? { type: 'MultiPolygon', coordinates: dark.map((p) => p.map((r) => r.map(toWgs))) }
        : point(darkCentre),
    ),
    annotation(
      12,
      'point',
      { label: 'Fel i fördelningsstation', symbol: 'power_outage', color: '#d62728' },
      point(fault),
    ),
    annotation(
      20,
      'circle',
      { label: 'Avspärrning', radius: 200, center: toWgs(fault), color: '#ff7f0e' },
      polygonGeometry([circle(fault, 200, 32)]),
    ),
    annotation(
      30,
      'point',
      {
        label: 'Trygghetspunkt',
        symbol: 'shelter',
        color: '#2ca02c',
        note: 'Idrottshallen, reservkraft finns.',
      },
      point(polar(darkCentre, 900, 0.9)),
    ),
    annotation(
      35,
      'point',
      { label: 'Trygghetspunkt 2', symbol: 'shelter', color: '#2ca02c' },
      point(polar(darkCentre, 1100, 4.1)),
    ),
    annotation(
      45,
      'point',
      { label: 'Mobilt reservkraftverk levererat', symbol: 'staging_area', color: '#1f77b4' },
      point(polar(darkCentre, 650, 5.3)),
    ),
    annotation(55, 'line', { label: 'Omledning av trafik', color: '#9467bd', width: 4 }, lineGeometry(road)),
    annotation(
      70,
      'text',
      { text: 'Samlingsplats hemtjänsten', label: 'Samlingsplats hemtjänsten', fontSize: 14 },
      point(polar(darkCentre, townRadius * 0.1, 1.7)),
    ),
    annotation(
      85,
      'point',
      { label: 'Tryckfall i vattentorn', symbol: 'water_outage', color: '#17becf' },
      point(polar(darkCentre, 1400, 1.4)),
    ),
    annotation(
      100,
      'point',
      { label: 'Ledningsplats räddningstjänsten', symbol: 'command_post', color: '#ff7f0e' },
      point(polar(fault, 300, 5.9)),
    ),
  ]

  let version = 100
  const entry = (
    minutes: number,
    fields: Omit<LogEntry, 'id' | 'version' | 'createdBy' | 'createdAt' | 'updatedBy' | 'updatedAt'>,
  ): LogEntry => ({
    id: uuid(++version),
    version,
    createdBy: AUTHOR,
    createdAt: at(minutes),
    updatedBy: AUTHOR,
    updatedAt: at(minutes),
    ...fields,
  })
  const households = Math.round((kommun.population * 0.12) / 100) * 100
  const log: LogEntry[] = [
    entry(5, {
      kind: 'situation_report',
      reporter: energi,
      text: `Elavbrott sedan 06:40 i centrala ${kommun.name}. Cirka ${households} hushåll utan el.`,
    }),
    entry(12, {
      kind: 'escalation',
      from: 'disturbance',
      to: 'serious',
      decidedBy: 'Krisledningschef',
      text: 'Beräknad åtgärdstid över 12 timmar; särskilda boenden utan reservkraft berörs.',
    }),
    entry(30, {
      kind: 'decision',
      text: 'Öppna två trygghetspunkter med reservkraft, värme och information.',
      decidedBy: 'Krisledningschef',
      position: toWgs(polar(darkCentre, 900, 0.9)),
    }),
    entry(45, {
      kind: 'coordination_need',
      text: 'Reservkraft till särskilda boenden utan eget reservkraftverk; bränsle för minst 48 timmar.',
      actors: [omsorg, energi, 'Drivmedelsdepå Öst AB'],
      position: toWgs(polar(darkCentre, 650, 5.3)),
    }),
    entry(55, {
      kind: 'task',
      assignee: omsorg,
      text: 'Kontrollera reservkraft och värme på alla särskilda boenden i området.',
      due: new Date(STARTED + 3 * 3_600_000).toISOString(),
      status: 'in_progress',
    }),
    entry(70, {
      kind: 'task',
      assignee: kommunledning,
      text: 'Information till allmänheten via webb, sociala medier och lokalradio.',
      due: new Date(STARTED + 2 * 3_600_000).toISOString(),
      status: 'done',
    }),
    entry(85, {
      kind: 'situation_report',
      reporter: polis,
      text: 'Trafiksignaler ur funktion i centrum; polis dirigerar trafik i två korsningar.',
    }),
    entry(100, {
      kind: 'task',
      assignee: frg,
      text: 'Bemanna trygghetspunkterna från kl. 10:00.',
      due: new Date(STARTED + 4 * 3_600_000).toISOString(),
      status: 'open',
    }),
    entry(110, { kind: 'note', text: 'Nästa samverkanskonferens kl. 12:00.' }),
  ]
  for (let i = 0; i < (options.extraLogEntries ?? 0); i++)
    log.push(
      entry(120 + i * 7, {
        kind: i % 3 === 0 ? 'situation_report' : 'note',
        reporter: i % 3 === 0 ? energi : undefined,
        text: `Lägesuppdatering ${i + 1}: felsökningen fortsätter; ${households - i * 40} hushåll är fortfarande utan el. Reservkraften på de särskilda boendena fungerar, bränsle finns för ytterligare ${48 - (i % 48)} timmar.`,
      }),
    )

  const participant = (n: number, name: string, role: Participant['role']): Participant => ({
    id: uuid(500 + n),
    userId: null,
    actorId: uuid(600 + n),
    name,
    organisation: name,
    role,
    invitedBy: AUTHOR,
    invitedAt: at(2),
  })
  const session: SessionDetail = {
    id: uuid(1000),
    title: `Elavbrott i centrala ${kommun.name} ${DEMO_MARK}`,
    status: 'open',
    escalationLevel: 'serious',
    eventType: 'power_cut',
    seq: 21 + (options.extraLogEntries ?? 0),
    classification: 'internal',
    createdBy: AUTHOR,
    createdAt: at(0),
    updatedAt: at(110),
    closedAt: null,
    affectedArea: annotations[0].geometry,
    agendaStep: 'coordination',
    presenterId: null,
    participants: [
      participant(1, kommunledning, 'chair'),
      participant(2, energi, 'participant'),
      participant(3, polis, 'participant'),
      participant(4, `Räddningstjänsten ${kommun.name}`, 'participant'),
      participant(5, omsorg, 'participant'),
      participant(6, frg, 'participant'),
      participant(7, `Länsstyrelsen, ${kommun.countyName}`, 'observer'),
    ],
    rights: { role: 'chair', draw: true, chair: true },
  }

  const roads: LineString[] = [
    lineGeometry([
      polar(centre, 6000, 3.0),
      polar(centre, 800, 3.3),
      polar(centre, 900, 0.4),
      polar(centre, 6000, 0.1),
    ]),
    lineGeometry([
      polar(centre, 6000, 4.6),
      polar(centre, 600, 4.9),
      centre,
      polar(centre, 700, 1.5),
      polar(centre, 6000, 1.4),
    ]),
    lineGeometry([polar(centre, 5000, 2.2), polar(centre, 1500, 2.0), polar(centre, 400, 0.9)]),
    lineGeometry([polar(centre, 5000, 5.6), polar(centre, 1200, 5.8), polar(centre, 600, 0.0)]),
    lineGeometry(road),
  ]

  return {
    session,
    annotations,
    log,
    seq: session.seq,
    snapshot: null,
    municipality: { code: kommun.code, name: kommun.name, boundary: kommun.boundary },
    roads,
    escalationLevels: defaultEscalationLevels.map((l) => ({ ...l })),
    classification: 'internal',
    generatedBy: 'Karin Krisledare',
    generatedAt: at(125),
  }
}
