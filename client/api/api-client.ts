/**
 * Typed calls to the server's REST API. Every failure becomes an `ApiError` carrying the server's
 * error code, so the interface can show a clear message instead of an empty map.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { Classification } from '../../common/domain.ts'
import type { BBox } from '../../common/geo.ts'
import type { LayerInfo } from '../../common/layers.ts'

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

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { signal, headers: { Accept: 'application/json' } })
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err
    throw new ApiError(0, 'network', `Network error for ${path}`)
  }
  if (!response.ok) {
    let code = 'http_error'
    let message = `${response.status} ${response.statusText}`
    try {
      const body = (await response.json()) as { error?: { code?: string; message?: string } }
      code = body.error?.code ?? code
      message = body.error?.message ?? message
    } catch {
      // A non-JSON error body (a proxy's HTML page): keep the status line.
    }
    throw new ApiError(response.status, code, message)
  }
  return (await response.json()) as T
}

export const api = {
  config: (signal?: AbortSignal) => getJson<MunicipalityConfig>('/api/config', signal),
  layers: async (signal?: AbortSignal) =>
    (await getJson<{ layers: LayerInfo[] }>('/api/layers', signal)).layers,
  feature: (layerId: string, featureId: string, signal?: AbortSignal) =>
    getJson<LayerFeature>(
      `/api/layers/${encodeURIComponent(layerId)}/features/${encodeURIComponent(featureId)}`,
      signal,
    ),
  features: (layerId: string, params: Record<string, string> = {}, signal?: AbortSignal) =>
    getJson<FeatureCollection<Geometry, FeatureProperties>>(
      `/api/layers/${encodeURIComponent(layerId)}/features?${new URLSearchParams(params)}`,
      signal,
    ),
  search: async (q: string, limit = 10, signal?: AbortSignal) =>
    (
      await getJson<{ results: SearchHit[] }>(
        `/api/search?${new URLSearchParams({ q, limit: String(limit) })}`,
        signal,
      )
    ).results,
}
