/**
 * Bad input to incident reporting: wrong types, unknown categories and statuses, places outside
 * the municipality, huge and hostile text, steps the workflow does not allow, and reports or
 * rights the caller does not have. Each answered in the contract's shape; nothing stored changes.
 */
import { sql } from 'drizzle-orm'
import { UNUSED_UUID } from '../testing/app-routes.ts'
import {
  type BadInput,
  badInputHarness,
  badInputTable,
  type DemoUser,
  JSON_HEADERS as json,
  script,
  sqlInjection,
} from '../testing/bad-input.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'

let inside: [number, number] = [0, 0]
/** A report by `lasare`, received and with nobody responsible. */
let reportId = ''
let riskId = ''
const h = badInputHarness(async (harness) => {
  const [x, y] = await pointInMunicipality(harness.db)
  inside = [Number(x.toFixed(6)), Number(y.toFixed(6))]
  const res = await harness.send({
    name: 'a report to follow up',
    as: 'lasare',
    method: 'POST',
    path: '/api/incident-reports',
    headers: json,
    body: report(),
    status: 201,
  })
  reportId = ((await res.json()) as { report: { id: string } }).report.id
  const [risk] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM rsa_risks WHERE classification = 'restricted' LIMIT 1`,
  )
  riskId = risk!.id
})

function report(fields: Record<string, unknown> = {}) {
  return {
    category: 'vandalism',
    occurredAt: '2026-11-30T08:15:00+01:00',
    severity: 2,
    description: 'Krossad ruta',
    injured: false,
    position: inside,
    ...fields,
  }
}
const post = (fields: Record<string, unknown>, as: DemoUser = 'planerare') => ({
  as,
  method: 'POST' as const,
  path: '/api/incident-reports',
  headers: json,
  body: () => report(fields),
})
const patch = (body: unknown, as: DemoUser = 'analytiker') => ({
  as,
  method: 'PATCH' as const,
  path: () => `/api/incident-reports/${reportId}`,
  headers: json,
  body,
})

const rows: BadInput[] = [
  { name: 'no session', ...post({}), as: undefined, status: 401 },
  { name: 'unknown category', ...post({ category: 'alien_landing' }), status: 400, message: /category/ },
  { name: 'category as a number', ...post({ category: 7 }), status: 400, message: /category/ },
  { name: 'severity out of range', ...post({ severity: 9 }), status: 400, message: /severity/ },
  { name: 'severity as text', ...post({ severity: 'high' }), status: 400, message: /severity/ },
  { name: 'injured as text', ...post({ injured: 'ja' }), status: 400, message: /injured/ },
  { name: 'time that is no time', ...post({ occurredAt: 'yesterday' }), status: 400, message: /occurredAt/ },
  { name: 'time without an offset', ...post({ occurredAt: '2026-11-30T08:15:00' }), status: 400 },
  { name: 'empty description', ...post({ description: '   ' }), status: 400, message: /description/ },
  {
    name: 'huge description',
    ...post({ description: 'x'.repeat(4001) }),
    status: 400,
    message: /description/,
  },
  { name: 'huge place name', ...post({ placeName: 'x'.repeat(201) }), status: 400, message: /placeName/ },
  {
    name: 'position outside the municipality',
    ...post({ position: [18.07, 59.33] }),
    status: 400,
    message: /outside the municipality/,
  },
  { name: 'position off the globe', ...post({ position: [200, 95] }), status: 400, message: /position/ },
  {
    name: 'position with three numbers',
    ...post({ position: [16, 58.6, 3] }),
    status: 400,
    message: /position/,
  },
  { name: 'reporter given by the caller', ...post({ reporter: 'someone else' }), status: 400 },
  { name: 'status given by the reporter', ...post({ status: 'closed' }), status: 400 },
  { name: 'sql in the category', ...post({ category: sqlInjection }), status: 400 },
  { name: 'markup in the category', ...post({ category: script }), status: 400 },
  { name: 'not JSON', ...post({}), body: '{"category":', status: 400 },
  {
    name: 'report id that is no uuid',
    as: 'analytiker',
    path: '/api/incident-reports/1%20OR%201=1',
    status: 400,
  },
  {
    name: 'report that does not exist',
    as: 'analytiker',
    path: `/api/incident-reports/${UNUSED_UUID}`,
    status: 404,
  },
  {
    name: "another's report, read",
    as: 'planerare',
    path: () => `/api/incident-reports/${reportId}`,
    status: 404,
  },
  { name: "another's report, changed", ...patch({ status: 'investigating' }, 'planerare'), status: 404 },
  { name: 'status by the reporter', ...patch({ status: 'investigating' }, 'lasare'), status: 403 },
  { name: 'unknown status', ...patch({ status: 'forgotten' }), status: 400, message: /status/ },
  { name: 'skipping to closed', ...patch({ status: 'closed' }), status: 409, code: 'conflict' },
  { name: 'nothing to change', ...patch({ comment: 'bara en kommentar' }), status: 400 },
  {
    name: 'responsible who does not exist',
    ...patch({ responsibleId: UNUSED_UUID }),
    status: 400,
    message: /responsibleId/,
  },
  {
    name: 'responsible that is no uuid',
    ...patch({ responsibleId: 'lasare' }),
    status: 400,
    message: /responsibleId/,
  },
  {
    name: 'every report, asked by a viewer',
    as: 'lasare',
    path: '/api/incident-reports?scope=all',
    status: 403,
  },
  { name: 'unknown scope', as: 'lasare', path: '/api/incident-reports?scope=everything', status: 400 },
  {
    name: 'assignees, asked by a viewer',
    as: 'lasare',
    path: '/api/incident-reports/assignees',
    status: 403,
  },
  {
    name: 'empty comment',
    as: 'lasare',
    method: 'POST',
    path: () => `/api/incident-reports/${reportId}/comments`,
    headers: json,
    body: { text: '' },
    status: 400,
  },
  {
    name: 'link by a viewer',
    as: 'lasare',
    method: 'POST',
    path: () => `/api/incident-reports/${reportId}/risks`,
    headers: json,
    body: () => ({ riskId }),
    status: 403,
  },
  {
    name: 'link to a risk that does not exist',
    as: 'analytiker',
    method: 'POST',
    path: () => `/api/incident-reports/${reportId}/risks`,
    headers: json,
    body: { riskId: UNUSED_UUID },
    status: 404,
  },
  {
    name: 'unlink of a link that does not exist',
    as: 'analytiker',
    method: 'DELETE',
    path: () => `/api/incident-reports/${reportId}/risks/${riskId}`,
    status: 404,
  },
  {
    name: 'statistics without a grouping',
    as: 'lasare',
    path: '/api/incident-reports/statistics',
    status: 400,
  },
  {
    name: 'statistics by an unknown grouping',
    as: 'lasare',
    path: '/api/incident-reports/statistics?by=person',
    status: 400,
  },
  {
    name: 'statistics of an unknown category',
    as: 'lasare',
    path: '/api/incident-reports/statistics?by=month&category=ufo',
    status: 400,
  },
  {
    name: 'statistics with a time that is no time',
    as: 'lasare',
    path: '/api/incident-reports/statistics?by=month&from=igår',
    status: 400,
  },
]

badInputTable(h, 'incident reports', rows)
