/**
 * The crisis session's wire contract: sessions, annotations, the session log, presence, and the
 * changes the room applies in sequence. Client and server both validate with these schemas;
 * `common/crisis-events.ts` types the socket.io events that carry them.
 *
 * The sync model (DESIGN "Realtime model"): the server room is the single authority. Every applied
 * change gets the room's next sequence number (`seq`); a row's `version` is the seq of its last
 * change; deletions are tombstones so that a client catching up from `sinceSeq` learns them.
 */
import { z } from 'zod'
import { Classification, type Term } from './domain.ts'
import { GeoJsonGeometry, Position } from './geojson.ts'

// ---------------------------------------------------------------------------------------------
// Sessions

export const SessionStatus = z.enum(['open', 'closed'])
export type SessionStatus = z.infer<typeof SessionStatus>

/** How a participant takes part: the chair leads the meeting, observers only watch. */
export const SessionRole = z.enum(['chair', 'participant', 'observer'])
export type SessionRole = z.infer<typeof SessionRole>
export const sessionRoleTerms = {
  chair: { sv: 'Ordförande', en: 'Chair' },
  participant: { sv: 'Deltagare', en: 'Participant' },
  observer: { sv: 'Observatör', en: 'Observer' },
} as const satisfies Record<SessionRole, Term>

/** The kinds of event a session is about; free text is allowed too, these are the suggestions. */
export const eventTypeTerms = {
  power_cut: { sv: 'Elavbrott', en: 'Power cut' },
  flood: { sv: 'Översvämning', en: 'Flood' },
  storm: { sv: 'Storm', en: 'Storm' },
  fire: { sv: 'Brand', en: 'Fire' },
  water_outage: { sv: 'Avbrott i vattenförsörjning', en: 'Water outage' },
  it_outage: { sv: 'IT- eller teleavbrott', en: 'IT or telecoms outage' },
  hazardous_release: { sv: 'Utsläpp av farligt ämne', en: 'Hazardous release' },
  violence: { sv: 'Våldsbrott eller hot', en: 'Violence or threat' },
  epidemic: { sv: 'Smittspridning', en: 'Epidemic' },
  heat: { sv: 'Värmebölja', en: 'Heatwave' },
  other: { sv: 'Annan händelse', en: 'Other event' },
} as const

/**
 * The samverkanskonferens agenda (MSB's model for a coordination conference), in order. The chair
 * moves the shared current step.
 */
export const agendaSteps = [
  { id: 'roll_call', sv: 'Upprop', en: 'Roll call' },
  { id: 'situation_reports', sv: 'Aktörernas lägesbilder', en: "Each actor's situation report" },
  { id: 'joint_assessment', sv: 'Gemensam lägesuppfattning', en: 'Joint assessment' },
  {
    id: 'coordination',
    sv: 'Samverkansbehov, inriktning och samordning',
    en: 'Coordination needs, direction and coordination',
  },
  { id: 'public_communication', sv: 'Kommunikation till allmänheten', en: 'Public communication' },
  { id: 'next_meeting', sv: 'Nästa möte', en: 'Next meeting' },
] as const
export const AgendaStep = z.enum(agendaSteps.map((s) => s.id) as [AgendaStepId, ...AgendaStepId[]])
export type AgendaStepId = (typeof agendaSteps)[number]['id']
export type AgendaStep = AgendaStepId

const Title = z.string().trim().min(1).max(200)
const ShortText = z.string().trim().max(200)
const LongText = z.string().trim().max(4000)
const Uuid = z.uuid()

/** An invitation, by user or by organisation (an actor of the register). */
export const ParticipantInvite = z.union([
  z.object({ userId: Uuid, role: SessionRole.default('participant') }).strict(),
  z.object({ actorId: Uuid, role: SessionRole.default('participant') }).strict(),
])
export type ParticipantInvite = z.infer<typeof ParticipantInvite>

/** An invited participant as the session lists it. */
export const Participant = z.object({
  id: Uuid,
  userId: Uuid.nullable(),
  actorId: Uuid.nullable(),
  /** The user's display name, or the organisation's name ('' when withheld). */
  name: z.string(),
  organisation: z.string().nullable(),
  /**
   * An invited organisation the reader may not read in the actor register: it shows as "Begränsad
   * aktör" (restricted actor), without its name or id.
   */
  withheld: z.literal(true).optional(),
  role: SessionRole,
  invitedBy: z.string(),
  invitedAt: z.string(),
})
export type Participant = z.infer<typeof Participant>

