/** Test helpers: sign in through the real endpoint, or an `Access` for calling queries directly. */
import type { Role } from '../../common/domain.ts'
import { TEST_DEMO_PASSWORD } from '../../db/testing/test-database.ts'
import type { Access } from '../http/access.ts'

interface Requestable {
  request(path: string, init?: RequestInit): Response | Promise<Response>
}

/** Signs a demo user in and returns the `Cookie` header value for later requests. */
export async function signIn(
  app: Requestable,
  username: string,
  password = TEST_DEMO_PASSWORD,
): Promise<string> {
  const res = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  const cookie = res.headers.get('set-cookie')?.split(';')[0]
  if (!cookie) throw new Error('sign-in set no cookie')
  return cookie
}

/** A caller of the given role, for tests that call queries without HTTP. */
export const accessFor = (role: Role, username = `test-${role}`): Access => ({
  userId: '00000000-0000-4000-8000-000000000000',
  username,
  displayName: username,
  role,
  actorId: null,
})
