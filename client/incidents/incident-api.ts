/** Typed calls to `/api/incident-reports`: reporting, "Mina rapporter", the follow-up and the links to risks. */
import type {
  IncidentFollowUp,
  IncidentReport,
  IncidentReportInput,
  IncidentStatus,
} from '../../common/incident-report.ts'
import { queryString, request } from '../api/api-client.ts'

export type ReportSummary = Omit<IncidentReport, 'risks' | 'history'>
export type ReportScope = 'mine' | 'assigned' | 'all'

const base = '/api/incident-reports'

export const incidentApi = {
  report: async (input: IncidentReportInput) =>
    (await request<{ report: IncidentReport }>(base, { method: 'POST', body: input })).report,
  list: async (scope: ReportScope, status?: IncidentStatus, signal?: AbortSignal) =>
    (await request<{ reports: ReportSummary[] }>(`${base}${queryString({ scope, status })}`, { signal }))
      .reports,
  get: async (id: string, signal?: AbortSignal) =>
    (await request<{ report: IncidentReport }>(`${base}/${encodeURIComponent(id)}`, { signal })).report,
  followUp: async (id: string, change: IncidentFollowUp) =>
    (
      await request<{ report: IncidentReport } | undefined>(`${base}/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: change,
      })
    )?.report ?? null,
  comment: async (id: string, text: string) =>
    (
      await request<{ report: IncidentReport }>(`${base}/${encodeURIComponent(id)}/comments`, {
        method: 'POST',
        body: { text },
      })
    ).report,
  linkRisk: async (id: string, riskId: string) =>
    (
      await request<{ report: IncidentReport }>(`${base}/${encodeURIComponent(id)}/risks`, {
        method: 'POST',
        body: { riskId },
      })
    ).report,
  assignees: async (signal?: AbortSignal) =>
    (await request<{ people: { id: string; name: string; role: string }[] }>(`${base}/assignees`, { signal }))
      .people,
}
