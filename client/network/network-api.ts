/** Typed calls to the actor register's and the dependencies' routes (see the README's API table). */
import type { Polygon } from 'geojson'
import type { z } from 'zod'
import type {
  ActorCard,
  ActorSummary,
  NewActorArea,
  NewActorLink,
  ResponsibleGroup,
} from '../../common/actor-register.ts'
import type { DependencyChains, DependencyView, NewDependency } from '../../common/dependencies.ts'
import { request } from '../api/api-client.ts'

export interface ActorFilter {
  q?: string
  type?: string
  sector?: string
  areaId?: string
  onCall?: boolean
}

const segment = encodeURIComponent

function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params))
    if (value !== undefined && value !== '') search.set(key, String(value))
  const text = search.toString()
  return text ? `?${text}` : ''
}

/** An actor as the actors layer takes it (`/api/layers/actors/features`). */
export interface ActorProperties {
  name: string
  shortName?: string | null
  actorType: string
  sector?: string | null
  description?: string | null
  onCall?: { function: string; phone?: string | null; hours?: string | null } | null
}

export const networkApi = {
  createActor: (properties: ActorProperties, position: [number, number]) =>
    request<{ id: string }>('/api/layers/actors/features', {
      method: 'POST',
      body: { type: 'Feature', geometry: { type: 'Point', coordinates: position }, properties },
    }),
  changeActor: (id: string, properties: Partial<ActorProperties>) =>
    request<unknown>(`/api/layers/actors/features/${segment(id)}`, { method: 'PATCH', body: { properties } }),
  deleteActor: (id: string) =>
    request<void>(`/api/layers/actors/features/${segment(id)}`, { method: 'DELETE' }),
  actors: (filter: ActorFilter, signal?: AbortSignal) =>
    request<{ actors: ActorSummary[]; total: number }>(`/api/actors${query({ ...filter, limit: 500 })}`, {
      signal,
    }),
  actor: (id: string, signal?: AbortSignal) => request<ActorCard>(`/api/actors/${segment(id)}`, { signal }),
  responsibleAt: async (lon: number, lat: number, signal?: AbortSignal) =>
    (
      await request<{ groups: ResponsibleGroup[] }>(`/api/actors/responsible${query({ lon, lat })}`, {
        signal,
      })
    ).groups,
  responsibleWithin: async (geometry: Polygon) =>
    (
      await request<{ groups: ResponsibleGroup[] }>('/api/actors/responsible', {
        method: 'POST',
        body: { geometry },
      })
    ).groups,
  createLink: (link: z.input<typeof NewActorLink>) =>
    request<unknown>('/api/actor-links', { method: 'POST', body: link }),
  deleteLink: (id: string) => request<void>(`/api/actor-links/${segment(id)}`, { method: 'DELETE' }),
  createArea: (area: z.input<typeof NewActorArea>) =>
    request<unknown>('/api/actor-areas', { method: 'POST', body: area }),
  deleteArea: (id: string) => request<void>(`/api/actor-areas/${segment(id)}`, { method: 'DELETE' }),
  dependencies: async (assetId: string, signal?: AbortSignal) =>
    (
      await request<{ dependencies: DependencyView[] }>(`/api/dependencies${query({ assetId })}`, {
        signal,
      })
    ).dependencies,
  chains: (assetId: string, signal?: AbortSignal) =>
    request<DependencyChains>(`/api/dependencies/chains${query({ assetId })}`, { signal }),
  createDependency: (dependency: z.input<typeof NewDependency>) =>
    request<{ dependency: DependencyView }>('/api/dependencies', { method: 'POST', body: dependency }),
  deleteDependency: (id: string) => request<void>(`/api/dependencies/${segment(id)}`, { method: 'DELETE' }),
}