/** `GET /api/sessions` lists these (CONTRACT: id, title, status, escalationLevel). */
export const SessionSummary = z.object({
  id: Uuid,
  title: z.string(),
  status: SessionStatus,
  escalationLevel: z.string(),
  eventType: z.string().nullable(),
  seq: z.number().int(),
  classification: Classification,
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
})
export type SessionSummary = z.infer<typeof SessionSummary>

/** One session in full, as `GET /api/sessions/{id}` and `session:join` give it. */
export const SessionDetail = SessionSummary.extend({
  affectedArea: z.unknown().nullable(),
  agendaStep: AgendaStep.nullable(),
  presenterId: Uuid.nullable(),
  participants: z.array(Participant),
  /** What the caller may do here; the server decides, the client hides what is not allowed. */
  rights: z.object({
    /** The caller's part in this session (admins and crisis managers lead every session). */
    role: SessionRole,
    draw: z.boolean(),
    chair: z.boolean(),
  }),
})
export type SessionDetail = z.infer<typeof SessionDetail>

export const SessionCreate = z
  .object({
    title: Title,
    eventType: ShortText.optional(),
    escalationLevel: z.string().min(1).max(60).optional(),
    affectedArea: GeoJsonGeometry.optional(),
    classification: Classification.optional(),
    participants: z.array(ParticipantInvite).max(500).optional(),
  })
  .strict()
export type SessionCreate = z.infer<typeof SessionCreate>

/** `PATCH /api/sessions/{id}`: any subset; a change of escalation level needs a reason. */
export const SessionUpdate = z
  .object({
    title: Title.optional(),
    eventType: ShortText.nullable().optional(),
    affectedArea: GeoJsonGeometry.nullable().optional(),
    escalationLevel: z.string().min(1).max(60).optional(),
    /** Why the level changed, and who decided it (*beslutsfattare*), for the escalation log. */
    escalationReason: LongText.optional(),
    decidedBy: ShortText.optional(),
    agendaStep: AgendaStep.nullable().optional(),
    status: SessionStatus.optional(),
  })
  .strict()
  .refine((u) => Object.keys(u).length > 0, { message: 'nothing to change' })
export type SessionUpdate = z.infer<typeof SessionUpdate>

// ---------------------------------------------------------------------------------------------
// Annotations

/** The crisis symbols a point annotation may carry. */
export const crisisSymbolTerms = {
  road_closed: { sv: 'Avstängd väg', en: 'Road closed' },
  evacuation: { sv: 'Utrymning', en: 'Evacuation' },
  assembly_point: { sv: 'Återsamlingsplats', en: 'Assembly point' },
  shelter: { sv: 'Trygghetspunkt', en: 'Shelter (trygghetspunkt)' },
  command_post: { sv: 'Ledningsplats', en: 'Command post' },
  staging_area: { sv: 'Brytpunkt', en: 'Staging area' },
  fire: { sv: 'Brand', en: 'Fire' },
  flood: { sv: 'Översvämning', en: 'Flood' },
  power_outage: { sv: 'Elavbrott', en: 'Power outage' },
  water_outage: { sv: 'Vattenavbrott', en: 'Water outage' },
  information: { sv: 'Informationspunkt', en: 'Information point' },
  medical: { sv: 'Sjukvård', en: 'Medical' },
  hazard: { sv: 'Fara', en: 'Hazard' },
} as const
export type CrisisSymbol = keyof typeof crisisSymbolTerms
export const CrisisSymbol = z.enum(Object.keys(crisisSymbolTerms) as [CrisisSymbol, ...CrisisSymbol[]])

export const AnnotationKind = z.enum(['point', 'line', 'polygon', 'circle', 'text'])
export type AnnotationKind = z.infer<typeof AnnotationKind>
export const annotationKindTerms = {
  point: { sv: 'Symbol', en: 'Symbol' },
  line: { sv: 'Linje', en: 'Line' },
  polygon: { sv: 'Område', en: 'Area' },
  circle: { sv: 'Cirkel', en: 'Circle' },
  text: { sv: 'Text', en: 'Text' },
} as const satisfies Record<AnnotationKind, Term>

/** Which GeoJSON geometry types each kind of annotation takes. */
export const annotationGeometryTypes: Record<AnnotationKind, readonly string[]> = {
  point: ['Point'],
  text: ['Point'],
  line: ['LineString'],
  polygon: ['Polygon', 'MultiPolygon'],
  circle: ['Polygon'],
}

/** The most vertices one annotation may have; a drawn shape has tens, an imported area thousands. */
export const MAX_ANNOTATION_VERTICES = 20_000
/** The most annotations one change may put or remove. */
export const MAX_CHANGE_ITEMS = 500

const Colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour is #rrggbb')

