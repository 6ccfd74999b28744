/**
 * Bad input to the RSA register: levels off the scales, unknown hazards and protected values, a
 * classification below the rules' floor, geometries that are invalid or far away, unknown assets and
 * versions, scales that are not five levels, huge text, and writes without the right to.
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
import { referenceScales } from './register.ts'

let inside: [number, number] = [0, 0]
let versionId = ''
let riskId = ''
let restrictedRiskId = ''
const h = badInputHarness(async (harness) => {
  const [x, y] = await pointInMunicipality(harness.db)
  inside = [Number(x.toFixed(6)), Number(y.toFixed(6))]
  const [version] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM rsa_versions LIMIT 1`,
  )
  versionId = version!.id
  const [risk] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM rsa_risks WHERE classification = 'internal' ORDER BY title LIMIT 1`,
  )
  riskId = risk!.id
  const [restricted] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM rsa_risks WHERE classification = 'restricted' ORDER BY title LIMIT 1`,
  )
  restrictedRiskId = restricted!.id
})

const risk = (fields: Record<string, unknown> = {}) => ({
  versionId,
  title: 'Ny risk',
  hazard: 'flood',
  likelihood: 2,
  consequences: { life_health: 2 },
  uncertainty: 1,
  ...fields,
})
const post = (fields: Record<string, unknown>, as: DemoUser = 'analytiker') => ({
  as,
  method: 'POST' as const,
  path: '/api/rsa/risks',
  headers: json,
  body: () => risk(fields),
})

const rows: BadInput[] = [
  { name: 'no session', ...post({}), as: undefined, status: 401 },
  { name: 'risk by a viewer', ...post({}, 'lasare'), status: 403 },
  { name: 'risk by a planner', ...post({}, 'planerare'), status: 403 },
  { name: 'likelihood off the scale', ...post({ likelihood: 6 }), status: 400, message: /likelihood/ },
  { name: 'likelihood as text', ...post({ likelihood: 'high' }), status: 400, message: /likelihood/ },
  {
    name: 'consequence off the scale',
    ...post({ consequences: { life_health: 0 } }),
    status: 400,
    message: /consequences/,
  },
  {
    name: 'unknown protected value',
    ...post({ consequences: { pride: 3 } }),
    status: 400,
    message: /consequences/,
  },
  { name: 'unknown hazard', ...post({ hazard: 'dragons' }), status: 400, message: /hazard/ },
  { name: 'uncertainty off its scale', ...post({ uncertainty: 4 }), status: 400, message: /uncertainty/ },
  { name: 'empty title', ...post({ title: ' ' }), status: 400, message: /title/ },
  {
    name: 'huge description',
    ...post({ description: 'x'.repeat(4001) }),
    status: 400,
    message: /description/,
  },
  { name: 'sql in the hazard', ...post({ hazard: sqlInjection }), status: 400 },
  { name: 'markup in the hazard', ...post({ hazard: script }), status: 400 },
  {
    name: 'red risk marked internal',
    ...post({ likelihood: 5, consequences: { life_health: 5 }, classification: 'internal' }),
    status: 400,
    message: /at least restricted/,
  },
  { name: 'version that does not exist', ...post({ versionId: UNUSED_UUID }), status: 404 },
  { name: 'version that is no uuid', ...post({ versionId: 'latest' }), status: 400 },
  {
    name: 'asset that does not exist',
    ...post({ criticalAssetIds: [UNUSED_UUID] }),
    status: 400,
    message: /criticalAssetIds/,
  },
  {
    name: 'place far outside the municipality',
    ...post({ geometry: { type: 'Point', coordinates: [18.07, 59.33] } }),
    status: 400,
    message: /outside the municipality/,
  },
  {
    name: 'self-intersecting area',
    ...post({
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            inside,
            [inside[0] + 0.01, inside[1] + 0.01],
            [inside[0] + 0.01, inside[1]],
            [inside[0], inside[1] + 0.01],
            inside,
          ],
        ],
      },
    }),
    status: 400,
    message: /Invalid geometry/,
  },
  { name: 'unknown field', ...post({ owner: 'x' }), status: 400 },
  {
    name: 'change of a restricted risk by a viewer',
    as: 'lasare',
    method: 'PATCH',
    path: () => `/api/rsa/risks/${restrictedRiskId}`,
    headers: json,
    body: { likelihood: 1 },
    status: 403,
  },
  {
    name: 'restricted risk read by a viewer',
    as: 'lasare',
    path: () => `/api/rsa/risks/${restrictedRiskId}`,
    status: 404,
  },
  { name: 'risk that does not exist', as: 'analytiker', path: `/api/rsa/risks/${UNUSED_UUID}`, status: 404 },
  {
    name: 'empty change',
    as: 'analytiker',
    method: 'PATCH',
    path: () => `/api/rsa/risks/${riskId}`,
    headers: json,
    body: {},
    status: 400,
  },
  {
    name: 'measure without an owner',
    as: 'analytiker',
    method: 'POST',
    path: () => `/api/rsa/risks/${riskId}/measures`,
    headers: json,
    body: { title: 'Plan' },
    status: 400,
    message: /owner/,
  },
  {
    name: 'measure with a date that is no date',
    as: 'analytiker',
    method: 'POST',
    path: () => `/api/rsa/risks/${riskId}/measures`,
    headers: json,
    body: { title: 'Plan', owner: 'Teknik', deadline: '2027-02-30x' },
    status: 400,
    message: /deadline/,
  },
  {
    name: 'measure with an unknown status',
    as: 'analytiker',
    method: 'POST',
    path: () => `/api/rsa/risks/${riskId}/measures`,
    headers: json,
    body: { title: 'Plan', owner: 'Teknik', status: 'forgotten' },
    status: 400,
    message: /status/,
  },
  {
    name: 'measure on a restricted risk by a viewer',
    as: 'lasare',
    method: 'POST',
    path: () => `/api/rsa/risks/${restrictedRiskId}/measures`,
    headers: json,
    body: { title: 'Plan', owner: 'Teknik' },
    status: 403,
  },
  {
    name: 'version ending before it starts',
    as: 'analytiker',
    method: 'POST',
    path: '/api/rsa/versions',
    headers: json,
    body: { title: 'RSA', termStart: 2030, termEnd: 2027 },
    status: 400,
    message: /termEnd/,
  },
  {
    name: 'copy of a version that does not exist',
    as: 'analytiker',
    method: 'POST',
    path: '/api/rsa/versions',
    headers: json,
    body: { title: 'RSA', termStart: 2027, termEnd: 2030, copyFromId: UNUSED_UUID },
    status: 404,
  },
  {
    name: 'scales by an analyst',
    as: 'analytiker',
    method: 'PUT',
    path: '/api/rsa/scales',
    headers: json,
    body: () => referenceScales(),
    status: 403,
  },
  {
    name: 'scales with four levels',
    as: 'admin',
    method: 'PUT',
    path: '/api/rsa/scales',
    headers: json,
    body: () => ({ ...referenceScales(), likelihood: referenceScales().likelihood.slice(0, 4) }),
    status: 400,
    message: /likelihood/,
  },
  {
    name: 'scales out of order',
    as: 'admin',
    method: 'PUT',
    path: '/api/rsa/scales',
    headers: json,
    body: () => ({ ...referenceScales(), consequence: [...referenceScales().consequence].reverse() }),
    status: 400,
    message: /consequence/,
  },
  {
    name: 'matrix by an unknown protected value',
    as: 'analytiker',
    path: () => `/api/rsa/versions/${versionId}/matrix?protectedValue=pride`,
    status: 400,
  },
  {
    name: 'report in an unknown language',
    as: 'analytiker',
    path: () => `/api/rsa/versions/${versionId}/report.pdf?lang=de`,
    status: 400,
  },
  {
    name: 'comparison with an unknown version',
    as: 'analytiker',
    path: () => `/api/rsa/compare?from=${versionId}&to=${UNUSED_UUID}`,
    status: 404,
  },
  { name: 'comparison without versions', as: 'analytiker', path: '/api/rsa/compare', status: 400 },
]

badInputTable(h, 'the RSA register', rows)
