/**
 * Incident reporting (*händelsehanteringssystem*, *skade- och incidentrapportering*): what any
 * employee reports from the app, and the follow-up that takes a report from received to closed. The
 * reports are rows of the incidents layer (source `municipality`), so the map, the twin and the
 * statistics count them like every other incident; the workflow columns are theirs alone.
 */
import { z } from 'zod'
import { type IncidentCategory, incidentCategoryTerms, type Term } from './domain.ts'

export const incidentStatuses = ['received', 'investigating', 'measures_decided', 'closed'] as const
export type IncidentStatus = (typeof incidentStatuses)[number]

export const incidentStatusTerms = {
  received: { sv: 'Mottagen', en: 'Received' },
  investigating: { sv: 'Utreds', en: 'Being investigated' },
  measures_decided: { sv: 'Åtgärder beslutade', en: 'Measures decided' },
  closed: { sv: 'Avslutad', en: 'Closed' },
} as const satisfies Record<IncidentStatus, Term>

/**
 * The steps a report may take: forward one step at a time, back one step (a decision reconsidered),
 * and a closed report reopened for investigation.
 */
export function mayMoveTo(from: IncidentStatus, to: IncidentStatus): boolean {
  const a = incidentStatuses.indexOf(from)
  const b = incidentStatuses.indexOf(to)
  if (from === 'closed') return to === 'investigating'
  return Math.abs(a - b) === 1
}

const categories = Object.keys(incidentCategoryTerms) as [IncidentCategory, ...IncidentCategory[]]

/** A report from the short form. The reporter is whoever is signed in; never given. */
export const IncidentReportInput = z
  .object({
    category: z.enum(categories),
    occurredAt: z.iso.datetime({ offset: true }),
    severity: z.number().int().min(1).max(5),
    description: z.string().trim().min(1).max(4000),
    injured: z.boolean(),
    /** Where: a WGS 84 point, picked on the map or from the app's search. */
    position: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]),
    placeName: z.string().trim().max(200).optional(),
    /** Marked restricted by the reporter; threats to staff are restricted whatever is asked. */
    restricted: z.boolean().optional(),
  })
  .strict()
export type IncidentReportInput = z.infer<typeof IncidentReportInput>

/** A change by the follow-up: a new status, a responsible person, or both. */
export const IncidentFollowUp = z
  .object({
    status: z.enum(incidentStatuses).optional(),
    responsibleId: z.uuid().nullable().optional(),
    /** Why, written into the history with the change. */
    comment: z.string().trim().max(4000).optional(),
  })
  .strict()
  .refine(
    (v) => v.status !== undefined || v.responsibleId !== undefined,
    'give a status or a responsible person',
  )
export type IncidentFollowUp = z.infer<typeof IncidentFollowUp>

export const IncidentComment = z.object({ text: z.string().trim().min(1).max(4000) }).strict()

export const historyKinds = [
  'reported',
  'status',
  'responsible',
  'comment',
  'risk_linked',
  'risk_unlinked',
] as const
export type HistoryKind = (typeof historyKinds)[number]

export interface IncidentHistoryEntry {
  kind: HistoryKind
  detail: Record<string, unknown>
  by: string
  at: string
}

/** A report as the follow-up and the reporter see it. */
export interface IncidentReport {
  id: string
  category: IncidentCategory
  occurredAt: string
  severity: number
  description: string | null
  injured: boolean | null
  position: [number, number]
  placeName: string | null
  status: IncidentStatus
  reporter: { id: string | null; name: string | null }
  responsible: { id: string; name: string } | null
  classification: 'open' | 'internal' | 'restricted'
  createdAt: string
  /** The RSA risks it is linked to that the reader may read. */
  risks: { id: string; title: string; score: number }[]
  history: IncidentHistoryEntry[]
  /** What the reader may do with it. */
  mayFollowUp: boolean
}

export const statisticsGroupings = ['category', 'district', 'month'] as const
export type StatisticsGrouping = (typeof statisticsGroupings)[number]