/**
 * Known properties are checked; others are kept as long as they are plain values, so an outside
 * client can carry its own attributes (CONTRACT: `{label?, symbol?, color?, note?, ...}`).
 */
export const AnnotationProperties = z
  .object({
    label: ShortText.optional(),
    symbol: CrisisSymbol.optional(),
    color: Colour.optional(),
    note: LongText.optional(),
    /** A circle's radius in metres and its centre; the geometry is the circle as a polygon. */
    radius: z.number().positive().max(100_000).optional(),
    center: Position.optional(),
    /** A text label's text. */
    text: ShortText.optional(),
    fontSize: z.number().min(8).max(48).optional(),
    width: z.number().min(1).max(20).optional(),
    fillOpacity: z.number().min(0).max(1).optional(),
  })
  .catchall(z.union([z.string().max(500), z.number(), z.boolean(), z.null(), z.array(z.number()).max(3)]))
  .refine((p) => Object.keys(p).length <= 40, { message: 'at most 40 properties' })
export type AnnotationProperties = z.infer<typeof AnnotationProperties>

/** An annotation as a client puts it (CONTRACT `Annotation`). */
export const Annotation = z.object({
  id: Uuid,
  kind: AnnotationKind,
  geometry: GeoJsonGeometry,
  properties: AnnotationProperties.default({}),
  /**
   * The version the client edited from. Putting an annotation someone else deleted after that
   * version is refused (`conflict`); with the tombstone's version it restores it (undo of a delete).
   */
  baseVersion: z.number().int().nonnegative().optional(),
})
export type Annotation = z.infer<typeof Annotation>

/** An annotation as the room holds it: with its version, who drew it and when, and tombstones. */
export interface AnnotationRecord {
  id: string
  kind: AnnotationKind
  geometry: GeoJSON.Geometry
  properties: AnnotationProperties
  version: number
  deleted?: true
  createdBy: string
  createdAt: string
  updatedBy: string
  updatedAt: string
}

export const AnnotationChange = z
  .object({
    put: z.array(Annotation).max(MAX_CHANGE_ITEMS).default([]),
    remove: z.array(Uuid).max(MAX_CHANGE_ITEMS).default([]),
  })
  .strict()
  .refine((c) => c.put.length + c.remove.length > 0, { message: 'an empty change' })
  .refine((c) => c.put.length + c.remove.length <= MAX_CHANGE_ITEMS, {
    message: `at most ${MAX_CHANGE_ITEMS} annotations in one change`,
  })
  .refine((c) => new Set([...c.put.map((a) => a.id), ...c.remove]).size === c.put.length + c.remove.length, {
    message: 'an annotation appears twice in one change',
  })
export type AnnotationChange = z.infer<typeof AnnotationChange>

/** An operation id: any client-chosen string, unique per session (a UUID is a good choice). */
export const OpId = z.string().min(8).max(100)

export const AnnotationPush = z.object({ opId: OpId, change: AnnotationChange }).strict()
export type AnnotationPush = z.infer<typeof AnnotationPush>

// ---------------------------------------------------------------------------------------------
// The session log

export const LogKind = z.enum([
  'situation_report',
  'decision',
  'task',
  'coordination_need',
  'note',
  'escalation',
])
export type LogKind = z.infer<typeof LogKind>
export const logKindTerms = {
  situation_report: { sv: 'Lägesrapport', en: 'Situation report' },
  decision: { sv: 'Beslut', en: 'Decision' },
  task: { sv: 'Uppgift', en: 'Task' },
  coordination_need: { sv: 'Samverkansbehov', en: 'Coordination need' },
  note: { sv: 'Anteckning', en: 'Note' },
  escalation: { sv: 'Eskalering', en: 'Escalation' },
} as const satisfies Record<LogKind, Term>
/** What participants write; escalation entries are written by the room when the level changes. */
export const WritableLogKind = LogKind.exclude(['escalation'])

export const TaskStatus = z.enum(['open', 'in_progress', 'done', 'cancelled'])
export type TaskStatus = z.infer<typeof TaskStatus>
export const taskStatusTerms = {
  open: { sv: 'Ej påbörjad', en: 'Not started' },
  in_progress: { sv: 'Pågår', en: 'In progress' },
  done: { sv: 'Klar', en: 'Done' },
  cancelled: { sv: 'Avbruten', en: 'Cancelled' },
} as const satisfies Record<TaskStatus, Term>
/** A task still to be done. */
export const unfinishedStatuses: readonly TaskStatus[] = ['open', 'in_progress']

const DateTime = z.iso.datetime({ offset: true })

