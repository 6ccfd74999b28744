/**
 * The printable situation report (*lägesrapport*) of a crisis session as a PDF: what the staff
 * hands over to the next shift, the county board or the committee. One A4 document with the
 * classification marking on every page, the session's facts, the situation map, the annotations
 * legend, decisions, open tasks, the escalation history, the participants and the full log.
 *
 * Drawn with pdfkit and the Inter font shipped beside this file, so the server needs nothing from
 * the network and the document looks the same in every viewer.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { LineString } from 'geojson'
import PDFDocument from 'pdfkit'
import {
  type AnnotationKind,
  type AnnotationRecord,
  agendaSteps,
  crisisSymbolTerms,
  type EscalationLevel,
  eventTypeTerms,
  type LogEntry,
  type LogKind,
  type SessionDetail,
  type SessionRole,
  type TaskStatus,
} from '../../common/crisis.ts'
import { type Classification, classificationTerms } from '../../common/domain.ts'
import {
  annotationColour,
  drawBadge,
  drawSituationMap,
  formatMetres,
  fromSweref,
  groundArea,
  groundLength,
  mapExtent,
  type NumberedAnnotation,
  roundScale,
  toSweref,
} from './report-map.ts'

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
  lang: 'sv' | 'en'
  /** Compressed streams by default; tests turn it off to read the text back. */
  compress?: boolean
}

type Lang = ReportOptions['lang']

// ---------------------------------------------------------------------------------------------
// Words

const logKindTerms: Record<LogKind, Record<Lang, string>> = {
  situation_report: { sv: 'Lägesrapport', en: 'Situation report' },
  decision: { sv: 'Beslut', en: 'Decision' },
  task: { sv: 'Uppgift', en: 'Task' },
  coordination_need: { sv: 'Samverkansbehov', en: 'Coordination need' },
  note: { sv: 'Anteckning', en: 'Note' },
  escalation: { sv: 'Eskalering', en: 'Escalation' },
}

const taskStatusTerms: Record<TaskStatus, Record<Lang, string>> = {
  open: { sv: 'Ej påbörjad', en: 'Not started' },
  in_progress: { sv: 'Pågår', en: 'In progress' },
  done: { sv: 'Klar', en: 'Done' },
  cancelled: { sv: 'Avbruten', en: 'Cancelled' },
}

const annotationKindTerms: Record<AnnotationKind, Record<Lang, string>> = {
  point: { sv: 'Punkt', en: 'Point' },
  line: { sv: 'Linje', en: 'Line' },
  polygon: { sv: 'Område', en: 'Area' },
  circle: { sv: 'Cirkel', en: 'Circle' },
  text: { sv: 'Text', en: 'Text label' },
}

const sessionRoleTerms: Record<SessionRole, Record<Lang, string>> = {
  chair: { sv: 'Ordförande', en: 'Chair' },
  participant: { sv: 'Deltagare', en: 'Participant' },
  observer: { sv: 'Observatör', en: 'Observer' },
}

const strings = {
  sv: {
    report: 'Lägesrapport',
    generated: (by: string, at: string) => `Genererad av ${by}, ${at}`,
    page: (n: number, m: number) => `Sida ${n} av ${m}`,
    continued: 'forts.',
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
    generated: (by: string, at: string) => `Generated by ${by}, ${at}`,
    page: (n: number, m: number) => `Page ${n} of ${m}`,
    continued: 'cont.',
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

// ---------------------------------------------------------------------------------------------
// Times and numbers: Swedish notation and Swedish time in both languages, as the staff works.

const TIME_ZONE = 'Europe/Stockholm'
const dateTimeFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
})
const dateFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})
const clockFormat = new Intl.DateTimeFormat('sv-SE', {
  timeZone: TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
})

/** "2026-11-20 06:45" in Swedish time; an unreadable time is shown as it came. */
export function formatDateTime(iso: string): string {
  const time = Date.parse(iso)
  return Number.isNaN(time) ? iso : dateTimeFormat.format(time)
}
const formatDate = (iso: string) => dateFormat.format(Date.parse(iso))
const formatClock = (iso: string) => clockFormat.format(Date.parse(iso))
const formatInteger = (n: number) => new Intl.NumberFormat('sv-SE', { maximumFractionDigits: 0 }).format(n)

