/**
 * Bad input to `/api/dependencies`: self-dependencies, unknown and unreadable assets, unknown
 * resources, negative hours, wrong types, writes without the right to, malformed ids and hostile
 * text. Each is answered in the contract's shape and nothing stored changes.
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

let internalA = ''
let internalB = ''
let restricted = ''
let existing = ''
let existingRestricted = ''
const h = badInputHarness(async (harness) => {
  const internal = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM critical_assets WHERE classification = 'internal' ORDER BY name LIMIT 2`,
  )
  ;[internalA, internalB] = internal.map((r) => r.id) as [string, string]
  const [r] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM critical_assets WHERE classification = 'restricted' ORDER BY name LIMIT 1`,
  )
  restricted = r!.id
  const [d] = await harness.db.query<{ id: string; dependent: string; provider: string; resource: string }>(
    sql`SELECT id::text AS id FROM asset_dependencies ORDER BY id LIMIT 1`,
  )
  existing = d!.id
  existingRestricted = existing
})

const create = (
  body: () => Record<string, unknown>,
  as: DemoUser = 'krisledare',
): Omit<BadInput, 'name' | 'status'> => ({
  as,
  method: 'POST',
  path: '/api/dependencies',
  headers: json,
  body: () => ({ dependentAssetId: internalA, providerAssetId: internalB, resource: 'water', ...body() }),
})
const change = (body: () => unknown, as: DemoUser = 'krisledare'): Omit<BadInput, 'name' | 'status'> => ({
  as,
  method: 'PATCH',
  path: () => `/api/dependencies/${existing}`,
  headers: json,
  body,
})

badInputTable(h, '/api/dependencies refuses', [
  { name: 'no session', path: '/api/dependencies', status: 401 },
  {
    name: 'an asset id that is no UUID',
    as: 'lasare',
    path: `/api/dependencies?assetId=${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  { name: 'an unknown query parameter', as: 'lasare', path: '/api/dependencies?asset=1', status: 400 },
  {
    name: 'an unknown asset',
    as: 'krisledare',
    path: `/api/dependencies?assetId=${UNUSED_UUID}`,
    status: 404,
  },
  {
    name: "a restricted asset's dependencies to the viewer",
    as: 'lasare',
    path: () => `/api/dependencies?assetId=${restricted}`,
    status: 404,
  },
  {
    name: "a restricted asset's chains to the viewer",
    as: 'lasare',
    path: () => `/api/dependencies/chains?assetId=${restricted}`,
    status: 404,
  },
  { name: 'chains without an asset', as: 'krisledare', path: '/api/dependencies/chains', status: 400 },
  {
    name: 'a dependency on itself',
    ...create(() => ({ providerAssetId: internalA })),
    status: 400,
    message: /itself/,
  },
  {
    name: 'an unknown provider',
    ...create(() => ({ providerAssetId: UNUSED_UUID })),
    status: 400,
    message: /providerAssetId/,
  },
  {
    name: 'an unknown dependent',
    ...create(() => ({ dependentAssetId: UNUSED_UUID })),
    status: 400,
    message: /dependentAssetId/,
  },
  { name: 'an unknown resource', ...create(() => ({ resource: 'magic' })), status: 400, message: /resource/ },
  { name: 'negative backup hours', ...create(() => ({ backupHours: -1 })), status: 400, message: /negative/ },
  { name: 'negative time to impact', ...create(() => ({ timeToImpactHours: -0.5 })), status: 400 },
  { name: 'hours as text', ...create(() => ({ backupHours: '6' })), status: 400 },
  { name: 'hours beyond a year', ...create(() => ({ backupHours: 1e9 })), status: 400 },
  { name: 'an asset id as a number', ...create(() => ({ providerAssetId: 42 })), status: 400 },
  { name: 'an unknown field', ...create(() => ({ classification: 'open' })), status: 400 },
  { name: 'script in the redundancy group', ...create(() => ({ redundancyGroup: script })), status: 400 },
  { name: 'SQL in the redundancy group', ...create(() => ({ redundancyGroup: sqlInjection })), status: 400 },
  {
    name: 'an empty body',
    as: 'krisledare',
    method: 'POST',
    path: '/api/dependencies',
    headers: json,
    body: {},
    status: 400,
  },
  {
    name: 'a body that is no JSON',
    as: 'krisledare',
    method: 'POST',
    path: '/api/dependencies',
    headers: json,
    body: '{"dependentAssetId":',
    status: 400,
  },
  { name: 'a write by the viewer', ...create(() => ({}), 'lasare'), status: 403 },
  { name: 'a write by the planner', ...create(() => ({}), 'planerare'), status: 403 },
  {
    name: 'a write by the administrator (who edits actors, not assets)',
    ...create(() => ({}), 'admin'),
    status: 403,
  },
  {
    name: 'a viewer whatever the body',
    as: 'lasare',
    method: 'POST',
    path: '/api/dependencies',
    headers: json,
    body: { nonsense: true },
    status: 403,
  },
  {
    name: 'a change to depend on itself',
    ...change(() => ({ providerAssetId: internalA, dependentAssetId: internalA })),
    status: 400,
  },
  { name: 'a change with nothing in it', ...change(() => ({})), status: 400 },
  {
    name: 'a change to an unknown provider',
    ...change(() => ({ providerAssetId: UNUSED_UUID })),
    status: 400,
  },
  {
    name: 'a change of an unknown dependency',
    as: 'krisledare',
    method: 'PATCH',
    path: `/api/dependencies/${UNUSED_UUID}`,
    headers: json,
    body: { backupHours: 1 },
    status: 404,
  },
  { name: 'a change by the viewer', ...change(() => ({ backupHours: 1 }), 'lasare'), status: 403 },
  {
    name: 'a dependency id that is no UUID',
    as: 'krisledare',
    method: 'DELETE',
    path: '/api/dependencies/1%27%20OR%201=1',
    status: 400,
  },
  {
    name: 'deleting an unknown dependency',
    as: 'krisledare',
    method: 'DELETE',
    path: `/api/dependencies/${UNUSED_UUID}`,
    status: 404,
  },
  {
    name: 'deleting by the viewer',
    as: 'lasare',
    method: 'DELETE',
    path: () => `/api/dependencies/${existingRestricted}`,
    status: 403,
  },
])
