/**
 * The socket.io handshake of `/live` over a real HTTP server: the session cookie is the only way
 * in, and a page of another origin is refused before the handshake reaches the namespace.
 */
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits } from '../http/security.ts'
import { type LiveServer, startLiveServer } from '../testing/live-server.ts'
import { signIn } from '../testing/sign-in.ts'
import { LIVE_NAMESPACE, type LiveSocketData } from './live.ts'

let db: Database
let app: ReturnType<typeof createApp>
let server: LiveServer
const sockets: Socket[] = []

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits(), log: () => {} })
  server = await startLiveServer(app, db, ['https://kommun.example'])
})

afterAll(async () => {
  for (const socket of sockets) socket.disconnect()
  await server?.close()
  await db?.close()
})

type Outcome = { connected: true; socket: Socket } | { connected: false; message: string }

/** Opens a socket to `/live` and reports whether the handshake got through or how it was refused. */
function handshake(headers: Record<string, string>, transport: 'websocket' | 'polling'): Promise<Outcome> {
  const socket = connect(`${server.url}${LIVE_NAMESPACE}`, {
    transports: [transport],
    extraHeaders: headers,
    reconnection: false,
    forceNew: true,
  })
  sockets.push(socket)
  return new Promise((resolve) => {
    socket.on('connect', () => resolve({ connected: true, socket }))
    socket.on('connect_error', (err) => {
      socket.disconnect()
      resolve({ connected: false, message: err.message })
    })
  })
}

const sameOrigin = () => ({ origin: server.url })

describe.each(['websocket', 'polling'] as const)('/live over %s', (transport) => {
  it('refuses a handshake without a session cookie', async () => {
    const outcome = await handshake(sameOrigin(), transport)
    expect(outcome).toEqual({ connected: false, message: 'unauthorized' })
  })

  it('refuses a forged session cookie', async () => {
    const outcome = await handshake({ ...sameOrigin(), cookie: 'lagesbild_session=forged-token' }, transport)
    expect(outcome).toEqual({ connected: false, message: 'unauthorized' })
  })

  it('lets a signed-in user in, with their access on the socket', async () => {
    const cookie = await signIn(app, 'polis')
    const outcome = await handshake({ ...sameOrigin(), cookie }, transport)
    expect(outcome.connected).toBe(true)
    const ids = (await server.io.of(LIVE_NAMESPACE).fetchSockets()).map(
      (s) => (s.data as LiveSocketData).access.username,
    )
    expect(ids).toContain('polis')
    if (outcome.connected) outcome.socket.disconnect()
  })

  it('lets in a page of an origin named in ALLOWED_ORIGINS', async () => {
    const cookie = await signIn(app, 'lasare')
    const outcome = await handshake({ origin: 'https://kommun.example', cookie }, transport)
    expect(outcome.connected).toBe(true)
    if (outcome.connected) outcome.socket.disconnect()
  })

  it('refuses a page of a foreign origin even with a valid cookie', async () => {
    const cookie = await signIn(app, 'krisledare')
    for (const origin of ['https://evil.example', 'null', `${server.url}.evil.example`]) {
      const outcome = await handshake({ origin, cookie }, transport)
      expect(outcome.connected, origin).toBe(false)
      // Refused by the transport's origin check, before the namespace looked at the valid cookie.
      if (!outcome.connected) expect(outcome.message, origin).not.toBe('unauthorized')
    }
  })

  it('refuses a cookie once its session has been signed out', async () => {
    const cookie = await signIn(app, 'analytiker')
    expect((await handshake({ ...sameOrigin(), cookie }, transport)).connected).toBe(true)
    const res = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie } })
    expect(res.status).toBe(204)
    expect(await handshake({ ...sameOrigin(), cookie }, transport)).toEqual({
      connected: false,
      message: 'unauthorized',
    })
  })
})
