/**
 * The view and the visible layers live in the address's hash, e.g.
 * `#map=12.00/58.59000/16.18000&layers=districts,incidents&feature=incidents/3f2a…`, so a link
 * shared in a staff meeting opens the same picture.
 */

export interface MapView {
  zoom: number
  lat: number
  lon: number
  bearing?: number
  pitch?: number
}

export interface SelectedFeature {
  layerId: string
  featureId: string
}

export interface UrlState {
  view?: MapView
  /** Absent means "the defaults"; an empty list means "nothing switched on". */
  layers?: string[]
  feature?: SelectedFeature
}

const finite = (s: string | undefined) =>
  s !== undefined && s.trim() !== '' && Number.isFinite(Number(s)) ? Number(s) : null

function parseView(text: string): MapView | undefined {
  const [z, lat, lon, bearing, pitch] = text.split('/').map(finite)
  if (z === null || lat === null || lon === null || z === undefined || lat === undefined || lon === undefined)
    return undefined
  if (z < 0 || z > 24 || lat < -85.06 || lat > 85.06 || lon < -180 || lon > 180) return undefined
  const view: MapView = { zoom: z, lat, lon }
  if (bearing !== undefined && bearing !== null && bearing !== 0) view.bearing = bearing
  if (pitch !== undefined && pitch !== null && pitch !== 0) view.pitch = pitch
  return view
}

/** Reads the state from a hash (with or without the leading `#`); anything malformed is ignored. */
export function parseUrlState(hash: string): UrlState {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const state: UrlState = {}
  const map = params.get('map')
  if (map) {
    const view = parseView(map)
    if (view) state.view = view
  }
  const layers = params.get('layers')
  if (layers !== null) {
    state.layers = [
      ...new Set(
        layers
          .split(',')
          .map((s) => s.trim())
          .filter((s) => /^[a-z0-9-]{1,64}$/.test(s)),
      ),
    ]
  }
  const feature = params.get('feature')
  if (feature) {
    const slash = feature.indexOf('/')
    if (slash > 0 && slash < feature.length - 1) {
      state.feature = { layerId: feature.slice(0, slash), featureId: feature.slice(slash + 1) }
    }
  }
  return state
}

const trim = (n: number, digits: number) => String(Number(n.toFixed(digits)))

/** Writes the state as a hash starting with `#`; commas and slashes are left readable. */
export function serialiseUrlState(state: UrlState): string {
  const parts: string[] = []
  if (state.view) {
    const v = state.view
    const fields = [v.zoom.toFixed(2), v.lat.toFixed(5), v.lon.toFixed(5)]
    if (v.bearing || v.pitch) fields.push(trim(v.bearing ?? 0, 1))
    if (v.pitch) fields.push(trim(v.pitch, 1))
    parts.push(`map=${fields.join('/')}`)
  }
  if (state.layers) parts.push(`layers=${state.layers.map(encodeURIComponent).join(',')}`)
  if (state.feature) {
    parts.push(
      `feature=${encodeURIComponent(state.feature.layerId)}/${encodeURIComponent(state.feature.featureId)}`,
    )
  }
  return parts.length ? `#${parts.join('&')}` : ''
}

// ---------------------------------------------------------------------------------------------
// Pages: the crisis sessions live at `#/sessions…`; any other hash is the map's own state above.

/** The tabs of a crisis session's side panel, as the address names them. */
export const sessionTabs = ['roster', 'log', 'meeting', 'snapshots', 'replay'] as const
export type SessionTab = (typeof sessionTabs)[number]

/**
 * The tabs of the crime prevention council's page (`#/council?tab=surveys`). Note: the action plan
 * (*åtgärdsplan*) comes as one more tab here and a panel in `client/crime/council-view.tsx`.
 */
export const councilTabs = ['overview', 'hotspots', 'surveys', 'plan'] as const
export type CouncilTab = (typeof councilTabs)[number]

export type AppRoute =
  | { page: 'map' }
  | { page: 'council'; tab?: CouncilTab }
  | { page: 'sessions' }
  | { page: 'session'; sessionId: string; tab?: SessionTab }
  | { page: 'report'; sessionId: string; seq?: number }
  // The RSA register and incident reporting.
  | { page: 'rsa' }
  | { page: 'incidents' }
  | { page: 'incident-new' }
  | { page: 'incident'; incidentId: string }

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/**
 * Which page a hash opens: `#/sessions` the list, `#/sessions/<id>[?tab=log]` one session,
 * `#/sessions/<id>/report[?seq=12]` its printable report. A malformed session address falls back to
 * the list (not the map), so a mistyped link still lands among the sessions.
 */
export function parseRoute(hash: string): AppRoute {
  const text = hash.replace(/^#/, '')
  if (!text.startsWith('/')) return { page: 'map' }
  const [path, query = ''] = text.split('?', 2)
  const parts = path.split('/').filter(Boolean)
  if (parts[0] === 'council') {
    const tab = new URLSearchParams(query).get('tab')
    return councilTabs.includes(tab as CouncilTab)
      ? { page: 'council', tab: tab as CouncilTab }
      : { page: 'council' }
  }
  if (parts[0] === 'rsa') return { page: 'rsa' }
  if (parts[0] === 'incidents') {
    if (parts[1] === 'new') return { page: 'incident-new' }
    const incidentId = parts[1]?.toLowerCase() ?? ''
    return uuidPattern.test(incidentId) ? { page: 'incident', incidentId } : { page: 'incidents' }
  }
  if (parts[0] !== 'sessions') return { page: 'map' }
  if (parts.length === 1) return { page: 'sessions' }
  const sessionId = parts[1].toLowerCase()
  if (!uuidPattern.test(sessionId) || parts.length > 3) return { page: 'sessions' }
  const params = new URLSearchParams(query)
  if (parts.length === 3) {
    if (parts[2] !== 'report') return { page: 'sessions' }
    const seq = params.get('seq')
    return /^\d{1,9}$/.test(seq ?? '')
      ? { page: 'report', sessionId, seq: Number(seq) }
      : { page: 'report', sessionId }
  }
  const tab = params.get('tab')
  return sessionTabs.includes(tab as SessionTab)
    ? { page: 'session', sessionId, tab: tab as SessionTab }
    : { page: 'session', sessionId }
}

/** The hash of a page; the map's page is written by `serialiseUrlState` instead. */
export function routeHash(route: Exclude<AppRoute, { page: 'map' }>): string {
  switch (route.page) {
    case 'council':
      return `#/council${route.tab ? `?tab=${route.tab}` : ''}`
    case 'sessions':
      return '#/sessions'
    case 'session':
      return `#/sessions/${route.sessionId}${route.tab ? `?tab=${route.tab}` : ''}`
    case 'report':
      return `#/sessions/${route.sessionId}/report${route.seq !== undefined ? `?seq=${route.seq}` : ''}`
    case 'rsa':
      return '#/rsa'
    case 'incidents':
      return '#/incidents'
    case 'incident-new':
      return '#/incidents/new'
    case 'incident':
      return `#/incidents/${route.incidentId}`
    default: {
      const unknown: never = route
      return unknown
    }
  }
}
