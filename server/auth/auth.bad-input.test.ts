/**
 * Bad input at sign-in and in the session cookie: wrong types, missing fields, oversize, NUL and
 * broken Unicode, SQL injection, and forged, expired and signed-out sessions. The harness
 * (`server/testing/bad-input.ts`) answers each row in the contract's shape and checks that nothing
 * stored changed.
 */
import { sql } from 'drizzle-orm'
import { expect } from 'vitest'
import { TEST_DEMO_PASSWORD } from '../../db/testing/test-database.ts'
import { MAX_BODY_BYTES } from '../app.ts'
import {
  type BadInput,
  badInputHarness,
  badInputTable,
  JSON_HEADERS as json,
  sqlInjection,
} from '../testing/bad-input.ts'
import { signIn } from '../testing/sign-in.ts'
import { SESSION_COOKIE, startSession } from './accounts.ts'

const huge = (n: number) => 'x'.repeat(n)
const login = (username: unknown, password: unknown = TEST_DEMO_PASSWORD) => ({
  method: 'POST' as const,
  path: '/api/auth/login',
  headers: json,
  body: { username, password },
})
const sessionCookie = (value: string) => ({ cookie: `${SESSION_COOKIE}=${value}` })

/** Set before the table: tokens of sessions that ended, and what the database keeps of a live one. */
let expiredToken = ''
let revokedToken = ''
let storedTokenHash = ''

const h = badInputHarness()
const cookies = h.cookies

const rows: BadInput[] = [
  { name: 'number for a username', ...login(12345), status: 400 },
  { name: 'object for a password', ...login('admin', { $ne: '' }), status: 400 },
  { name: 'sign-in without a password', ...login('admin'), body: { username: 'admin' }, status: 400 },
  {
    name: 'sign-in body over 1 MB',
    ...login(huge(MAX_BODY_BYTES + 10)),
    status: 413,
    code: 'payload_too_large',
  },
  { name: 'huge username', ...login(huge(10_000)), status: 400 },
  { name: 'huge password', ...login('admin', huge(100_000)), status: 400 },
  { name: 'NUL in a username', ...login('admin\u0000'), status: 400 },
  { name: 'NUL in a password', ...login('admin', `${TEST_DEMO_PASSWORD}\u0000`), status: 400 },
  { name: 'lone surrogate in a username', ...login('admin\ud800'), status: 401 },
  {
    name: 'invalid UTF-8 in a body',
    ...login('admin'),
    body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    status: 400,
  },
  { name: 'SQL injection in the username', ...login(sqlInjection), status: 401 },
  { name: 'SQL injection in the password', ...login('admin', sqlInjection), status: 401 },
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
]

badInputTable(
  h,
  'bad input at sign-in and in sessions gets a 4xx in the contract shape and changes nothing',
  rows,
  {
    async beforeRows() {
      const [viewer] = await h.db.query<{ id: string }>(
        sql`SELECT id::text AS id FROM users WHERE username = 'planerare'`,
      )
      expiredToken = (await startSession(h.db.orm, viewer!.id, 'test', -1)).token
      const signedOut = await signIn(h.app, 'planerare')
      revokedToken = signedOut.slice(SESSION_COOKIE.length + 1)
      expect(
        (await h.app.request('/api/auth/logout', { method: 'POST', headers: { cookie: signedOut } })).status,
      ).toBe(204)
      const [live] = await h.db.query<{ token_hash: string }>(
        sql`SELECT token_hash FROM user_sessions WHERE revoked_at IS NULL AND expires_at > now() LIMIT 1`,
      )
      storedTokenHash = live!.token_hash
    },
  },
)
