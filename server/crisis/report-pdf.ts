/**
 * The printable situation report (*lägesrapport*) of a crisis session as a PDF: what the staff
 * hands over to the next shift, the county board or the committee. One A4 document with the
 * classification marking on every page, the session's facts, the situation map, the annotations
 * legend, decisions, open tasks, the escalation history, the participants and the full log.
 *
 * A thin user of the report engine (`server/reports/`): the document, its stamp and page numbers,
 * the flowing tables and the SWEREF 99 TM map come from there; this module says what goes in them.
 */
import type { LineString } from 'geojson'
import {
  type AnnotationRecord,
  agendaSteps,
  annotationKindTerms,
  crisisSymbolTerms,
  type EscalationLevel,
  escalationName,
  escalationTone,
  eventTypeTerms,
  type LogEntry,
  logKindTerms,
  type SessionDetail,
  sessionRoleTerms,
  taskStatusTerms,
} from '../../common/crisis.ts'
import {
  annotationColour,
  isOverdue,
  type NumberedAnnotation,
  numberAnnotations,
  reportMoment,
  reportSections,
} from '../../common/crisis-report.ts'
import { type Classification, withheldActorTerm } from '../../common/domain.ts'
import {
  CONTENT_BOTTOM,
  FONT,
  FONT_BOLD,
  FONTS,
  INK,
  LEFT,
  MUTED,
  openReportDocument,
  type ReportLanguage,
  WARNING,
  WIDTH,
} from '../reports/document.ts'
import {
  formatArea,
  formatClock,
  formatDate,
  formatDateTime,
  formatInteger,
  placeText,
} from '../reports/format.ts'
import { type Cell, ReportLayout } from '../reports/layout.ts'
import { formatMetres, fromSweref, groundArea, groundLength, roundScale } from '../reports/map.ts'
import { drawSituationMap, mapExtent } from './report-map.ts'

export { classificationStamp } from '../reports/document.ts'
export { formatDateTime } from '../reports/format.ts'

export interface SessionReport {
  session: SessionDetail
  /** The live annotations at the chosen seq (no tombstones). */
  annotations: AnnotationRecord[]
  log: LogEntry[]
  /** The room's seq the picture shows; below `session.seq` when an earlier moment is printed. */
  seq: number
  snapshot: { name: string; seq: number; createdAt: string } | null
  municipality: { code: string; name: string; boundary: GeoJSON.Geometry | null }
  /** Major roads for orientation on the map; may be empty. */
  roads: LineString[]
  escalationLevels: EscalationLevel[]
  classification: Classification
  generatedBy: string
  generatedAt: string
}

export interface ReportOptions {
  lang: ReportLanguage
  /** Compressed streams by default; tests turn it off to read the text back. */
  compress?: boolean
}

type Lang = ReportOptions['lang']

// ---------------------------------------------------------------------------------------------
// Words

