/**
 * Ending a session ends its realtime connection too: sign-out drops that session's sockets, an
 * administrator ending a user's sessions drops all of them, and neither cookie gets back in.
 */
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits } from '../http/security.ts'
import { type LiveServer, startLiveServer } from '../testing/live-server.ts'
import { signIn } from '../testing/sign-in.ts'
import { LIVE_NAMESPACE, liveSessionEvents, type SessionEvents } from './live.ts'

let db: Database
let app: ReturnType<typeof createApp>
let server: LiveServer
const sockets: Socket[] = []
// Note: the app is built before the socket server exists, so the events reach it through this.
let events: SessionEvents | undefined

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({
    db,
    config: { kommun: TEST_KOMMUN },
    limits: createRateLimits(),
    sessionEvents: {
      sessionsEnded: (target) => events?.sessionsEnded(target),
      rightsChanged: (target) => events?.rightsChanged(target),
    },
    log: () => {},
  })
  server = await startLiveServer(app, db)
  events = liveSessionEvents(server.io)
})

afterAll(async () => {
  for (const socket of sockets) socket.disconnect()
  await server?.close()
  await db?.close()
})

function open(cookie: string): Promise<Socket> {
  const socket = connect(`${server.url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    reconnection: false,
    forceNew: true,
  })
  sockets.push(socket)
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket))
    socket.once('connect_error', reject)
  })
}

const dropped = (socket: Socket) =>
  new Promise<string>((resolve) => {
    if (!socket.connected) resolve('already')
    socket.once('disconnect', (reason) => resolve(reason))
  })

it('drops the sockets of a session that signs out, then of every session an administrator ends', async () => {
  const first = await signIn(app, 'krisledare')
  const second = await signIn(app, 'krisledare')
  const admin = await signIn(app, 'admin')
  const a = await open(first)
  const b = await open(second)

  const aDropped = dropped(a)
  const out = await app.request('/api/auth/logout', { method: 'POST', headers: { cookie: first } })
  expect(out.status).toBe(204)
  expect(await aDropped).toBe('io server disconnect')
  expect(b.connected).toBe(true)
  await expect(open(first)).rejects.toThrow('unauthorized')

  const me = (await (await app.request('/api/auth/me', { headers: { cookie: second } })).json()) as {
    user: { id: string }
  }
  const bDropped = dropped(b)
  const revoke = await app.request(`/api/users/${me.user.id}/sessions/revoke`, {
    method: 'POST',
    headers: { cookie: admin },
  })
  expect(revoke.status).toBe(200)
  expect(await bDropped).toBe('io server disconnect')
  await expect(open(second)).rejects.toThrow('unauthorized')
})
