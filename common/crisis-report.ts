/**
 * What the situation report (*lägesrapport*) holds, one rule for the browser's printable report and
 * the server's PDF: which annotations are numbered and in what order, the colour each is drawn in,
 * the log's order and its sections (decisions, open tasks, escalations), and which tasks are
 * overdue at the moment the report shows. Two renderings of the same picture must number the same
 * map the same way, or a legend read over the phone points at the wrong thing.
 */
import {
  type AnnotationKind,
  type AnnotationProperties,
  type AnnotationRecord,
  type CrisisSymbol,
  crisisSymbolTerms,
  type LogEntry,
  unfinishedStatuses,
} from './crisis.ts'

/**
 * The colour of each crisis symbol, after the usual Swedish emergency-map convention: red for fire
 * and danger, blue for water, green for places where people find help, yellow for power, navy for
 * command.
 */
export const crisisSymbolColours = {
  road_closed: '#c92a2a',
  evacuation: '#2b8a3e',
  assembly_point: '#2b8a3e',
  shelter: '#2b8a3e',
  command_post: '#1c3d7a',
  staging_area: '#5c677d',
  fire: '#e03131',
  flood: '#1971c2',
  power_outage: '#e8a800',
  water_outage: '#1098ad',
  information: '#1864ab',
  medical: '#c2255c',
  hazard: '#d9480f',
} as const satisfies Record<CrisisSymbol, string>

/**
 * An annotation that names no colour: the pen's default. Blue, the colour of one's own measures on
 * an emergency map, and far from the red and pink of an affected area a new shape is drawn on.
 */
export const FALLBACK_ANNOTATION_COLOUR = '#1971c2'

export function isCrisisSymbol(value: unknown): value is CrisisSymbol {
  return typeof value === 'string' && Object.hasOwn(crisisSymbolTerms, value)
}

/**
 * The colour an annotation is drawn in, on the session map, in the toolbar's flyout and in both
 * reports. A symbol's colour is part of its meaning (a command post is navy wherever it stands), so
 * a point with a known symbol always takes it; everything else takes its own colour, else the default.
 */
export function annotationColour(kind: AnnotationKind, properties: AnnotationProperties): string {
  if (kind === 'point' && isCrisisSymbol(properties.symbol)) return crisisSymbolColours[properties.symbol]
  return properties.color ?? FALLBACK_ANNOTATION_COLOUR
}

/** An annotation with the number the map's badge and the legend both show for it. */
export interface NumberedAnnotation {
  number: number
  annotation: AnnotationRecord
}

/**
 * The order things happened in: by creation time, then by id. The id, not the version, breaks a
 * tie, because a version changes with every edit and the order must not.
 */
export function creationOrder(
  a: { createdAt: string; id: string },
  b: { createdAt: string; id: string },
): number {
  const at = Date.parse(a.createdAt) - Date.parse(b.createdAt)
  if (at !== 0 && !Number.isNaN(at)) return at
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0
}

/** Numbers the live annotations in the order they were drawn, so the legend reads as the story unfolded. */
export function numberAnnotations(annotations: Iterable<AnnotationRecord>): NumberedAnnotation[] {
  return [...annotations]
    .filter((a) => !a.deleted)
    .sort(creationOrder)
    .map((annotation, index) => ({ number: index + 1, annotation }))
}

/** A task past its due time and still to be done, at the moment the report shows. */
export function isOverdue(entry: LogEntry, now: number): boolean {
  if (entry.kind !== 'task' || !entry.due) return false
  if (!unfinishedStatuses.includes(entry.status ?? 'open')) return false
  return Date.parse(entry.due) < now
}

export interface ReportSections {
  /** Every entry in the order it was written. */
  log: LogEntry[]
  decisions: LogEntry[]
  /** Tasks still to be done, the soonest deadline first, tasks without one last. */
  openTasks: LogEntry[]
  /** Tasks done or cancelled: counted, since they are in the log already. */
  closedTaskCount: number
  escalations: LogEntry[]
}

export function reportSections(log: Iterable<LogEntry>): ReportSections {
  const ordered = [...log].sort(creationOrder)
  const tasks = ordered.filter((e) => e.kind === 'task')
  const dueAt = (e: LogEntry) => (e.due ? Date.parse(e.due) : Number.POSITIVE_INFINITY)
  const openTasks = tasks
    .filter((e) => unfinishedStatuses.includes(e.status ?? 'open'))
    // Note: the soonest deadline first, as a staff meeting goes through them; then as written.
    .sort((a, b) => dueAt(a) - dueAt(b) || creationOrder(a, b))
  return {
    log: ordered,
    decisions: ordered.filter((e) => e.kind === 'decision'),
    openTasks,
    closedTaskCount: tasks.length - openTasks.length,
    escalations: ordered.filter((e) => e.kind === 'escalation'),
  }
}

/**
 * The moment a report's picture shows, which is when tasks are judged overdue: a snapshot's time,
 * the time of printing for the current picture, else the last change up to the chosen seq.
 */
export function reportMoment(moment: {
  current: boolean
  snapshotAt: string | null
  lastChangeAt: string
  printedAt: string
}): string {
  if (moment.snapshotAt) return moment.snapshotAt
  return moment.current ? moment.printedAt : moment.lastChangeAt
}
