/**
 * Bad input to the actor register's routes: malformed and far-away geometry, self-links, unknown
 * ids, wrong types, classifications below the layer or above the writer, writes without the right
 * to, and hostile text. Each is answered in the contract's shape and nothing stored changes.
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

let actorA = ''
let actorB = ''
let linkId = ''
let areaId = ''
let districtId = ''
let inside: [number, number] = [0, 0]
const h = badInputHarness(async (harness) => {
  const [a, b] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM actors ORDER BY name LIMIT 2`,
  )
  actorA = a!.id
  actorB = b!.id
  const [link] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM actor_links ORDER BY id LIMIT 1`,
  )
  linkId = link!.id
  const [area] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM actor_areas ORDER BY id LIMIT 1`,
  )
  areaId = area!.id
  const [district] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM areas WHERE kind = 'district' ORDER BY name LIMIT 1`,
  )
  districtId = district!.id
  const [x, y] = await pointInMunicipality(harness.db)
  inside = [Number(x.toFixed(6)), Number(y.toFixed(6))]
})

const square = (at: () => [number, number], d = 0.01) => {
  const [x, y] = at()
  return [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ]
}
/** A bow tie: a ring that crosses itself, which PostGIS calls invalid. */
const bowTie = () => {
  const [x, y] = inside
  return [
    [x, y],
    [x + 0.01, y + 0.01],
    [x + 0.01, y],
    [x, y + 0.01],
    [x, y],
  ]
}
const write = (
  method: 'POST' | 'PATCH',
  path: () => string,
  body: () => unknown,
  as: DemoUser = 'krisledare',
): Omit<BadInput, 'name' | 'status'> => ({ as, method, path, headers: json, body })
const newLink = (fields: () => Record<string, unknown>, as?: DemoUser) =>
  write(
    'POST',
    () => '/api/actor-links',
    () => ({ fromActorId: actorA, toActorId: actorB, linkType: 'mutual_aid', ...fields() }),
    as,
  )
const newArea = (fields: () => Record<string, unknown>, as?: DemoUser) =>
  write(
    'POST',
    () => '/api/actor-areas',
    () => ({ actorId: actorA, responsibility: 'Test', ...fields() }),
    as,
  )

