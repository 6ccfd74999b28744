/**
 * The audit log in words: what happened (*Behörighet ändrad*), to what (*Användare*, a layer's
 * title), and what changed, as "Roll: Läsare → Planerare" rather than two blobs of JSON. Pure, so
 * it is tested without a browser.
 */
import {
  agendaSteps,
  eventTypeTerms,
  logKindTerms,
  SessionStatus,
  sessionRoleTerms,
  taskStatusTerms,
} from '../../common/crisis.ts'
import { classificationTerms, defaultEscalationLevels, roleTerms, type Term } from '../../common/domain.ts'
import { layerCatalogue } from '../../common/layers.ts'
import type { AuditAction } from '../api/api-client.ts'
import { formatNumber, type Lang, propertyLabels } from '../features/attribute-format.ts'
import { type MessageKey, translate } from '../i18n/dictionary.ts'

export const auditActionTerms: Record<AuditAction, Term> = {
  create: { sv: 'Skapad', en: 'Created' },
  update: { sv: 'Ändrad', en: 'Changed' },
  delete: { sv: 'Borttagen', en: 'Deleted' },
  login: { sv: 'Inloggning', en: 'Sign-in' },
  login_failed: { sv: 'Misslyckad inloggning', en: 'Failed sign-in' },
  logout: { sv: 'Utloggning', en: 'Sign-out' },
  export: { sv: 'Export', en: 'Export' },
  rights: { sv: 'Behörighet ändrad', en: 'Rights changed' },
}

const entityTerms: Record<string, Term> = {
  users: { sv: 'Användare', en: 'User' },
  session: { sv: 'Session', en: 'Session' },
  crisis_session: { sv: 'Krissession', en: 'Crisis session' },
  audit_log: { sv: 'Granskningslogg', en: 'Audit log' },
  ...Object.fromEntries(layerCatalogue.map((layer) => [layer.id, layer.titles])),
}

/** The object types to filter by: accounts, sessions, the log itself and every layer. */
export const auditEntities = Object.keys(entityTerms)

export function entityLabel(entity: string, lang: Lang, titles: Record<string, Term> = {}): string {
  return (titles[entity] ?? entityTerms[entity])?.[lang] ?? entity
}

/** Labels of what the log records about accounts, sign-ins and exports. */
const auditLabels: Record<string, Term> = {
  username: { sv: 'Användarnamn', en: 'Username' },
  name: { sv: 'Namn', en: 'Name' },
  displayName: { sv: 'Namn', en: 'Name' },
  role: { sv: 'Roll', en: 'Role' },
  organisation: { sv: 'Organisation', en: 'Organisation' },
  disabled: { sv: 'Avstängd', en: 'Disabled' },
  passwordReset: { sv: 'Lösenordet bytt', en: 'Password changed' },
  sessionsEnded: { sv: 'Avslutade sessioner', en: 'Sessions ended' },
  address: { sv: 'Adress', en: 'Address' },
  userAgent: { sv: 'Webbläsare', en: 'Browser' },
  expiresAt: { sv: 'Giltig till', en: 'Valid until' },
  reason: { sv: 'Orsak', en: 'Reason' },
  format: { sv: 'Format', en: 'Format' },
  count: { sv: 'Antal', en: 'Count' },
  total: { sv: 'Totalt', en: 'Total' },
  filter: { sv: 'Filter', en: 'Filter' },
  filters: { sv: 'Filter', en: 'Filters' },
  bbox: { sv: 'Utsnitt', en: 'Extent' },
  marking: { sv: 'Märkning', en: 'Marking' },
  exportedBy: { sv: 'Exporterad av', en: 'Exported by' },
  exportedByName: { sv: 'Exporterad av (namn)', en: 'Exported by (name)' },
  exportedAt: { sv: 'Exporterad', en: 'Exported' },
  demo: { sv: 'Demokonto', en: 'Demo account' },
  geometry: { sv: 'Geometri', en: 'Geometry' },
  // A crisis session and its escalation log entry, as the session's audit records them.
  title: { sv: 'Titel', en: 'Title' },
  eventType: { sv: 'Typ av händelse', en: 'Type of event' },
  status: { sv: 'Status', en: 'Status' },
  escalationLevel: { sv: 'Eskaleringsnivå', en: 'Escalation level' },
  agendaStep: { sv: 'Mötespunkt', en: 'Agenda step' },
  classification: { sv: 'Informationsklass', en: 'Classification' },
  affectedArea: { sv: 'Berört område', en: 'Affected area' },
  closedAt: { sv: 'Avslutad', en: 'Closed' },
  participants: { sv: 'Deltagare', en: 'Participants' },
  escalation: { sv: 'Eskalering', en: 'Escalation' },
  kind: { sv: 'Typ', en: 'Type' },
  from: { sv: 'Från', en: 'From' },
  to: { sv: 'Till', en: 'To' },
  text: { sv: 'Text', en: 'Text' },
  decidedBy: { sv: 'Beslutsfattare', en: 'Decided by' },
  assignee: { sv: 'Ansvarig', en: 'Assignee' },
  due: { sv: 'Klart senast', en: 'Due' },
  reporter: { sv: 'Rapportör', en: 'Reporter' },
  actors: { sv: 'Aktörer', en: 'Actors' },
  snapshot: { sv: 'Ögonblicksbild', en: 'Snapshot' },
  invited: { sv: 'Inbjuden', en: 'Invited' },
  withdrawn: { sv: 'Inbjudan återkallad', en: 'Invitation withdrawn' },
  seq: { sv: 'Ändringsnummer', en: 'Change number' },
  createdAt: { sv: 'Skapad', en: 'Created' },
  createdBy: { sv: 'Skapad av', en: 'Created by' },
  updatedAt: { sv: 'Ändrad', en: 'Changed' },
  updatedBy: { sv: 'Ändrad av', en: 'Changed by' },
}