function formatArea(m2: number): string {
  if (m2 < 100_000) return `${formatInteger(m2)} m²`
  return `${new Intl.NumberFormat('sv-SE', { maximumFractionDigits: m2 < 10_000_000 ? 2 : 0 }).format(m2 / 1e6)} km²`
}

// ---------------------------------------------------------------------------------------------
// The page

const PAGE = { width: 595.28, height: 841.89 }
const LEFT = 42
const RIGHT = PAGE.width - 42
const WIDTH = RIGHT - LEFT
const CONTENT_TOP = 62
const CONTENT_BOTTOM = PAGE.height - 50

const INK = '#17202c'
const MUTED = '#5d6878'
const NAVY = '#173a63'
const RULE = '#d8dee6'
const HEADER_FILL = '#eef1f5'
const OVERDUE = '#b42318'

/** The map's frame height: as tall as the first page allows up to the tallest, else a page of its own. */
const MAP_HEIGHT = { tallest: 340, lowest: 240 }

const FONT = 'Inter'
const FONT_BOLD = 'Inter-SemiBold'

const stampColours: Record<Classification, { fill: string; text: string }> = {
  open: { fill: '#e6f4ea', text: '#2b7a3d' },
  internal: { fill: '#e3edf9', text: '#1f4d80' },
  restricted: { fill: '#a61b1b', text: '#ffffff' },
}

/** Escalation levels coloured from green (the first, normal) to red (the last, most severe). */
const levelColours = ['#2b7a3d', '#b7791f', '#c2410c', '#a61b1b']

let fontFiles: { regular: Buffer; bold: Buffer } | undefined
function fonts() {
  const read = (name: string) => readFileSync(fileURLToPath(new URL(`./fonts/${name}`, import.meta.url)))
  fontFiles ??= { regular: read('inter-regular.otf'), bold: read('inter-semibold.otf') }
  return fontFiles
}

type Doc = PDFKit.PDFDocument

/** One table cell: its text, and optionally a smaller muted line under it and a badge before it. */
interface Cell {
  text: string
  bold?: boolean
  colour?: string
  detail?: string
  /** A detail shown only when the row opens a page: the date of a time, so no page lacks it. */
  pageDetail?: string
  detailColour?: string
  badge?: { number: number; colour: string; filled: boolean }
}

interface Column {
  title: string
  width: number
}

const CELL_PAD_X = 4
const CELL_PAD_Y = 3.5
const BODY_SIZE = 8
const DETAIL_SIZE = 7
const LINE_GAP = 1.2
const BADGE_WIDTH = 20

/**
 * Lays the report out top to bottom, turning pages itself so that rows never split and table
 * headings repeat; headers and footers are drawn over the finished pages at the end, when the
 * number of pages is known.
 */
class ReportLayout {
  y = CONTENT_TOP

  constructor(
    readonly doc: Doc,
    readonly t: Strings,
  ) {}

  newPage(): void {
    this.doc.addPage()
    this.y = CONTENT_TOP
  }

  /** Turns the page unless `height` more fits on this one. */
  ensure(height: number): void {
    if (this.y + height > CONTENT_BOTTOM) this.newPage()
  }

  textHeight(text: string, width: number, font: string, size: number): number {
    this.doc.font(font).fontSize(size)
    return this.doc.heightOfString(text || ' ', { width, lineGap: LINE_GAP })
  }

  /** Writes wrapped text at a place, never past `height` (pdfkit would otherwise turn the page). */
  write(text: string, x: number, y: number, width: number, font: string, size: number, colour: string) {
    const height = this.textHeight(text, width, font, size)
    this.doc
      .fillColor(colour)
      .text(text, x, y, { width, lineGap: LINE_GAP, height: height + 2, ellipsis: true })
    return height
  }

  heading(title: string, keepWith: number): void {
    this.ensure(26 + keepWith)
    if (this.y > CONTENT_TOP) this.y += 10
    this.doc.font(FONT_BOLD).fontSize(12).fillColor(NAVY)
    this.doc.text(title, LEFT, this.y, { lineBreak: false })
    this.y += 20
  }

