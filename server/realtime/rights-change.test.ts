/**
 * Rights follow the user at once on the realtime channel too: an administrator lowering a crisis
 * manager to viewer drops that user's open sockets, and the same client, connected again, joins no
 * session it is not invited to and pushes nothing; a withdrawn invitation takes the participant's
 * socket out of the room, which then hears nothing more of it and may send nothing to it. Both go
 * through the socket.io adapter's rooms, as ending sessions does, so they reach every process.
 */
import { sql } from 'drizzle-orm'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defaultEscalationLevels } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { SessionRooms } from '../crisis/session-room.ts'
import { createRateLimits } from '../http/security.ts'
import { type LiveServer, startLiveServer } from '../testing/live-server.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { signIn } from '../testing/sign-in.ts'
import { LIVE_NAMESPACE, liveSessionEvents, type SessionEvents } from './live.ts'

let db: Database
let app: ReturnType<typeof createApp>
let server: LiveServer
let centre: [number, number]
const sockets: Socket[] = []
const cookies: Record<string, string> = {}
const ids: Record<string, string> = {}
// Note: the app is built before the socket server exists, so the events reach it through this.
let events: SessionEvents | undefined

beforeAll(async () => {
  db = await openTestDatabase()
  const rooms = new SessionRooms({ db, escalationLevels: defaultEscalationLevels })
  app = createApp({
    db,
    config: { kommun: TEST_KOMMUN },
    rooms,
    limits: createRateLimits(),
    sessionEvents: {
      sessionsEnded: (target) => events?.sessionsEnded(target),
      rightsChanged: (target) => events?.rightsChanged(target),
    },
    log: () => {},
  })
  server = await startLiveServer(app, db, [], { rooms })
  events = liveSessionEvents(server.io)
  for (const user of ['admin', 'krisledare', 'polis']) cookies[user] = await signIn(app, user)
  for (const row of await db.query<{ id: string; username: string }>(
    sql`SELECT id::text AS id, username FROM users WHERE username IN ('krisledare', 'polis')`,
  ))
    ids[row.username] = row.id
  centre = await pointInMunicipality(db)
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

const ask = <T>(socket: Socket, event: string, payload: unknown): Promise<T> =>
  socket.timeout(20_000).emitWithAck(event, payload) as Promise<T>

const request = (user: string, method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

async function newSession(participants: unknown[]): Promise<string> {
  const res = await request('admin', 'POST', '/api/sessions', {
    title: `Rättigheter ${Date.now()}`,
    participants,
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { session: { id: string } }).session.id
}

const point = () => ({
  id: crypto.randomUUID(),
  kind: 'point',
  geometry: { type: 'Point', coordinates: centre },
  properties: { label: 'Brytpunkt' },
})
const push = (socket: Socket) =>
  ask<{ ok: boolean; error?: { code: string } }>(socket, 'annotation:push', {
    opId: crypto.randomUUID(),
    change: { put: [point()], remove: [] },
  })

describe('rights follow the user at once', () => {
  it('drops a lowered crisis manager’s socket, which then joins no uninvited session and pushes nothing', async () => {
    const sessionId = await newSession([])
    const socket = await open(cookies.krisledare!)
    expect(await ask(socket, 'session:join', { sessionId })).toMatchObject({ ok: true })
    expect(await push(socket)).toMatchObject({ ok: true })

    const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve))
    try {
      const lowered = await request('admin', 'PATCH', `/api/users/${ids.krisledare}`, { role: 'viewer' })
      expect(lowered.status).toBe(200)
      expect(await dropped).toBe('io server disconnect')

      // The same client connects again, as the browser does, and now holds the viewer's rights.
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', resolve)
        socket.once('connect_error', reject)
        socket.connect()
      })
      expect(await ask(socket, 'session:join', { sessionId })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      })
      expect(await push(socket)).toMatchObject({ ok: false })
    } finally {
      await request('admin', 'PATCH', `/api/users/${ids.krisledare}`, { role: 'crisis' })
    }
  })

  it('takes a withdrawn participant out of the room: no more broadcasts, and nothing sent', async () => {
    const sessionId = await newSession([{ userId: ids.polis, role: 'participant' }])
    const participant = await open(cookies.polis!)
    const chair = await open(cookies.krisledare!)
    expect(await ask(participant, 'session:join', { sessionId })).toMatchObject({ ok: true })
    expect(await ask(chair, 'session:join', { sessionId })).toMatchObject({ ok: true })

    const heard: unknown[] = []
    participant.on('annotation:applied', (a) => heard.push(a))
    participant.on('session:changed', (c) => heard.push(c))
    const before = await request('admin', 'GET', `/api/sessions/${sessionId}`)
    const { session } = (await before.json()) as {
      session: { participants: { id: string; userId: string }[] }
    }
    const invitation = session.participants.find((p) => p.userId === ids.polis)!
    // Note: the room hears of the withdrawal before the participant leaves it, so the participant
    // learns of it too; nothing after that.
    const told = new Promise((resolve) => participant.once('session:changed', resolve))
    const withdrawn = await request(
      'admin',
      'DELETE',
      `/api/sessions/${sessionId}/participants/${invitation.id}`,
    )
    expect(withdrawn.status).toBe(204)
    await told
    heard.length = 0

    expect(await push(chair)).toMatchObject({ ok: true })
    const presence = new Promise<boolean>((resolve) => {
      chair.once('presence:changed', () => resolve(true))
      setTimeout(() => resolve(false), 700)
    })
    participant.emit('presence:update', { cursor: centre })
    expect(await push(participant)).toMatchObject({ ok: false })
    expect(await presence).toBe(false)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(heard).toEqual([])
  })
})
