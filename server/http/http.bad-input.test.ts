/**
 * Bad input that every route meets before its own checks: malformed JSON, the wrong content type,
 * bodies nested too deep, requests from pages of other origins (a DNS-rebinding page included) and
 * the rate limits. The harness (`server/testing/bad-input.ts`) answers each row in the contract's
 * shape and checks that nothing stored changed.
 */
import { sql } from 'drizzle-orm'
import { TEST_DEMO_PASSWORD } from '../../db/testing/test-database.ts'
import {
  type BadInput,
  badInputHarness,
  badInputTable,
  changeUser,
  JSON_HEADERS as json,
  newUser,
} from '../testing/bad-input.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { MAX_JSON_DEPTH } from './json-limits.ts'

let viewerId = ''
let inside: [number, number] = [0, 0]
let siteId = ''
const h = badInputHarness(async (harness) => {
  const [row] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM users WHERE username = 'lasare'`,
  )
  viewerId = row!.id
  inside = await pointInMunicipality(harness.db)
  const [site] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM hazard_sites ORDER BY id LIMIT 1`,
  )
  siteId = site!.id
})

const login = (username: unknown, password: unknown = TEST_DEMO_PASSWORD) => ({
  method: 'POST' as const,
  path: '/api/auth/login',
  headers: json,
  body: { username, password },
})
const changeViewer = (body: unknown) => changeUser(() => viewerId, body)

/** JSON nested `levels` deep around a long string: 5,000 levels make some 20 KB. */
const nested = (levels: number) => `${'['.repeat(levels)}"${'x'.repeat(10_000)}"${']'.repeat(levels)}`
/** A new petrol station whose properties carry `deep` (raw JSON text). */
const siteWith = (deep: string) => () =>
  `{"type":"Feature","geometry":{"type":"Point","coordinates":[${inside[0]},${inside[1]}]},"properties":{"name":"x","kind":"petrol_station","deep":${deep}}}`

const rows: BadInput[] = [
  // Malformed JSON
  { name: 'truncated JSON', ...login('admin'), body: '{"username":"admin",', status: 400 },
  { name: 'JSON with unquoted keys', ...newUser({}), body: '{username: admin}', status: 400 },
  { name: 'JSON array for an object', ...changeViewer([{ role: 'admin' }]), status: 400 },
  { name: 'JSON null body', ...login('admin'), body: 'null', status: 400 },
  { name: 'empty JSON body', ...login('admin'), body: '', status: 400 },
  { name: 'JSON with a trailing comma', ...changeViewer('{"displayName":"x",}'), status: 400 },
  // Wrong content types
  {
    name: 'JSON sent as text/plain',
    ...login('admin'),
    headers: { 'content-type': 'text/plain' },
    status: 415,
  },
  {
    name: 'form-encoded sign-in',
    ...login('admin'),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `username=admin&password=${TEST_DEMO_PASSWORD}`,
    status: 415,
  },
  {
    name: 'multipart user',
    ...newUser({}),
    headers: { 'content-type': 'multipart/form-data; boundary=x' },
    body: '--x\r\nContent-Disposition: form-data; name="username"\r\n\r\nx\r\n--x--\r\n',
    status: 415,
  },
  { name: 'no content type', ...newUser({}), headers: {}, status: 415 },
  // Cross-origin writes
  {
    name: 'cross-origin write',
    ...changeViewer({ role: 'admin' }),
    headers: { ...json, host: 'localhost', origin: 'https://evil.example' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'cross-site fetch metadata',
    ...newUser({}),
    headers: { ...json, host: 'localhost', origin: 'http://localhost', 'sec-fetch-site': 'cross-site' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'opaque origin (null)',
    ...changeViewer({ role: 'admin' }),
    headers: { ...json, host: 'localhost', origin: 'null' },
    status: 403,
  },
  {
    name: 'look-alike origin',
    ...changeViewer({ role: 'admin' }),
    headers: { ...json, host: 'localhost', origin: 'http://localhost.evil.example' },
    status: 403,
  },
  {
    name: 'cross-origin sign-in',
    ...login('admin'),
    headers: { ...json, host: 'localhost', origin: 'https://evil.example' },
    status: 403,
  },
  {
    name: 'cross-origin sign-out',
    as: 'lasare',
    method: 'POST',
    path: '/api/auth/logout',
    headers: { host: 'localhost', origin: 'https://evil.example' },
    status: 403,
  },
  {
    name: 'unparsable origin',
    ...changeViewer({ role: 'admin' }),
    headers: { ...json, host: 'localhost', origin: 'http://[::1' },
    status: 403,
  },
  // Rate limits
  {
    name: 'too many failed sign-ins',
    ...login('admin', 'wrong password'),
    app: () => h.limitedApp({ loginFailuresPer15Min: 3 }),
    before: 3,
    status: 429,
    code: 'rate_limited',
  },
  {
    name: 'too many sign-in attempts from one address',
    ...login('nobody', 'wrong password'),
    app: () => h.limitedApp({ loginAttemptsPer15Min: 2 }),
    before: 2,
    status: 429,
    code: 'rate_limited',
  },
  {
    name: 'too many writes',
    ...changeViewer({ role: 'superuser' }),
    app: () => h.limitedApp({ writesPerMinute: 2 }),
    before: 2,
    status: 429,
    code: 'rate_limited',
  },

  // A DNS-rebinding page: its own name as Host and as Origin, so a check against Host would pass it.
  {
    name: 'a write from a DNS-rebinding page',
    ...changeViewer({ role: 'superuser' }),
    headers: { ...json, host: 'evil.example', origin: 'http://evil.example' },
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a sign-in from a DNS-rebinding page',
    ...login('admin', 'wrong password'),
    headers: { ...json, host: 'evil.example:8080', origin: 'http://evil.example:8080' },
    status: 403,
    code: 'forbidden',
  },
  // Nesting: refused on the text before anything parses or validates it deep, and only after the
  // permission check, so a role that may not write learns only that.
  {
    name: 'a nested body from the viewer to a layer it may not edit',
    as: 'lasare',
    method: 'POST',
    path: '/api/layers/hazard-sites/features',
    headers: json,
    body: siteWith(nested(5000)),
    status: 403,
    code: 'forbidden',
  },
  {
    name: 'a new object with properties nested 5,000 levels deep',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/hazard-sites/features',
    headers: json,
    body: siteWith(nested(5000)),
    status: 400,
    message: /nested at most/,
  },
  {
    name: 'a change with properties nested 5,000 levels deep',
    as: 'analytiker',
    method: 'PATCH',
    path: () => `/api/layers/hazard-sites/features/${siteId}`,
    headers: json,
    body: () => `{"properties":{"name":"x","deep":${nested(5000)}}}`,
    status: 400,
    message: /nested at most/,
  },
  {
    name: 'a body one level deeper than allowed',
    as: 'analytiker',
    method: 'POST',
    path: '/api/layers/hazard-sites/features',
    headers: json,
    body: siteWith(nested(MAX_JSON_DEPTH - 1)),
    status: 400,
    message: /nested at most/,
  },
]

badInputTable(h, 'bad input at the door gets a 4xx in the contract shape and changes nothing', rows)