  paragraph(text: string, colour = MUTED, size = BODY_SIZE + 0.5): void {
    const height = this.textHeight(text, WIDTH, FONT, size)
    this.ensure(height + 4)
    this.write(text, LEFT, this.y, WIDTH, FONT, size, colour)
    this.y += height + 4
  }

  cellHeight(cell: Cell, width: number): number {
    const inner = width - 2 * CELL_PAD_X - (cell.badge ? BADGE_WIDTH : 0)
    let height = this.textHeight(cell.text, inner, cell.bold ? FONT_BOLD : FONT, BODY_SIZE)
    // Note: measured with the page detail too, since which row opens a page is known only later.
    if (cell.detail || cell.pageDetail)
      height += 1.5 + this.textHeight(cell.detail ?? cell.pageDetail ?? '', inner, FONT, DETAIL_SIZE)
    if (cell.badge) height = Math.max(height, 14)
    return height + 2 * CELL_PAD_Y
  }

  tableHeader(columns: Column[]): void {
    const height = 16
    this.doc.rect(LEFT, this.y, WIDTH, height).fill(HEADER_FILL)
    let x = LEFT
    this.doc.font(FONT_BOLD).fontSize(7).fillColor(MUTED)
    for (const column of columns) {
      this.doc.text(column.title.toUpperCase(), x + CELL_PAD_X, this.y + 5, {
        lineBreak: false,
        characterSpacing: 0.3,
      })
      x += column.width
    }
    this.y += height
  }

  /**
   * A table that flows over pages: a row that does not fit starts a new page, which repeats the
   * section title (marked as continued) and the column headings.
   */
  table(title: string, columns: Column[], rows: Cell[][]): void {
    const widths = columns.map((c) => c.width)
    const heights = rows.map((row) => Math.max(...row.map((cell, i) => this.cellHeight(cell, widths[i]))))
    this.heading(title, 16 + (heights[0] ?? 0))
    this.tableHeader(columns)
    // A single row taller than a page (a 4,000-character entry in a narrow column would be) is
    // cut with an ellipsis rather than run off the paper.
    const tallest = CONTENT_BOTTOM - CONTENT_TOP - 40
    rows.forEach((row, r) => {
      const height = Math.min(heights[r], tallest)
      let opensPage = r === 0
      if (this.y + height > CONTENT_BOTTOM) {
        opensPage = true
        this.newPage()
        this.doc.font(FONT_BOLD).fontSize(9).fillColor(MUTED)
        this.doc.text(`${title} (${this.t.continued})`, LEFT, this.y, { lineBreak: false })
        this.y += 15
        this.tableHeader(columns)
      }
      let x = LEFT
      row.forEach((cell, i) => {
        const shown =
          opensPage && !cell.detail && cell.pageDetail ? { ...cell, detail: cell.pageDetail } : cell
        this.drawCell(shown, x, this.y, widths[i], height)
        x += widths[i]
      })
      this.y += height
      this.doc.moveTo(LEFT, this.y).lineTo(RIGHT, this.y).lineWidth(0.5).strokeColor(RULE).stroke()
    })
  }

  drawCell(cell: Cell, x: number, y: number, width: number, rowHeight: number): void {
    let left = x + CELL_PAD_X
    const inner = width - 2 * CELL_PAD_X - (cell.badge ? BADGE_WIDTH : 0)
    if (cell.badge) {
      drawBadge(
        this.doc,
        [left + 7, y + CELL_PAD_Y + 6.5],
        cell.badge.number,
        cell.badge.colour,
        cell.badge.filled,
        FONT_BOLD,
      )
      left += BADGE_WIDTH
    }
    const room = rowHeight - 2 * CELL_PAD_Y
    const font = cell.bold ? FONT_BOLD : FONT
    this.doc
      .font(font)
      .fontSize(BODY_SIZE)
      .fillColor(cell.colour ?? INK)
    const textHeight = Math.min(this.textHeight(cell.text, inner, font, BODY_SIZE), room)
    this.doc.text(cell.text, left, y + CELL_PAD_Y + (cell.badge ? 1.5 : 0), {
      width: inner,
      lineGap: LINE_GAP,
      height: textHeight + 1,
      ellipsis: true,
    })
    const detailRoom = room - textHeight - 1.5
    if (cell.detail && detailRoom > DETAIL_SIZE) {
      this.doc
        .font(FONT)
        .fontSize(DETAIL_SIZE)
        .fillColor(cell.detailColour ?? MUTED)
      this.doc.text(cell.detail, left, y + CELL_PAD_Y + textHeight + 1.5, {
        width: inner,
        lineGap: LINE_GAP,
        height: detailRoom,
        ellipsis: true,
      })
    }
  }
}