/**
 * Bookkeeping inside a recorded object (its id, version and who wrote it when), left out of the
 * words: the entry itself says who did what and when.
 */
const bookkeeping = new Set([
  'id',
  'version',
  'userId',
  'actorId',
  'sessionId',
  'createdAt',
  'createdBy',
  'updatedAt',
  'updatedBy',
  'position',
])

const levelTerms: Record<string, Term> = Object.fromEntries(defaultEscalationLevels.map((l) => [l.id, l]))
const agendaTerms: Record<string, Term> = Object.fromEntries(agendaSteps.map((s) => [s.id, s]))

/** A session's status in the words of its badge (the dictionary's). */
const sessionStatusTerms: Record<string, Term> = Object.fromEntries(
  SessionStatus.options.map((status) => {
    const key: MessageKey = `crisis.status.${status}`
    return [status, { sv: translate('sv', key), en: translate('en', key) }]
  }),
)
const lookup = (terms: Record<string, Term>, code: string): Term | undefined =>
  Object.hasOwn(terms, code) ? terms[code] : undefined

const geometryTypeTerms: Record<string, Term> = {
  Point: { sv: 'Punkt', en: 'Point' },
  MultiPoint: { sv: 'Punkter', en: 'Points' },
  LineString: { sv: 'Linje', en: 'Line' },
  MultiLineString: { sv: 'Linjer', en: 'Lines' },
  Polygon: { sv: 'Yta', en: 'Area' },
  MultiPolygon: { sv: 'Ytor', en: 'Areas' },
}

/** The word for a recorded code, by the field it was recorded in; undefined when it is no code. */
function codeTerm(key: string, value: string): Term | undefined {
  switch (key) {
    case 'role':
      return lookup(roleTerms, value) ?? lookup(sessionRoleTerms, value)
    case 'classification':
      return lookup(classificationTerms, value)
    case 'reason':
      return lookup(reasonTerms, value)
    case 'escalationLevel':
    case 'from':
    case 'to':
      return lookup(levelTerms, value)
    case 'agendaStep':
      return lookup(agendaTerms, value)
    case 'eventType':
      return lookup(eventTypeTerms, value)
    case 'kind':
      return lookup(logKindTerms, value)
    case 'status':
      return lookup(sessionStatusTerms, value) ?? lookup(taskStatusTerms, value)
    default:
      return undefined
  }
}

const reasonTerms: Record<string, Term> = {
  wrong_password: { sv: 'Fel lösenord', en: 'Wrong password' },
  unknown_or_disabled_user: { sv: 'Okänt eller avstängt konto', en: 'Unknown or disabled account' },
  rate_limited: { sv: 'För många försök', en: 'Too many attempts' },
}

export function fieldLabel(key: string, lang: Lang): string {
  return (auditLabels[key] ?? propertyLabels[key])?.[lang] ?? key
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/

/** A moment of the log in Swedish time, to the second: "2025-03-14 08:05:12". */
export function formatAuditTime(iso: string, lang: Lang): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', {
    timeZone: 'Europe/Stockholm',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
}