badInputTable(h, 'the actor register refuses', [
  { name: 'the list without a session', path: '/api/actors', status: 401 },
  { name: 'an unknown actor type', as: 'lasare', path: '/api/actors?type=wizard', status: 400 },
  { name: 'an unknown sector', as: 'lasare', path: '/api/actors?sector=magic', status: 400 },
  { name: 'on-call that is no boolean', as: 'lasare', path: '/api/actors?onCall=yes', status: 400 },
  {
    name: 'an area id that is no UUID',
    as: 'lasare',
    path: `/api/actors?areaId=${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  { name: 'an unknown area', as: 'lasare', path: `/api/actors?areaId=${UNUSED_UUID}`, status: 400 },
  { name: 'a limit out of range', as: 'lasare', path: '/api/actors?limit=100000', status: 400 },
  { name: 'an unknown query parameter', as: 'lasare', path: '/api/actors?owner=1', status: 400 },
  { name: 'a search far too long', as: 'lasare', path: `/api/actors?q=${'x'.repeat(300)}`, status: 400 },
  { name: 'an unknown actor', as: 'lasare', path: `/api/actors/${UNUSED_UUID}`, status: 404 },
  { name: 'an actor id that is no UUID', as: 'lasare', path: '/api/actors/1%20OR%201=1', status: 400 },
  { name: 'a point without latitude', as: 'lasare', path: '/api/actors/responsible?lon=16', status: 400 },
  {
    name: 'a latitude out of range',
    as: 'lasare',
    path: '/api/actors/responsible?lon=16&lat=95',
    status: 400,
  },
  { name: 'a longitude as text', as: 'lasare', path: '/api/actors/responsible?lon=east&lat=58', status: 400 },
  {
    name: 'a drawn area that is a point',
    as: 'lasare',
    method: 'POST',
    path: '/api/actors/responsible',
    headers: json,
    body: { geometry: { type: 'Point', coordinates: [16, 58] } },
    status: 400,
  },
  {
    name: 'a drawn area with an open ring',
    as: 'lasare',
    method: 'POST',
    path: '/api/actors/responsible',
    headers: json,
    body: () => ({ geometry: { type: 'Polygon', coordinates: [square(() => inside).slice(0, 4)] } }),
    status: 400,
  },
  {
    name: 'a drawn area that crosses itself',
    as: 'lasare',
    method: 'POST',
    path: '/api/actors/responsible',
    headers: json,
    body: () => ({ geometry: { type: 'Polygon', coordinates: [bowTie()] } }),
    status: 400,
    message: /Invalid geometry/,
  },
  {
    name: 'a drawn area far away',
    as: 'lasare',
    method: 'POST',
    path: '/api/actors/responsible',
    headers: json,
    body: () => ({ geometry: { type: 'Polygon', coordinates: [square(() => [-70, -30])] } }),
    status: 400,
    message: /outside the municipality/,
  },
  {
    name: 'a link of an actor to itself',
    ...newLink(() => ({ toActorId: actorA })),
    status: 400,
    message: /itself/,
  },
  {
    name: 'a link to an unknown actor',
    ...newLink(() => ({ toActorId: UNUSED_UUID })),
    status: 400,
    message: /toActorId/,
  },
  { name: 'an unknown link type', ...newLink(() => ({ linkType: 'friendship' })), status: 400 },
  { name: 'a link type as a number', ...newLink(() => ({ linkType: 3 })), status: 400 },
  {
    name: 'a link marked below its layer',
    ...newLink(() => ({ classification: 'open' })),
    status: 400,
    message: /at least internal/,
  },
  {
    name: 'a link marked as no classification',
    ...newLink(() => ({ classification: 'secret' })),
    status: 400,
  },
  { name: 'an unknown field on a link', ...newLink(() => ({ weight: 3 })), status: 400 },
  {
    name: 'script in a link description',
    ...newLink(() => ({ description: script, linkType: 'nonsense' })),
    status: 400,
  },
  { name: 'a link by the viewer', ...newLink(() => ({}), 'lasare'), status: 403 },
  { name: 'a link by the planner', ...newLink(() => ({}), 'planerare'), status: 403 },
  { name: 'a link by the police', ...newLink(() => ({}), 'polis'), status: 403 },
  {
    name: 'a change of a link to itself',
    ...write(
      'PATCH',
      () => `/api/actor-links/${linkId}`,
      () => ({ fromActorId: actorA, toActorId: actorA }),
    ),
    status: 400,
  },
  {
    name: 'an empty change of a link',
    ...write(
      'PATCH',
      () => `/api/actor-links/${linkId}`,
      () => ({}),
    ),
    status: 400,
  },
  {
    name: 'a change of an unknown link',
    ...write(
      'PATCH',
      () => `/api/actor-links/${UNUSED_UUID}`,
      () => ({ linkType: 'supply' }),
    ),
    status: 404,
  },
  {
    name: 'a change of a link by the viewer',
    ...write(
      'PATCH',
      () => `/api/actor-links/${linkId}`,
      () => ({ linkType: 'supply' }),
      'lasare',
    ),
    status: 403,
  },
  {
    name: 'deleting an unknown link',
    as: 'krisledare',
    method: 'DELETE',
    path: `/api/actor-links/${UNUSED_UUID}`,
    status: 404,
  },
  {
    name: 'deleting a link by the viewer',
    as: 'lasare',
    method: 'DELETE',
    path: () => `/api/actor-links/${linkId}`,
    status: 403,
  },
  {
    name: 'an area with neither geometry nor district',
    ...newArea(() => ({})),
    status: 400,
    message: /either/,
  },
  {
    name: 'an area with both geometry and district',
    ...newArea(() => ({
      areaId: districtId,
      geometry: { type: 'Polygon', coordinates: [square(() => inside)] },
    })),
    status: 400,
  },
  {
    name: 'an area that is a line',
    ...newArea(() => ({ geometry: { type: 'LineString', coordinates: square(() => inside) } })),
    status: 400,
  },
  {
    name: 'an area that crosses itself',
    ...newArea(() => ({ geometry: { type: 'Polygon', coordinates: [bowTie()] } })),
    status: 400,
    message: /Invalid geometry/,
  },
  {
    name: 'an area far outside the municipality',
    ...newArea(() => ({ geometry: { type: 'Polygon', coordinates: [square(() => [-70, -30])] } })),
    status: 400,
  },
  {
    name: 'an area with coordinates as text',
    ...newArea(() => ({ geometry: { type: 'Polygon', coordinates: [[['16', '58']]] } })),
    status: 400,
  },
  {
    name: 'an area from an unknown district',
    ...newArea(() => ({ areaId: UNUSED_UUID })),
    status: 400,
    message: /areaId/,
  },
  {
    name: 'an area of an unknown actor',
    ...newArea(() => ({ actorId: UNUSED_UUID, areaId: districtId })),
    status: 400,
    message: /actorId/,
  },
  {
    name: 'an area without a responsibility',
    ...newArea(() => ({ responsibility: '  ', areaId: districtId })),
    status: 400,
  },
  { name: 'an area by the viewer', ...newArea(() => ({ areaId: districtId }), 'lasare'), status: 403 },
  {
    name: 'a change of an area to nothing',
    ...write(
      'PATCH',
      () => `/api/actor-areas/${areaId}`,
      () => ({}),
    ),
    status: 400,
  },
  {
    name: 'a change of an unknown area',
    ...write(
      'PATCH',
      () => `/api/actor-areas/${UNUSED_UUID}`,
      () => ({ responsibility: 'X' }),
    ),
    status: 404,
  },
  {
    name: 'a change of an area by the planner',
    ...write(
      'PATCH',
      () => `/api/actor-areas/${areaId}`,
      () => ({ responsibility: 'X' }),
      'planerare',
    ),
    status: 403,
  },
  {
    name: 'deleting an area by the viewer',
    as: 'lasare',
    method: 'DELETE',
    path: () => `/api/actor-areas/${areaId}`,
    status: 403,
  },
  {
    name: 'deleting an area with an id that is no UUID',
    as: 'krisledare',
    method: 'DELETE',
    path: `/api/actor-areas/${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
])