/** Cuts a one-line text to a width, ending it with an ellipsis. */
function fitLine(doc: Doc, text: string, width: number): string {
  if (doc.widthOfString(text) <= width) return text
  let cut = text
  while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1)
  return `${cut.trimEnd()}…`
}

// ---------------------------------------------------------------------------------------------
// The report

/** The moment the printed picture shows: the snapshot's, now, or the last change up to the seq. */
function situationTime(report: SessionReport): string {
  if (report.snapshot) return report.snapshot.createdAt
  if (report.seq >= report.session.seq) return report.generatedAt
  const times = [...report.annotations, ...report.log].map((r) => r.updatedAt).sort()
  return times[times.length - 1] ?? report.session.createdAt
}

function situationLabel(report: SessionReport, t: Strings): string {
  const time = formatDateTime(situationTime(report))
  if (report.snapshot) return `${report.snapshot.name} · ${time}`
  return report.seq >= report.session.seq ? `${time} (${t.current})` : time
}

/** The stamp on every page: always the Swedish word, as on every export, and English beside it. */
export function classificationStamp(classification: Classification, lang: Lang): string {
  const term = classificationTerms[classification]
  return lang === 'sv' ? term.sv.toUpperCase() : `${term.sv.toUpperCase()} / ${term.en}`
}

function levelName(report: SessionReport, id: string | undefined, lang: Lang): string {
  if (!id) return '–'
  return report.escalationLevels.find((l) => l.id === id)?.[lang] ?? id
}

function levelColour(report: SessionReport, id: string): string {
  const index = report.escalationLevels.findIndex((l) => l.id === id)
  if (index < 0) return MUTED
  const share = report.escalationLevels.length > 1 ? index / (report.escalationLevels.length - 1) : 0
  return levelColours[Math.round(share * (levelColours.length - 1))]
}

function eventTypeName(eventType: string | null, lang: Lang): string {
  if (!eventType) return '–'
  return eventType in eventTypeTerms
    ? eventTypeTerms[eventType as keyof typeof eventTypeTerms][lang]
    : eventType
}

const byTime = <T extends { createdAt: string; version: number }>(a: T, b: T) =>
  Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.version - b.version

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