const EMPTY = '–'

/** One recorded value in words: a role's name, an organisation's name, Ja/Nej, a Swedish time. */
export function formatAuditValue(key: string, value: unknown, lang: Lang): string {
  if (value === null || value === undefined || value === '') {
    if (key === 'organisation') return lang === 'sv' ? 'Ingen organisation' : 'No organisation'
    return EMPTY
  }
  const term = typeof value === 'string' ? codeTerm(key, value) : undefined
  if (term) return term[lang]
  if ((key === 'geometry' || key === 'affectedArea') && typeof value === 'object') {
    const type = (value as { type?: unknown }).type
    return typeof type === 'string' ? (geometryTypeTerms[type]?.[lang] ?? type) : EMPTY
  }
  if (typeof value === 'boolean') return value ? (lang === 'sv' ? 'Ja' : 'Yes') : lang === 'sv' ? 'Nej' : 'No'
  if (typeof value === 'number') return formatNumber(value, lang, 6)
  if (typeof value === 'string') return isoDateTime.test(value) ? formatAuditTime(value, lang) : value
  if (typeof value === 'object' && !Array.isArray(value)) {
    const named = (value as { name?: unknown }).name
    if (typeof named === 'string') return named
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => v !== null && v !== undefined && v !== '' && !bookkeeping.has(k))
      .sort(([x], [y]) => rank(x) - rank(y))
      .map(([k, v]) => `${fieldLabel(k, lang)}: ${formatAuditValue(k, v, lang)}`)
    return parts.length ? parts.join(', ') : EMPTY
  }
  // Note: semicolons, since Swedish numbers already carry decimal commas (a bbox would be unreadable).
  if (Array.isArray(value)) return value.map((v) => formatAuditValue('', v, lang)).join('; ') || EMPTY
  return String(value)
}

export interface AuditChange {
  key: string
  label: string
  /** `changed` has both sides; `added` only after (a creation), `removed` only before (a deletion). */
  kind: 'changed' | 'added' | 'removed'
  before?: string
  after?: string
}

/** Who first (username, name), then rights (role, organisation, disabled), then the rest as stored. */
const fieldOrder = [...Object.keys(auditLabels), ...Object.keys(propertyLabels)]
const rank = (key: string) => {
  const i = fieldOrder.indexOf(key)
  return i < 0 ? fieldOrder.length : i
}

const asRecord = (value: unknown): Record<string, unknown> | null =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)

/**
 * What an entry changed, field by field. An update lists only the fields that differ; a creation
 * lists what was created and a deletion what was removed.
 */
export function auditChanges(before: unknown, after: unknown, lang: Lang): AuditChange[] {
  const b = asRecord(before)
  const a = asRecord(after)
  if (!b && !a) return []
  const keys = [...new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})])].sort(
    (x, y) => rank(x) - rank(y),
  )
  const changes: AuditChange[] = []
  for (const key of keys) {
    const label = fieldLabel(key, lang)
    if (b && a) {
      if (same(b[key], a[key])) continue
      changes.push({
        key,
        label,
        kind: 'changed',
        before: formatAuditValue(key, b[key], lang),
        after: formatAuditValue(key, a[key], lang),
      })
    } else if (a) {
      if (a[key] === null || a[key] === undefined) continue
      changes.push({ key, label, kind: 'added', after: formatAuditValue(key, a[key], lang) })
    } else if (b) {
      if (b[key] === null || b[key] === undefined) continue
      changes.push({ key, label, kind: 'removed', before: formatAuditValue(key, b[key], lang) })
    }
  }
  return changes
}

/** Details an export repeats from the entry itself (who and when), left out on screen. */
const repeatedDetails = new Set(['exportedBy', 'exportedByName', 'exportedAt'])

/** The context of an entry (address, browser, export size…) as labelled lines; empty values left out. */
export function auditDetails(details: unknown, lang: Lang): { key: string; label: string; text: string }[] {
  const record = asRecord(details)
  if (!record) return []
  return Object.entries(record)
    .filter(([key]) => !repeatedDetails.has(key))
    .map(([key, v]) => ({ key, label: fieldLabel(key, lang), text: formatAuditValue(key, v, lang) }))
    .filter((d) => d.text !== EMPTY)
}