const strings = {
  sv: {
    report: 'Lägesrapport',
    situationAt: 'Läge per',
    eventType: 'Händelsetyp',
    escalationLevel: 'Eskaleringsnivå',
    status: 'Status',
    statusOpen: 'Pågående',
    statusClosed: 'Avslutad',
    municipality: 'Kommun',
    seq: 'Sekvensnummer',
    seqOf: (seq: number, of: number) => `${seq} av ${of}`,
    agendaStep: 'Dagordningspunkt',
    opened: 'Öppnad',
    closed: 'Avslutad',
    current: 'aktuellt läge',
    map: 'Lägeskarta',
    mapCaption: (scale: string, boundary: boolean, numbered: boolean) =>
      [
        `Skala 1:${scale} vid utskrift i A4, SWEREF 99 TM.`,
        boundary ? 'Streckad linje: kommungräns.' : '',
        numbered ? 'Numren hänvisar till tabellen Kartobjekt.' : '',
      ].join(' '),
    mapEmpty: 'Inget att visa på kartan',
    annotations: 'Kartobjekt',
    annotationsEmpty: 'Inga objekt är ritade på kartan.',
    number: 'Nr',
    type: 'Typ',
    label: 'Etikett',
    note: 'Anteckning',
    drawnBy: 'Ritad av',
    changed: (at: string, by: string) => `ändrad ${at} av ${by}`,
    radius: (r: string) => `radie ${r}`,
    length: (l: string) => `längd ${l}`,
    area: (a: string) => `yta ${a}`,
    decisions: 'Beslut',
    decisionsEmpty: 'Inga beslut är loggade.',
    time: 'Tid',
    decision: 'Beslut',
    decidedBy: 'Beslutsfattare',
    loggedBy: 'Loggad av',
    tasks: 'Öppna uppgifter',
    tasksEmpty: 'Inga öppna uppgifter.',
    tasksClosed: (n: number) =>
      n === 1
        ? 'En avslutad eller avbruten uppgift finns i loggen.'
        : `${n} avslutade eller avbrutna uppgifter finns i loggen.`,
    assignee: 'Ansvarig',
    task: 'Uppgift',
    due: 'Klart senast',
    overdue: 'försenad',
    escalations: 'Eskaleringshistorik',
    escalationsEmpty: (level: string) => `Nivån har inte ändrats under sessionen. Aktuell nivå: ${level}.`,
    fromTo: 'Från → till',
    reason: 'Motivering',
    participants: 'Deltagare',
    participantsEmpty: 'Inga inbjudna deltagare.',
    name: 'Namn',
    role: 'Roll',
    invited: 'Inbjuden',
    log: 'Logg',
    logEmpty: 'Loggen är tom.',
    kind: 'Typ',
    author: 'Författare',
    text: 'Text',
    reporter: 'Rapportör',
    actors: 'Aktörer',
    place: 'Plats',
    level: 'Nivå',
  },
  en: {
    report: 'Situation report',
    situationAt: 'Situation as of',
    eventType: 'Event type',
    escalationLevel: 'Escalation level',
    status: 'Status',
    statusOpen: 'Ongoing',
    statusClosed: 'Closed',
    municipality: 'Municipality',
    seq: 'Sequence number',
    seqOf: (seq: number, of: number) => `${seq} of ${of}`,
    agendaStep: 'Agenda step',
    opened: 'Opened',
    closed: 'Closed',
    current: 'current',
    map: 'Situation map',
    mapCaption: (scale: string, boundary: boolean, numbered: boolean) =>
      [
        `Scale 1:${scale} printed on A4, SWEREF 99 TM.`,
        boundary ? 'Dashed line: municipal boundary.' : '',
        numbered ? 'The numbers refer to the table Map annotations.' : '',
      ].join(' '),
    mapEmpty: 'Nothing to show on the map',
    annotations: 'Map annotations',
    annotationsEmpty: 'Nothing is drawn on the map.',
    number: 'No.',
    type: 'Type',
    label: 'Label',
    note: 'Note',
    drawnBy: 'Drawn by',
    changed: (at: string, by: string) => `changed ${at} by ${by}`,
    radius: (r: string) => `radius ${r}`,
    length: (l: string) => `length ${l}`,
    area: (a: string) => `area ${a}`,
    decisions: 'Decisions',
    decisionsEmpty: 'No decisions are logged.',
    time: 'Time',
    decision: 'Decision',
    decidedBy: 'Decided by',
    loggedBy: 'Logged by',
    tasks: 'Open tasks',
    tasksEmpty: 'No open tasks.',
    tasksClosed: (n: number) =>
      n === 1
        ? 'One finished or cancelled task is in the log.'
        : `${n} finished or cancelled tasks are in the log.`,
    assignee: 'Assignee',
    task: 'Task',
    due: 'Due',
    overdue: 'overdue',
    escalations: 'Escalation history',
    escalationsEmpty: (level: string) =>
      `The level has not changed during the session. Current level: ${level}.`,
    fromTo: 'From → to',
    reason: 'Reason',
    participants: 'Participants',
    participantsEmpty: 'No invited participants.',
    name: 'Name',
    role: 'Role',
    invited: 'Invited',
    log: 'Log',
    logEmpty: 'The log is empty.',
    kind: 'Kind',
    author: 'Author',
    text: 'Text',
    reporter: 'Reported by',
    actors: 'Actors',
    place: 'Place',
    level: 'Level',
  },
} satisfies Record<Lang, unknown>
type Strings = (typeof strings)['sv']