/** A new log entry as a participant writes it (`log:append`). */
export const LogEntryInput = z
  .object({
    kind: WritableLogKind,
    text: z.string().trim().min(1).max(4000),
    /** Situation report: which organisation reports. */
    reporter: ShortText.optional(),
    /** Decision: who decided (*beslutsfattare*). */
    decidedBy: ShortText.optional(),
    /** Task: who does it and by when. */
    assignee: ShortText.optional(),
    due: DateTime.optional(),
    status: TaskStatus.optional(),
    /** Coordination need: which actors must coordinate. */
    actors: z.array(ShortText).max(50).optional(),
    /** A place on the map the entry is pinned to. */
    position: Position.optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.kind === 'task' && !e.assignee)
      ctx.addIssue({ code: 'custom', path: ['assignee'], message: 'a task needs an assignee' })
    if (e.kind !== 'task' && (e.status || e.due || e.assignee))
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'only tasks have an assignee, due time and status',
      })
  })
export type LogEntryInput = z.infer<typeof LogEntryInput>

/** `log:update`: tasks change status, assignee, due time or text; other entries are a record. */
export const TaskPatch = z
  .object({
    text: z.string().trim().min(1).max(4000).optional(),
    assignee: ShortText.min(1).optional(),
    due: DateTime.nullable().optional(),
    status: TaskStatus.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' })
export type TaskPatch = z.infer<typeof TaskPatch>

export const LogAppend = z.object({ opId: OpId, entry: LogEntryInput }).strict()
export type LogAppend = z.infer<typeof LogAppend>
export const LogUpdate = z.object({ opId: OpId, id: Uuid, patch: TaskPatch }).strict()
export type LogUpdate = z.infer<typeof LogUpdate>

/** A log entry as the room holds it. */
export interface LogEntry {
  id: string
  kind: LogKind
  text: string
  reporter?: string
  decidedBy?: string
  assignee?: string
  due?: string | null
  status?: TaskStatus
  actors?: string[]
  position?: [number, number]
  /** Escalation entries: the level before and after. */
  from?: string
  to?: string
  version: number
  createdBy: string
  createdAt: string
  updatedBy: string
  updatedAt: string
}

// ---------------------------------------------------------------------------------------------
// Changes, history and replay

/** Who applied a change, as broadcasts name them. */
export interface ChangeAuthor {
  userId: string
  username: string
  displayName: string
}

/**
 * One applied change of the room, as `session_changes` stores it and `GET .../history` lists it.
 * Annotation puts carry the whole record as applied, so folding the history needs nothing else.
 */
export type SessionChange =
  | { type: 'annotations'; put: AnnotationRecord[]; remove: string[] }
  | { type: 'log'; entry: LogEntry }
  | {
      type: 'session'
      patch: SessionPatch
      /** An invitation made or withdrawn: such a change carries an empty patch and whom it concerned. */
      participants?: { invited?: Participant; removed?: Participant }
    }

/** The session fields a change can carry: what replay shows of the session itself. */
export type SessionPatch = Partial<
  Pick<
    SessionDetail,
    'title' | 'eventType' | 'escalationLevel' | 'agendaStep' | 'status' | 'closedAt' | 'affectedArea'
  >
>

export interface HistoryEntry {
  seq: number
  opId: string
  at: string
  by: string
  change: SessionChange
}

/** The room's picture at one seq: annotations (tombstones dropped) and the log, by id. */
export interface SessionState {
  seq: number
  annotations: Map<string, AnnotationRecord>
  log: Map<string, LogEntry>
  session: SessionPatch
}

export function emptyState(): SessionState {
  return { seq: 0, annotations: new Map(), log: new Map(), session: {} }
}

/**
 * Applies one history entry to a state, in place. Folding the history up to a seq gives the
 * picture at that moment: replay and snapshot comparison both stand on this.
 */
export function applyHistoryEntry(state: SessionState, entry: HistoryEntry): SessionState {
  const change = entry.change
  switch (change.type) {
    case 'annotations':
      for (const record of change.put) state.annotations.set(record.id, record)
      for (const id of change.remove) state.annotations.delete(id)
      break
    case 'log':
      state.log.set(change.entry.id, change.entry)
      break
    case 'session':
      state.session = { ...state.session, ...change.patch }
      break
    default: {
      const unknown: never = change
      return unknown
    }
  }
  state.seq = Math.max(state.seq, entry.seq)
  return state
}

/** The picture after every history entry up to and including `seq`. */
export function stateAt(history: readonly HistoryEntry[], seq: number): SessionState {
  const state = emptyState()
  for (const entry of history) if (entry.seq <= seq) applyHistoryEntry(state, entry)
  state.seq = Math.min(seq, history.length ? Math.max(...history.map((h) => h.seq)) : 0)
  return state
}

export interface AnnotationDiff {
  added: AnnotationRecord[]
  changed: { before: AnnotationRecord; after: AnnotationRecord }[]
  removed: AnnotationRecord[]
}

/** What changed between two pictures (e.g. since the previous snapshot): added, changed, removed. */
export function diffAnnotations(
  before: ReadonlyMap<string, AnnotationRecord>,
  after: ReadonlyMap<string, AnnotationRecord>,
): AnnotationDiff {
  const diff: AnnotationDiff = { added: [], changed: [], removed: [] }
  for (const [id, now] of after) {
    const then = before.get(id)
    if (!then) diff.added.push(now)
    else if (then.version !== now.version) diff.changed.push({ before: then, after: now })
  }
  for (const [id, then] of before) if (!after.has(id)) diff.removed.push(then)
  return diff
}

// ---------------------------------------------------------------------------------------------
// Snapshots

export const SnapshotCreate = z.object({ name: Title }).strict()

/** Two snapshot names are the same when they differ only in case and spacing. */
export function sameSnapshotName(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase('sv')
  return norm(a) === norm(b)
}

/**
 * A name no snapshot of the session has: the name itself when free, else the name with the first
 * free number, "Stabsmöte 3, 14:00 (2)". Names pick a picture out of the list, so they must differ.
 */
export function uniqueSnapshotName(name: string, taken: readonly string[]): string {
  const base = name.trim().replace(/\s+/g, ' ')
  const free = (candidate: string) => !taken.some((t) => sameSnapshotName(t, candidate))
  if (free(base)) return base
  for (let n = 2; ; n++) if (free(`${base} (${n})`)) return `${base} (${n})`
}
export interface Snapshot {
  id: string
  name: string
  seq: number
  createdBy: string
  createdAt: string
}

// ---------------------------------------------------------------------------------------------
// Presence (volatile, never stored)

export const Viewport = z
  .object({
    center: Position,
    zoom: z.number().min(0).max(24),
    bearing: z.number().min(-360).max(360).default(0),
    pitch: z.number().min(0).max(85).default(0),
    /** What the participant sees: [minLon, minLat, maxLon, maxLat]. */
    bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  })
  .strict()
export type Viewport = z.infer<typeof Viewport>

export const PresenceUpdate = z
  .object({
    cursor: Position.nullable().optional(),
    viewport: Viewport.optional(),
    /** A laser pointer: points at something without drawing, and fades. */
    laser: Position.nullable().optional(),
    selection: z.array(Uuid).max(MAX_CHANGE_ITEMS).optional(),
  })
  .strict()
export type PresenceUpdate = z.infer<typeof PresenceUpdate>

/** One participant in the roster: who, from where, in which colour, and whether connected. */
export interface RosterEntry {
  userId: string
  username: string
  displayName: string
  organisation: string | null
  role: string
  sessionRole: SessionRole
  colour: string
  status: 'online' | 'dropped'
}

/** Presence as others receive it. */
export interface PresenceState extends PresenceUpdate {
  userId: string
  colour: string
}

/** Distinct colours for participants, readable on the light basemap. */
const participantColours = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#ff7f0e',
  '#17becf',
  '#e377c2',
  '#8c564b',
  '#bcbd22',
  '#7f7f7f',
  '#393b79',
  '#637939',
]

/** A participant's colour, the same on every screen and every process. */
export function participantColour(userId: string): string {
  let hash = 0
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return participantColours[hash % participantColours.length]
}

/** The escalation levels a municipality has configured, as `GET /api/config` gives them. */
export interface EscalationLevel {
  id: string
  sv: string
  en: string
}

/** A level's name in a language; an id the configuration no longer knows stays as it is. */
export function escalationName(
  levels: readonly EscalationLevel[],
  id: string | null | undefined,
  lang: keyof Term,
): string {
  if (!id) return '–'
  const level = levels.find((l) => l.id === id)
  return level ? level[lang] : id
}

/**
 * A level's tone by its place in the configured list: the first (normal) calm, the last
 * (extraordinary) alarming, the ones between graded, so a municipality's own list gets sensible
 * colours on screen and on paper alike. An unknown level is calm.
 */
export function escalationTone(levels: readonly EscalationLevel[], id: string): EscalationTone {
  const index = levels.findIndex((l) => l.id === id)
  if (index < 0 || levels.length < 2) return 0
  return Math.round((index / (levels.length - 1)) * 3) as EscalationTone
}
export type EscalationTone = 0 | 1 | 2 | 3
