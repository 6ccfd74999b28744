/**
 * Typed calls to the server's REST API. Every failure becomes an `ApiError` carrying the server's
 * error code, so the interface can show a clear message instead of an empty map. A 401 from any
 * call but the sign-in itself means the session has ended (expired, revoked, or the account
 * disabled); the listeners registered with `onSessionEnded` are told, and the app returns to the
 * sign-in page.
 */

import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { z } from 'zod'
import type { ActionMeasureProperties, MeasureFollowUp } from '../../common/action-plan.ts'
import type { AuditFilter, AuditRecord } from '../../common/audit.ts'
import type { CascadeAnswer, CascadeRequest } from '../../common/cascade-api.ts'
import type { CrimeTrends, IncidentCounts, SurveyComparison } from '../../common/council.ts'
import type {
  HistoryEntry,
  ParticipantInvite,
  SessionCreate,
  SessionDetail,
  SessionSummary,
  SessionUpdate,
  Snapshot,
} from '../../common/crisis.ts'
import type { Classification, Role } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import type { HotspotAnswer, StoredIncidentsRequest } from '../../common/hotspots.ts'
import type { LayerInfo } from '../../common/layers.ts'
import type { Capability } from '../../common/permissions.ts'

export interface EscalationLevel {
  id: string
  sv: string
  en: string
}

/** What `/api/config` tells the client about the municipality. */
export interface MunicipalityConfig {
  kommun: string
  name: string | null
  bbox: BBox | null
  center: [number, number] | null
  basemapStyleUrl: string | null
  escalationLevels: EscalationLevel[]
}

export interface SearchHit {
  layerId: string
  id: string
  name: string
  bbox: BBox | null
}

export type FeatureProperties = Record<string, unknown> & { classification?: Classification }
export type LayerFeature = Feature<Geometry, FeatureProperties>

/** An organisation a user belongs to: an actor of the municipality's actor register. */
export interface Organisation {
  id: string
  name: string
  actorType?: string
}

/** An account as the server describes it (never its password). */
export interface Account {
  id: string
  username: string
  displayName: string
  role: Role
  organisation: Pick<Organisation, 'id' | 'name'> | null
  disabled: boolean
  createdAt: string
  createdBy: string
  updatedAt: string
  updatedBy: string
}

/** The signed-in user, with what the server says they may do. */
export interface SignedInUser extends Account {
  capabilities: Capability[]
  editableLayers: string[]
}

/** A row of the administrator's user list. */
export interface AccountRow extends Account {
  liveSessions: number
}

export interface NewAccount {
  username: string
  displayName: string
  role: Role
  organisationId?: string | null
  password: string
}

export interface AccountChange {
  displayName?: string
  role?: Role
  organisationId?: string | null
  disabled?: boolean
}

export { type AuditAction, type AuditFilter, type AuditRecord, auditActions } from '../../common/audit.ts'

export interface AuditPage {
  total: number
  entries: AuditRecord[]
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

type SessionEndedListener = () => void
const sessionEndedListeners = new Set<SessionEndedListener>()

/** Calls `listener` whenever a request is refused for want of a valid session. */
export function onSessionEnded(listener: SessionEndedListener): () => void {
  sessionEndedListeners.add(listener)
  return () => sessionEndedListeners.delete(listener)
}

/** Tells the listeners that the session has ended; the map calls it when a tile answers 401. */
export function reportSessionEnded(): void {
  for (const listener of sessionEndedListeners) listener()
}

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  body?: unknown
  signal?: AbortSignal
  /** Whether a 401 means "the session ended" (all but sign-in and the first who-am-I). */
  sessionRequired?: boolean
}

async function errorOf(response: Response): Promise<ApiError> {
  let code = 'http_error'
  let message = `${response.status} ${response.statusText}`
  let details: unknown
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; details?: unknown } }
    code = body.error?.code ?? code
    message = body.error?.message ?? message
    details = body.error?.details
  } catch {
    // A non-JSON error body (a proxy's HTML page): keep the status line.
  }
  return new ApiError(response.status, code, message, details)
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const { method = 'GET', body, signal, sessionRequired = true } = options
  let response: Response
  try {
    response = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', `Network error for ${path}`)
  }
  if (response.ok) return response
  const error = await errorOf(response)
  if (error.status === 401 && sessionRequired) reportSessionEnded()
  throw error
}