/** SWEREF 99 TM coordinates as Swedish staff read them off a map: N 6 495 120, E 568 230. */
function placeText(position: [number, number]): string {
  const [e, n] = toSweref(position)
  return `N ${formatInteger(n)}, E ${formatInteger(e)} (SWEREF 99 TM)`
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

function drawPageFurniture(
  doc: Doc,
  report: SessionReport,
  lang: Lang,
  t: Strings,
  page: number,
  pages: number,
) {
  // Note: margins to zero while drawing outside the content area, or pdfkit turns the page.
  const margins = doc.page.margins
  doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 }
  const stamp = classificationStamp(report.classification, lang)
  const colours = stampColours[report.classification]
  doc.font(FONT_BOLD).fontSize(8)
  const stampWidth = doc.widthOfString(stamp, { characterSpacing: 0.6 }) + 14
  doc.roundedRect(LEFT, 22, stampWidth, 16, 2).fill(colours.fill)
  if (report.classification !== 'restricted')
    doc.roundedRect(LEFT, 22, stampWidth, 16, 2).lineWidth(0.7).stroke(colours.text)
  doc.fillColor(colours.text).text(stamp, LEFT + 7, 26.5, { lineBreak: false, characterSpacing: 0.6 })

  doc.font(FONT).fontSize(7.5).fillColor(MUTED)
  const generated = t.generated(report.generatedBy, formatDateTime(report.generatedAt))
  const generatedWidth = doc.widthOfString(generated)
  doc.text(generated, RIGHT - generatedWidth, 26.5, { lineBreak: false })
  const titleRoom = RIGHT - generatedWidth - 16 - (LEFT + stampWidth + 10)
  doc.font(FONT_BOLD).fillColor(INK)
  doc.text(fitLine(doc, `${t.report}: ${report.session.title}`, titleRoom), LEFT + stampWidth + 10, 26.5, {
    lineBreak: false,
  })
  doc.moveTo(LEFT, 44).lineTo(RIGHT, 44).lineWidth(0.6).strokeColor(RULE).stroke()

  const footerY = PAGE.height - 34
  doc
    .moveTo(LEFT, footerY - 6)
    .lineTo(RIGHT, footerY - 6)
    .lineWidth(0.6)
    .strokeColor(RULE)
    .stroke()
  doc.font(FONT).fontSize(7.5).fillColor(MUTED)
  const pageText = t.page(page, pages)
  const pageWidth = doc.widthOfString(pageText)
  doc.text(pageText, RIGHT - pageWidth, footerY, { lineBreak: false })
  const footer = `${stamp} · ${t.situationAt} ${situationLabel(report, t)} · ${t.seq.toLowerCase()} ${report.seq}`
  doc.text(fitLine(doc, footer, WIDTH - pageWidth - 20), LEFT, footerY, { lineBreak: false })
  doc.page.margins = margins
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
    fonts: { regular: FONT, bold: FONT_BOLD },
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
  const { regular, bold } = fonts()
  const doc = new PDFDocument({
    size: 'A4',
    margins: {
      top: CONTENT_TOP,
      bottom: PAGE.height - CONTENT_BOTTOM,
      left: LEFT,
      right: PAGE.width - RIGHT,
    },
    bufferPages: true,
    compress: options.compress ?? true,
    pdfVersion: '1.7',
    lang: lang === 'sv' ? 'sv-SE' : 'en-GB',
    displayTitle: true,
    info: {
      Title: `${t.report}: ${report.session.title}`,
      Author: report.generatedBy,
      Subject: `${classificationStamp(report.classification, lang)} · ${t.situationAt} ${situationLabel(report, t)}`,
      Creator: 'Lägesbild',
      CreationDate: new Date(report.generatedAt),
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk))
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))))
    doc.on('error', reject)
  })
  doc.registerFont(FONT, regular)
  doc.registerFont(FONT_BOLD, bold)

  const layout = new ReportLayout(doc, t)
  const numbered: NumberedAnnotation[] = [...report.annotations]
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.version - b.version)
    .map((annotation, i) => ({ number: i + 1, annotation }))
  const log = [...report.log].sort(byTime)

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
        { text: '', badge: { number, colour: annotationColour(a), filled: a.kind === 'point' } },
        annotationType(a, lang, t),
        { text: a.properties.label ?? a.properties.text ?? '–', bold: true },
        { text: a.properties.note ?? '' },
        {
          text: formatDateTime(a.createdAt),
          detail: [a.createdBy, changedNote(a, t)].filter(Boolean).join(' · '),
        },
      ]),
    )

  const decisions = log.filter((e) => e.kind === 'decision')
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

  const tasks = log.filter((e) => e.kind === 'task')
  const openTasks = tasks
    .filter((e) => (e.status ?? 'open') === 'open' || e.status === 'in_progress')
    .sort(
      (a, b) =>
        (a.due ? Date.parse(a.due) : Infinity) - (b.due ? Date.parse(b.due) : Infinity) || byTime(a, b),
    )
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
        const overdue = e.due ? Date.parse(e.due) < now : false
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
  const closedTasks = tasks.length - openTasks.length
  if (closedTasks > 0) {
    layout.y += 3
    layout.paragraph(t.tasksClosed(closedTasks), MUTED, 7.5)
  }

  const escalations = log.filter((e) => e.kind === 'escalation')
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
          text: p.name,
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

  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    drawPageFurniture(doc, report, lang, t, i + 1, range.count)
  }
  doc.end()
  return done
}