const OVERDUE = WARNING

/** The map's frame height: as tall as the first page allows up to the tallest, else a page of its own. */
const MAP_HEIGHT = { tallest: 340, lowest: 240 }

/** Escalation levels coloured by tone, from green (the first, normal) to red (the last, most severe). */
const levelColours = ['#2b7a3d', '#b7791f', '#c2410c', '#a61b1b'] as const satisfies Record<
  ReturnType<typeof escalationTone>,
  string
>

// ---------------------------------------------------------------------------------------------
// The report

/** The moment the printed picture shows: the snapshot's, now, or the last change up to the seq. */
function situationTime(report: SessionReport): string {
  const times = [...report.annotations, ...report.log].map((r) => r.updatedAt).sort()
  return reportMoment({
    current: report.seq >= report.session.seq,
    snapshotAt: report.snapshot?.createdAt ?? null,
    lastChangeAt: times[times.length - 1] ?? report.session.createdAt,
    printedAt: report.generatedAt,
  })
}

function situationLabel(report: SessionReport, t: Strings): string {
  const time = formatDateTime(situationTime(report))
  if (report.snapshot) return `${report.snapshot.name} · ${time}`
  return report.seq >= report.session.seq ? `${time} (${t.current})` : time
}

function levelName(report: SessionReport, id: string | undefined, lang: Lang): string {
  return escalationName(report.escalationLevels, id, lang)
}

/** The level's colour by its tone, the same grading as the badge on screen. */
function levelColour(report: SessionReport, id: string): string {
  return levelColours[escalationTone(report.escalationLevels, id)]
}

function eventTypeName(eventType: string | null, lang: Lang): string {
  if (!eventType) return '–'
  return eventType in eventTypeTerms
    ? eventTypeTerms[eventType as keyof typeof eventTypeTerms][lang]
    : eventType
}

/**
 * A time cell: the clock time, with the date under it when the day differs from the row above or
 * the row opens a page, so a log over several days reads without the date on every line.
 */
function timeCells(times: string[]): Cell[] {
  return times.map((iso, i) => {
    const day = formatDate(iso)
    const newDay = i === 0 || formatDate(times[i - 1]) !== day
    return { text: formatClock(iso), bold: true, detail: newDay ? day : undefined, pageDetail: day }
  })
}

function changedNote(record: { createdAt: string; updatedAt: string; updatedBy: string }, t: Strings) {
  return record.updatedAt !== record.createdAt
    ? t.changed(formatDateTime(record.updatedAt), record.updatedBy)
    : ''
}

function logDetail(entry: LogEntry, report: SessionReport, lang: Lang, t: Strings): string {
  const parts: string[] = []
  switch (entry.kind) {
    case 'situation_report':
      if (entry.reporter) parts.push(`${t.reporter}: ${entry.reporter}`)
      break
    case 'decision':
      if (entry.decidedBy) parts.push(`${t.decidedBy}: ${entry.decidedBy}`)
      break
    case 'task':
      if (entry.assignee) parts.push(`${t.assignee}: ${entry.assignee}`)
      if (entry.due) parts.push(`${t.due}: ${formatDateTime(entry.due)}`)
      parts.push(`${t.status}: ${taskStatusTerms[entry.status ?? 'open'][lang]}`)
      break
    case 'coordination_need':
      if (entry.actors?.length) parts.push(`${t.actors}: ${entry.actors.join(', ')}`)
      break
    case 'escalation':
      parts.push(`${t.level}: ${levelName(report, entry.from, lang)} → ${levelName(report, entry.to, lang)}`)
      if (entry.decidedBy) parts.push(`${t.decidedBy}: ${entry.decidedBy}`)
      break
    case 'note':
      break
    default: {
      const unknown: never = entry.kind
      return unknown
    }
  }
  if (entry.position) parts.push(`${t.place}: ${placeText(entry.position)}`)
  const changed = changedNote(entry, t)
  if (changed) parts.push(changed)
  return parts.join(' · ')
}