export async function request<T>(path: string, options?: RequestOptions): Promise<T> {
  const response = await send(path, options)
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

const getJson = <T>(path: string, signal?: AbortSignal) => request<T>(path, { signal })

/** Drops empty values, so a filter left blank is not sent as `actor=`. */
export function queryString(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** The file name a `Content-Disposition: attachment; filename="…"` header names, if any. */
export function attachmentName(header: string | null): string | null {
  if (!header) return null
  const star = /filename\*=UTF-8''([^;]+)/i.exec(header)
  if (star) {
    try {
      return decodeURIComponent(star[1])
    } catch {
      // Fall through to the plain name.
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null
}

export interface Download {
  blob: Blob
  fileName: string
  /** The marking the server gave the file (`X-Classification`), when it says. */
  classification: Classification | null
}

const classifications: readonly string[] = ['open', 'internal', 'restricted']

/** Fetches an attachment (an export), so a refusal shows as a message and not as a saved error file. */
export async function download(path: string, fallbackName: string, body?: unknown): Promise<Download> {
  const response = await send(path, body === undefined ? { method: 'GET' } : { method: 'POST', body })
  const marked = response.headers.get('X-Classification')
  return {
    blob: await response.blob(),
    fileName: attachmentName(response.headers.get('Content-Disposition')) ?? fallbackName,
    classification: marked && classifications.includes(marked) ? (marked as Classification) : null,
  }
}

const segment = encodeURIComponent

export const api = {
  config: (signal?: AbortSignal) => getJson<MunicipalityConfig>('/api/config', signal),
  layers: async (signal?: AbortSignal) =>
    (await getJson<{ layers: LayerInfo[] }>('/api/layers', signal)).layers,
  feature: (layerId: string, featureId: string, signal?: AbortSignal) =>
    getJson<LayerFeature>(`/api/layers/${segment(layerId)}/features/${segment(featureId)}`, signal),
  features: (layerId: string, params: Record<string, string> = {}, signal?: AbortSignal) =>
    getJson<FeatureCollection<Geometry, FeatureProperties>>(
      `/api/layers/${segment(layerId)}/features?${new URLSearchParams(params)}`,
      signal,
    ),
  search: async (q: string, limit = 10, signal?: AbortSignal) =>
    (
      await getJson<{ results: SearchHit[] }>(
        `/api/search?${new URLSearchParams({ q, limit: String(limit) })}`,
        signal,
      )
    ).results,
  cascade: (question: CascadeRequest, signal?: AbortSignal) =>
    request<CascadeAnswer>('/api/analysis/cascade', { method: 'POST', body: question, signal }),
  exportCascade: (question: CascadeRequest, lang: 'sv' | 'en') =>
    download(`/api/analysis/cascade/export${queryString({ format: 'csv', lang })}`, 'cascade.csv', question),
  exportLayer: (layerId: string, params: Record<string, string | undefined>, fallbackName: string) =>
    download(`/api/layers/${segment(layerId)}/export${queryString(params)}`, fallbackName),

  /** Who is signed in; a 401 here only means "nobody yet", not "the session ended". */
  me: async (signal?: AbortSignal) =>
    (await request<{ user: SignedInUser }>('/api/auth/me', { signal, sessionRequired: false })).user,
  login: async (username: string, password: string) =>
    (
      await request<{ user: SignedInUser }>('/api/auth/login', {
        method: 'POST',
        body: { username, password },
        sessionRequired: false,
      })
    ).user,
  logout: () => request<void>('/api/auth/logout', { method: 'POST', sessionRequired: false }),

  organisations: async (signal?: AbortSignal) =>
    (await getJson<{ organisations: Organisation[] }>('/api/organisations', signal)).organisations,
  users: async (signal?: AbortSignal) => (await getJson<{ users: AccountRow[] }>('/api/users', signal)).users,
  createUser: async (account: NewAccount) =>
    (await request<{ user: Account }>('/api/users', { method: 'POST', body: account })).user,
  changeUser: async (id: string, change: AccountChange) =>
    (await request<{ user: Account }>(`/api/users/${segment(id)}`, { method: 'PATCH', body: change })).user,
  resetPassword: (id: string, password: string) =>
    request<void>(`/api/users/${segment(id)}/password`, { method: 'POST', body: { password } }),
  endSessions: async (id: string) =>
    (await request<{ revoked: number }>(`/api/users/${segment(id)}/sessions/revoke`, { method: 'POST' }))
      .revoked,

  audit: (filter: AuditFilter, limit: number, offset: number, signal?: AbortSignal) =>
    getJson<AuditPage>(`/api/audit${queryString({ ...filter, limit, offset })}`, signal),
  exportAudit: (filter: AuditFilter, format: 'csv' | 'json', lang: 'sv' | 'en' = 'sv') =>
    download(`/api/audit/export${queryString({ ...filter, format, lang })}`, `audit-log.${format}`),

  // Crisis sessions (*krisledning*): the list, one session, its history and snapshots, hand-over.
  sessions: async (signal?: AbortSignal) =>
    (await getJson<{ sessions: SessionSummary[] }>('/api/sessions', signal)).sessions,
  session: async (id: string, signal?: AbortSignal) =>
    (await getJson<{ session: SessionDetail }>(`/api/sessions/${segment(id)}`, signal)).session,
  createSession: async (session: z.input<typeof SessionCreate>) =>
    (await request<{ session: SessionDetail }>('/api/sessions', { method: 'POST', body: session })).session,
  updateSession: async (id: string, change: z.input<typeof SessionUpdate>) =>
    (
      await request<{ session: SessionDetail }>(`/api/sessions/${segment(id)}`, {
        method: 'PATCH',
        body: change,
      })
    ).session,
  inviteParticipant: (id: string, invite: z.input<typeof ParticipantInvite>) =>
    request<unknown>(`/api/sessions/${segment(id)}/participants`, { method: 'POST', body: invite }),
  removeParticipant: (id: string, participantId: string) =>
    request<unknown>(`/api/sessions/${segment(id)}/participants/${segment(participantId)}`, {
      method: 'DELETE',
    }),
  sessionHistory: async (id: string, signal?: AbortSignal) =>
    (await getJson<{ history: HistoryEntry[] }>(`/api/sessions/${segment(id)}/history`, signal)).history,
  snapshots: async (id: string, signal?: AbortSignal) =>
    (await getJson<{ snapshots: Snapshot[] }>(`/api/sessions/${segment(id)}/snapshots`, signal)).snapshots,
  createSnapshot: async (id: string, name: string) =>
    (
      await request<{ snapshot: Snapshot }>(`/api/sessions/${segment(id)}/snapshots`, {
        method: 'POST',
        body: { name },
      })
    ).snapshot,
  exportSession: (id: string, seq?: number, lang: 'sv' | 'en' = 'sv') =>
    download(
      `/api/sessions/${segment(id)}/export${queryString({ format: 'geojson', seq, lang })}`,
      `krissession-${id.slice(0, 8)}.geojson`,
    ),

  // The crime prevention council (*brottsförebyggande rådet*): counts, trends, surveys beside crime.
  councilIncidents: (params: Record<string, string>, signal?: AbortSignal) =>
    getJson<IncidentCounts>(`/api/council/incidents${queryString(params)}`, signal),
  councilTrends: (params: { district?: string; category?: string }, signal?: AbortSignal) =>
    getJson<CrimeTrends>(`/api/council/trends${queryString(params)}`, signal),
  councilSurveys: (signal?: AbortSignal) => getJson<SurveyComparison>('/api/council/surveys', signal),

  // The action plan (*åtgärdsplan*): measures are objects of the action-measures layer.
  actionPlan: (signal?: AbortSignal) =>
    getJson<{ measures: ActionPlanMeasure[]; summary: Record<string, number> }>(
      '/api/action-plan/measures',
      signal,
    ),
  measureFollowUp: (id: string, signal?: AbortSignal) =>
    getJson<MeasureFollowUp>(`/api/action-plan/measures/${segment(id)}/follow-up`, signal),
  createMeasure: (feature: { type: 'Feature'; geometry: Geometry; properties: Record<string, unknown> }) =>
    request<LayerFeature>('/api/layers/action-measures/features', { method: 'POST', body: feature }),
  updateMeasure: (id: string, change: { properties: Record<string, unknown> }) =>
    request<LayerFeature>(`/api/layers/action-measures/features/${segment(id)}`, {
      method: 'PATCH',
      body: change,
    }),
  deleteMeasure: (id: string) =>
    request<undefined>(`/api/layers/action-measures/features/${segment(id)}`, { method: 'DELETE' }),
  hotspots: (question: StoredIncidentsRequest) =>
    request<HotspotAnswer>('/api/analysis/hotspots', { method: 'POST', body: question }),
}

/** A measure of the action plan as the plan at a glance lists it. */
export interface ActionPlanMeasure extends ActionMeasureProperties {
  id: string
  owner?: string | null
  district?: string | null
  overdue: boolean
  classification: Classification
}

/** Where the server renders the council's lägesbild as PDF; a link, so the browser saves it. */
export function councilReportPdfUrl(lang: 'sv' | 'en', version: 'internal' | 'open'): string {
  return `/api/council/report.pdf${queryString({ lang, version })}`
}

/** Where the server renders a session's situation report as PDF; a link, so the browser saves it. */
export function sessionReportPdfUrl(id: string, lang: 'sv' | 'en', seq?: number): string {
  return `/api/sessions/${segment(id)}/report.pdf${queryString({ lang, seq })}`
}

/** Hands a downloaded file to the browser's save mechanism. */
export function saveDownload({ blob, fileName }: Download): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.append(link)
  link.click()
  link.remove()
  // Note: revoking at once can cancel the save in some browsers; a minute is ample.
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}
