/**
 * Bad input to the administrators' user routes: wrong types, missing and extra fields, oversize,
 * unusual characters, SQL and script injection, roles without the right, and ids that are no
 * UUID or name nobody. The harness (`server/testing/bad-input.ts`) answers each row in the
 * contract's shape and checks that nothing stored changed.
 */
import { sql } from 'drizzle-orm'
import { MAX_BODY_BYTES } from '../app.ts'
import { UNUSED_UUID } from '../testing/app-routes.ts'
import {
  type BadInput,
  badInputHarness,
  badInputTable,
  changeUser,
  newUser,
  script,
  sqlInjection,
  unionInjection,
} from '../testing/bad-input.ts'

const huge = (n: number) => 'x'.repeat(n)
const changeViewer = (body: unknown) => changeUser(() => viewerId, body)

/** The viewer's account id, a target for the administrators' routes. */
let viewerId = ''
const h = badInputHarness(async (harness) => {
  const [row] = await harness.db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM users WHERE username = 'lasare'`,
  )
  viewerId = row!.id
})

const rows: BadInput[] = [
  { name: 'unknown role', ...newUser({ role: 'superuser' }), status: 400 },
  { name: 'string for a boolean', ...changeViewer({ disabled: 'yes' }), status: 400 },
  { name: 'number for an organisation id', ...newUser({ organisationId: 123 }), status: 400 },
  { name: 'array for a display name', ...changeViewer({ displayName: ['a', 'b'] }), status: 400 },
  { name: 'new user without a role', ...newUser({ role: undefined }), status: 400 },
  { name: 'change naming nothing', ...changeViewer({}), status: 400 },
  {
    name: 'password reset without a password',
    ...changeViewer({}),
    path: () => `/api/users/${viewerId}/password`,
    method: 'POST',
    status: 400,
  },
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
  {
    name: 'body over 1 MB',
    ...newUser({ displayName: huge(MAX_BODY_BYTES + 10) }),
    status: 413,
    code: 'payload_too_large',
  },
  {
    name: 'huge display name under the body limit',
    ...changeViewer({ displayName: huge(100_000) }),
    status: 400,
  },
  { name: 'NUL in a display name', ...changeViewer({ displayName: 'Lars\u0000Läsare' }), status: 400 },
  { name: 'zero-width space in a new username', ...newUser({ username: 'ad\u200bmin' }), status: 400 },
  { name: 'right-to-left override in a new username', ...newUser({ username: '\u202enimda' }), status: 400 },
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
  { name: 'script in a new username', ...newUser({ username: script }), status: 400 },
  { name: 'script in a role', ...changeViewer({ role: script }), status: 400 },
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
]

badInputTable(h, 'bad input to the user routes gets a 4xx in the contract shape and changes nothing', rows)