function annotationType(a: AnnotationRecord, lang: Lang, t: Strings): Cell {
  const symbol = a.properties.symbol ? crisisSymbolTerms[a.properties.symbol][lang] : null
  const text = symbol ?? annotationKindTerms[a.kind][lang]
  let detail: string | undefined
  if (a.kind === 'circle' && a.properties.radius) detail = t.radius(formatMetres(a.properties.radius))
  else if (a.kind === 'line') detail = t.length(formatMetres(groundLength(a.geometry)))
  else if (a.kind === 'polygon') detail = t.area(formatArea(groundArea(a.geometry)))
  else if (symbol) detail = annotationKindTerms[a.kind][lang]
  return { text, detail }
}

/** The title block: the session's name and the facts a reader needs before the map. */
function drawTitle(layout: ReportLayout, report: SessionReport, lang: Lang, t: Strings): void {
  const { doc } = layout
  const { session } = report
  doc.font(FONT_BOLD).fontSize(8).fillColor('#1f63b5')
  doc.text(t.report.toUpperCase(), LEFT, layout.y, { lineBreak: false, characterSpacing: 0.8 })
  layout.y += 13
  layout.y += layout.write(session.title, LEFT, layout.y, WIDTH, FONT_BOLD, 18, INK) + 2
  layout.y +=
    layout.write(`${t.situationAt} ${situationLabel(report, t)}`, LEFT, layout.y, WIDTH, FONT, 11, INK) + 10

  const agenda = agendaSteps.find((s) => s.id === session.agendaStep)
  const facts: { label: string; value: string; detail?: string; chip?: string }[] = [
    { label: t.eventType, value: eventTypeName(session.eventType, lang) },
    {
      label: t.escalationLevel,
      value: levelName(report, session.escalationLevel, lang),
      chip: levelColour(report, session.escalationLevel),
    },
    { label: t.status, value: session.status === 'open' ? t.statusOpen : t.statusClosed },
    { label: t.municipality, value: `${report.municipality.name} (${report.municipality.code})` },
    { label: t.opened, value: formatDateTime(session.createdAt), detail: session.createdBy },
    session.closedAt
      ? { label: t.closed, value: formatDateTime(session.closedAt) }
      : { label: t.agendaStep, value: agenda ? agenda[lang] : '–' },
    {
      label: t.seq,
      value: report.seq < session.seq ? t.seqOf(report.seq, session.seq) : String(report.seq),
    },
  ]
  const columns = 4
  const columnWidth = WIDTH / columns
  for (let row = 0; row * columns < facts.length; row++) {
    const cells = facts.slice(row * columns, row * columns + columns)
    const heights = cells.map(
      (f) =>
        11 +
        layout.textHeight(f.value, columnWidth - 14, FONT_BOLD, 9) +
        (f.detail ? layout.textHeight(f.detail, columnWidth - 14, FONT, 7.5) : 0),
    )
    const height = Math.max(...heights)
    cells.forEach((fact, i) => {
      const x = LEFT + i * columnWidth
      doc.font(FONT).fontSize(6.8).fillColor(MUTED)
      doc.text(fact.label.toUpperCase(), x, layout.y, { lineBreak: false, characterSpacing: 0.4 })
      let textX = x
      if (fact.chip) {
        doc.circle(x + 3.5, layout.y + 15.5, 3.5).fill(fact.chip)
        textX += 10
      }
      const width = columnWidth - 14 - (textX - x)
      const valueHeight = layout.write(fact.value, textX, layout.y + 10, width, FONT_BOLD, 9, INK)
      if (fact.detail) layout.write(fact.detail, textX, layout.y + 10 + valueHeight, width, FONT, 7.5, MUTED)
    })
    layout.y += height + 8
  }
}

