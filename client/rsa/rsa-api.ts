/** Typed calls to `/api/rsa`: versions, risks, measures, the matrix, the comparison and the report. */
import type { ProtectedValue } from '../../common/domain.ts'
import type {
  MatrixCell,
  MeasureInput,
  RiskComparison,
  RiskCreate,
  RsaRisk,
  RsaScales,
  RsaVersion,
  VersionCreate,
} from '../../common/rsa.ts'
import { download, queryString, request } from '../api/api-client.ts'

const segment = encodeURIComponent

export interface LinkedIncident {
  id: string
  category: string
  occurredAt: string
  severity: number
  status: string | null
}

export const rsaApi = {
  scales: async (signal?: AbortSignal) =>
    (await request<{ scales: RsaScales & { custom: boolean } }>('/api/rsa/scales', { signal })).scales,
  versions: async (signal?: AbortSignal) =>
    (await request<{ versions: RsaVersion[] }>('/api/rsa/versions', { signal })).versions,
  createVersion: async (input: VersionCreate) =>
    (await request<{ version: RsaVersion }>('/api/rsa/versions', { method: 'POST', body: input })).version,
  risks: async (versionId: string, signal?: AbortSignal) =>
    (await request<{ risks: RsaRisk[] }>(`/api/rsa/versions/${segment(versionId)}/risks`, { signal })).risks,
  risk: (id: string, signal?: AbortSignal) =>
    request<{ risk: RsaRisk; incidents: LinkedIncident[] }>(`/api/rsa/risks/${segment(id)}`, { signal }),
  matrix: async (versionId: string, protectedValue?: ProtectedValue, signal?: AbortSignal) =>
    (
      await request<{ cells: MatrixCell[] }>(
        `/api/rsa/versions/${segment(versionId)}/matrix${queryString({ protectedValue })}`,
        { signal },
      )
    ).cells,
  createRisk: async (input: RiskCreate) =>
    (await request<{ risk: RsaRisk }>('/api/rsa/risks', { method: 'POST', body: input })).risk,
  addMeasure: async (riskId: string, input: MeasureInput) =>
    (
      await request<{ risk: RsaRisk }>(`/api/rsa/risks/${segment(riskId)}/measures`, {
        method: 'POST',
        body: input,
      })
    ).risk,
  compare: (from: string, to: string, signal?: AbortSignal) =>
    request<RiskComparison>(`/api/rsa/compare${queryString({ from, to })}`, { signal }),
  report: (versionId: string, lang: 'sv' | 'en') =>
    download(`/api/rsa/versions/${segment(versionId)}/report.pdf?lang=${lang}`, `rsa-${lang}.pdf`),
}
