/**
 * The audit log in words: what happened (*Behörighet ändrad*), to what (*Användare*, a layer's
 * title), and what changed, as "Roll: Läsare → Planerare" rather than two blobs of JSON. Pure, so
 * it is tested without a browser.
 */
import { classificationTerms, roleTerms, type Term } from '../../common/domain.ts'
import { layerCatalogue } from '../../common/layers.ts'
import type { AuditAction } from '../api/api-client.ts'
import { formatNumber, type Lang, propertyLabels } from '../features/attribute-format.ts'

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
  if (key === 'role' && typeof value === 'string' && value in roleTerms)
    return roleTerms[value as keyof typeof roleTerms][lang]
  if (key === 'classification' && typeof value === 'string' && value in classificationTerms)
    return classificationTerms[value as keyof typeof classificationTerms][lang]
  if (key === 'reason' && typeof value === 'string') return reasonTerms[value]?.[lang] ?? value
  if (key === 'geometry' && typeof value === 'object') {
    const type = (value as { type?: unknown }).type
    return typeof type === 'string' ? type : EMPTY
  }
  if (typeof value === 'boolean') return value ? (lang === 'sv' ? 'Ja' : 'Yes') : lang === 'sv' ? 'Nej' : 'No'
  if (typeof value === 'number') return formatNumber(value, lang, 6)
  if (typeof value === 'string') return isoDateTime.test(value) ? formatAuditTime(value, lang) : value
  if (typeof value === 'object' && !Array.isArray(value)) {
    const named = (value as { name?: unknown }).name
    if (typeof named === 'string') return named
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
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