function drawMapSection(
  layout: ReportLayout,
  report: SessionReport,
  numbered: NumberedAnnotation[],
  t: Strings,
): void {
  const { doc } = layout
  // The map takes what the first page leaves, within bounds; below 240 points it gets a page.
  // With nothing to draw, a low frame says so without taking half a page.
  const empty = numbered.length === 0 && !report.municipality.boundary
  layout.heading(t.map, (empty ? 60 : MAP_HEIGHT.lowest) + 24)
  const height = empty ? 60 : Math.min(MAP_HEIGHT.tallest, CONTENT_BOTTOM - layout.y - 24)
  const frame = { x: LEFT, y: layout.y, width: WIDTH, height }
  const result = drawSituationMap(doc, frame, {
    annotations: numbered,
    boundary: report.municipality.boundary,
    roads: report.roads,
    fonts: FONTS,
    emptyText: t.mapEmpty,
  })
  layout.y += frame.height + 5
  if (result.scaleDenominator) {
    const scale = formatInteger(roundScale(result.scaleDenominator))
    layout.paragraph(
      t.mapCaption(scale, !!report.municipality.boundary, numbered.length > 0).trim(),
      MUTED,
      7,
    )
  } else layout.y += 4
}

/**
 * The WGS 84 box [minLon, minLat, maxLon, maxLat] the report's map can show for these annotations
 * (or, with none, the municipality), whatever the frame's final height: what to fetch roads for,
 * so they run on to the map's edges.
 */
export function reportMapBounds(
  annotations: readonly AnnotationRecord[],
  boundary: GeoJSON.Geometry | null,
): [number, number, number, number] | null {
  const corners = [MAP_HEIGHT.tallest, MAP_HEIGHT.lowest].flatMap((height) => {
    const extent = mapExtent(annotations, boundary, WIDTH / height)
    if (!extent) return []
    const { minX, minY, maxX, maxY } = extent
    return [
      fromSweref([minX, minY]),
      fromSweref([minX, maxY]),
      fromSweref([maxX, minY]),
      fromSweref([maxX, maxY]),
    ]
  })
  if (corners.length === 0) return null
  const lons = corners.map((c) => c[0])
  const lats = corners.map((c) => c[1])
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)]
}

/**
 * Renders the report. Resolves with the PDF's bytes; pdfkit streams, so nothing is written to disk.
 */
