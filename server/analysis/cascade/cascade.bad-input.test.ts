/**
 * Bad input to `POST /api/analysis/cascade`: no outage, impossible hours, ids that name nothing,
 * hostile text, a zone given two ways, a measure on a dependency that does not exist, and roles
 * that may not run a cascade (refused before their input is read).
 */
import { sql } from 'drizzle-orm'
import { UNUSED_UUID } from '../../testing/app-routes.ts'
import {
  type BadInput,
  badInputHarness,
  badInputTable,
  JSON_HEADERS as json,
  sqlInjection,
} from '../../testing/bad-input.ts'

let assetId = UNUSED_UUID
const h = badInputHarness(async (harness) => {
  const [row] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM critical_assets LIMIT 1`,
  )
  assetId = row.id
})

const cascade = (body: () => unknown, as: BadInput['as'] = 'krisledare') => ({
  as,
  method: 'POST' as const,
  path: '/api/analysis/cascade',
  headers: json,
  body,
})
const outage = (fields: Record<string, unknown> = {}) => ({ assetId, durationHours: 12, ...fields })
const square = [
  [16, 58.5],
  [16.1, 58.5],
  [16.1, 58.6],
  [16, 58.6],
  [16, 58.5],
]

const rows: BadInput[] = [
  { name: 'no outage and no zone', ...cascade(() => ({})), status: 400 },
  { name: 'an empty list of outages', ...cascade(() => ({ outages: [] })), status: 400 },
  { name: 'an outage without a duration', ...cascade(() => ({ outages: [{ assetId }] })), status: 400 },
  { name: 'a zero duration', ...cascade(() => ({ outages: [outage({ durationHours: 0 })] })), status: 400 },
  { name: 'a negative start', ...cascade(() => ({ outages: [outage({ startHours: -1 })] })), status: 400 },
  { name: 'hours as text', ...cascade(() => ({ outages: [outage({ durationHours: '12' })] })), status: 400 },
  {
    name: 'a horizon of a year',
    ...cascade(() => ({ outages: [outage()], horizonHours: 8760 })),
    status: 400,
  },
  { name: 'a zero horizon', ...cascade(() => ({ outages: [outage()], horizonHours: 0 })), status: 400 },
  {
    name: 'an id that is not a uuid',
    ...cascade(() => ({ outages: [outage({ assetId: 'S1' })] })),
    status: 400,
  },
  {
    name: 'SQL in an id',
    ...cascade(() => ({ outages: [outage({ assetId: sqlInjection })] })),
    status: 400,
  },
  {
    name: 'an asset that does not exist',
    ...cascade(() => ({ outages: [outage({ assetId: UNUSED_UUID })] })),
    status: 404,
    code: 'not_found',
  },
  { name: 'an unknown field', ...cascade(() => ({ outages: [outage()], speed: 'fast' })), status: 400 },
  {
    name: 'a zone given both as a hazard zone and a polygon',
    ...cascade(() => ({
      zone: {
        hazardZoneId: UNUSED_UUID,
        polygon: { type: 'Polygon', coordinates: [square] },
        durationHours: 4,
      },
    })),
    status: 400,
  },
  {
    name: 'a zone given neither way',
    ...cascade(() => ({ zone: { durationHours: 4 } })),
    status: 400,
  },
  {
    name: 'a hazard zone that does not exist',
    ...cascade(() => ({ zone: { hazardZoneId: UNUSED_UUID, durationHours: 4 } })),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a polygon whose ring is not closed',
    ...cascade(() => ({
      zone: { polygon: { type: 'Polygon', coordinates: [square.slice(0, 4)] }, durationHours: 4 },
    })),
    status: 400,
  },
  {
    name: 'a measure of an unknown kind',
    ...cascade(() => ({ outages: [outage()], measures: [{ kind: 'prayer', assetId }] })),
    status: 400,
  },
  {
    name: 'a measure on a dependency that does not exist',
    ...cascade(() => ({
      outages: [outage()],
      measures: [{ kind: 'dependencyBackup', dependencyId: UNUSED_UUID, addHours: 1 }],
    })),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a second feed from an asset that does not exist',
    ...cascade(() => ({
      outages: [outage()],
      measures: [
        {
          kind: 'extraProvider',
          assetId,
          providerAssetId: UNUSED_UUID,
          redundancyGroup: 'electricity',
          resource: 'electricity',
        },
      ],
    })),
    status: 404,
    code: 'not_found',
  },
  {
    name: 'a second feed of an unknown resource',
    ...cascade(() => ({
      outages: [outage()],
      measures: [
        { kind: 'extraProvider', assetId, providerAssetId: assetId, redundancyGroup: 'x', resource: 'magic' },
      ],
    })),
    status: 400,
  },
  {
    name: 'a cascade by the viewer',
    ...cascade(() => ({ outages: [outage()] }), 'lasare'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'nonsense by the viewer (refused for the role, not the input)',
    ...cascade(() => ({ outages: 'all' }), 'lasare'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a cascade by the police',
    ...cascade(() => ({ outages: [outage()] }), 'polis'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a cascade without a session',
    ...cascade(() => ({ outages: [outage()] })),
    as: undefined,
    status: 401,
  },
]

badInputTable(h, 'POST /api/analysis/cascade', rows)