export function renderSessionReportPdf(report: SessionReport, options: ReportOptions): Promise<Uint8Array> {
  const { lang } = options
  const t = strings[lang]
  const { doc, finish } = openReportDocument({
    lang,
    classification: report.classification,
    title: `${t.report}: ${report.session.title}`,
    generatedBy: report.generatedBy,
    generatedAt: report.generatedAt,
    subject: `${t.situationAt} ${situationLabel(report, t)}`,
    compress: options.compress,
  })
  const layout = new ReportLayout(doc, lang)
  const numbered = numberAnnotations(report.annotations)
  const sections = reportSections(report.log)
  const { log } = sections

  drawTitle(layout, report, lang, t)
  drawMapSection(layout, report, numbered, t)

  if (numbered.length === 0) {
    layout.heading(t.annotations, 14)
    layout.paragraph(t.annotationsEmpty)
  } else
    layout.table(
      t.annotations,
      [
        { title: t.number, width: 30 },
        { title: t.type, width: 96 },
        { title: t.label, width: 140 },
        { title: t.note, width: WIDTH - 30 - 96 - 140 - 88 },
        { title: t.drawnBy, width: 88 },
      ],
      numbered.map(({ number, annotation: a }) => [
        {
          text: '',
          badge: { number, colour: annotationColour(a.kind, a.properties), filled: a.kind === 'point' },
        },
        annotationType(a, lang, t),
        { text: a.properties.label ?? a.properties.text ?? '–', bold: true },
        { text: a.properties.note ?? '' },
        {
          text: formatDateTime(a.createdAt),
          detail: [a.createdBy, changedNote(a, t)].filter(Boolean).join(' · '),
        },
      ]),
    )

  const { decisions, openTasks, escalations } = sections
  if (decisions.length === 0) {
    layout.heading(t.decisions, 14)
    layout.paragraph(t.decisionsEmpty)
  } else {
    const times = timeCells(decisions.map((e) => e.createdAt))
    layout.table(
      t.decisions,
      [
        { title: t.time, width: 56 },
        { title: t.decision, width: WIDTH - 56 - 120 - 90 },
        { title: t.decidedBy, width: 120 },
        { title: t.loggedBy, width: 90 },
      ],
      decisions.map((e, i) => [
        times[i],
        { text: e.text, detail: changedNote(e, t) || undefined },
        { text: e.decidedBy ?? '–' },
        { text: e.createdBy },
      ]),
    )
  }

  const now = Date.parse(situationTime(report))
  if (openTasks.length === 0) {
    layout.heading(t.tasks, 14)
    layout.paragraph(t.tasksEmpty)
  } else
    layout.table(
      t.tasks,
      [
        { title: t.assignee, width: 150 },
        { title: t.task, width: WIDTH - 150 - 82 - 70 },
        { title: t.due, width: 82 },
        { title: t.status, width: 70 },
      ],
      openTasks.map((e) => {
        const overdue = isOverdue(e, now)
        return [
          { text: e.assignee ?? '–', bold: true },
          {
            text: e.text,
            detail: [`${t.loggedBy} ${e.createdBy}, ${formatDateTime(e.createdAt)}`, changedNote(e, t)]
              .filter(Boolean)
              .join(' · '),
          },
          {
            text: e.due ? formatDateTime(e.due) : '–',
            colour: overdue ? OVERDUE : INK,
            detail: overdue ? t.overdue : undefined,
            detailColour: OVERDUE,
          },
          { text: taskStatusTerms[e.status ?? 'open'][lang] },
        ]
      }),
    )
  const closedTasks = sections.closedTaskCount
  if (closedTasks > 0) {
    layout.y += 3
    layout.paragraph(t.tasksClosed(closedTasks), MUTED, 7.5)
  }

  if (escalations.length === 0) {
    layout.heading(t.escalations, 14)
    layout.paragraph(t.escalationsEmpty(levelName(report, report.session.escalationLevel, lang)))
  } else {
    const times = timeCells(escalations.map((e) => e.createdAt))
    layout.table(
      t.escalations,
      [
        { title: t.time, width: 56 },
        { title: t.fromTo, width: 150 },
        { title: t.decidedBy, width: 110 },
        { title: t.reason, width: WIDTH - 56 - 150 - 110 },
      ],
      escalations.map((e, i) => [
        times[i],
        {
          text: `${levelName(report, e.from, lang)} → ${levelName(report, e.to, lang)}`,
          bold: true,
          colour: e.to ? levelColour(report, e.to) : INK,
        },
        { text: e.decidedBy ?? '–', detail: `${t.loggedBy} ${e.createdBy}` },
        { text: e.text },
      ]),
    )
  }

  const participants = report.session.participants
  if (participants.length === 0) {
    layout.heading(t.participants, 14)
    layout.paragraph(t.participantsEmpty)
  } else
    layout.table(
      t.participants,
      [
        { title: t.name, width: WIDTH - 90 - 150 },
        { title: t.role, width: 90 },
        { title: t.invited, width: 150 },
      ],
      participants.map((p) => [
        // An organisation invited as a whole is its own name; a person shows where they come from.
        {
          text: p.withheld ? withheldActorTerm[lang] : p.name,
          bold: true,
          detail: p.organisation && p.organisation !== p.name ? p.organisation : undefined,
        },
        { text: sessionRoleTerms[p.role][lang] },
        { text: formatDateTime(p.invitedAt), detail: p.invitedBy },
      ]),
    )

  if (log.length === 0) {
    layout.heading(t.log, 14)
    layout.paragraph(t.logEmpty)
  } else {
    const times = timeCells(log.map((e) => e.createdAt))
    layout.table(
      t.log,
      [
        { title: t.time, width: 56 },
        { title: t.kind, width: 84 },
        { title: t.author, width: 74 },
        { title: t.text, width: WIDTH - 56 - 84 - 74 },
      ],
      log.map((e, i) => [
        times[i],
        { text: logKindTerms[e.kind][lang], bold: e.kind === 'decision' || e.kind === 'escalation' },
        { text: e.createdBy },
        { text: e.text, detail: logDetail(e, report, lang, t) || undefined },
      ]),
    )
  }

  return finish(`${t.situationAt} ${situationLabel(report, t)} · ${t.seq.toLowerCase()} ${report.seq}`)
}
