/**
 * After a server restart every annotation and log entry is still there.
 * The server is closed, the database closed and opened again from the same place (a data directory
 * on PGlite, the server on PostgreSQL), a new server started, and a client joins.
 */
import { afterAll, expect, it } from 'vitest'
import type { LogEntry } from '../../common/crisis.ts'
import { defaultEscalationLevels } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { SessionRooms } from '../crisis/session-room.ts'
import { createRateLimits } from '../http/security.ts'
import { annotationNear, type JoinAnswer, RoomClient, seededRandom } from '../testing/crisis-scenario.ts'
import { createCrowd } from '../testing/crowd.ts'
import { type LiveServer, startLiveServer } from '../testing/live-server.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { openPersistentTestDatabase, type PersistentTestDatabase } from '../testing/persistent-database.ts'
import { signIn } from '../testing/sign-in.ts'

let store: PersistentTestDatabase | undefined
let db: Database | undefined
let server: LiveServer | undefined
const clients: RoomClient[] = []
/** What the app and the socket server logged as unexpected. */
const unexpected: unknown[] = []
const log = (err: unknown) => unexpected.push(err)

afterAll(async () => {
  for (const c of clients) c.disconnect()
  await server?.close()
  await db?.close()
  store?.dispose()
})

async function start(database: Database) {
  const rooms = new SessionRooms({ db: database, escalationLevels: defaultEscalationLevels })
  const app = createApp({
    db: database,
    config: { kommun: TEST_KOMMUN },
    rooms,
    limits: createRateLimits(),
    log,
  })
  return { app, server: await startLiveServer(app, database, [], { rooms, log }) }
}

const emit = <T>(client: RoomClient, event: string, payload: unknown): Promise<T> =>
  client.socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>

it('keeps every annotation and log entry across a restart of the server', async () => {
  store = await openPersistentTestDatabase()
  db = store.db
  const first = await start(db)
  server = first.server
  const [a, b] = await createCrowd(db, 2, { prefix: 'restart' })
  const lead = await signIn(first.app, 'krisledare')
  const created = await first.app.request('/api/sessions', {
    method: 'POST',
    headers: { cookie: lead, 'content-type': 'application/json' },
    body: JSON.stringify({ title: 'Omstart', participants: [{ userId: a!.id }, { userId: b!.id }] }),
  })
  expect(created.status).toBe(201)
  const sessionId = ((await created.json()) as { session: { id: string } }).session.id
  const centre = await pointInMunicipality(db)
  const random = seededRandom(7)

  const alice = await RoomClient.open(server.url, a!.cookie, 'alice')
  const bob = await RoomClient.open(server.url, b!.cookie, 'bob')
  clients.push(alice, bob)
  await alice.join(sessionId)
  await bob.join(sessionId)
  const drawn = Array.from({ length: 12 }, (_, i) => annotationNear(centre, random, `före omstart ${i}`))
  for (const [i, annotation] of drawn.entries())
    expect((await (i % 2 ? alice : bob).push({ put: [annotation] })).ok).toBe(true)
  expect((await alice.push({ put: [{ ...drawn[0]!, properties: { label: 'ändrad' } }] })).ok).toBe(true)
  expect((await bob.push({ remove: [drawn[1]!.id] })).ok).toBe(true)
  const task = await emit<{ ok: true; entry: LogEntry }>(alice, 'log:append', {
    opId: crypto.randomUUID(),
    entry: { kind: 'task', text: 'Kontrollera reservkraft', assignee: 'Omsorg', status: 'open' },
  })
  expect(task.ok).toBe(true)
  for (const entry of [
    { kind: 'decision', text: 'Öppna trygghetspunkt', decidedBy: 'Krisledningschef', position: centre },
    { kind: 'situation_report', text: 'Cirka 3 000 hushåll utan el', reporter: 'Elnätsbolaget' },
  ])
    expect((await emit<{ ok: boolean }>(bob, 'log:append', { opId: crypto.randomUUID(), entry })).ok).toBe(
      true,
    )
  expect(
    (
      await emit<{ ok: boolean }>(alice, 'log:update', {
        opId: crypto.randomUUID(),
        id: task.entry.id,
        patch: { status: 'done' },
      })
    ).ok,
  ).toBe(true)
  const before = await emit<JoinAnswer>(alice, 'session:join', { sessionId })
  expect(before.annotations).toHaveLength(12)
  expect(before.log).toHaveLength(3)

  // The restart.
  for (const c of clients.splice(0)) c.disconnect()
  // Note: the server hears the clients leave and updates the roster; let it finish before closing.
  await new Promise((resolve) => setTimeout(resolve, 300))
  await server.close()
  await db.close()
  db = await store.reopen()
  const second = await start(db)
  server = second.server

  const back = await RoomClient.open(server.url, a!.cookie, 'alice after the restart')
  clients.push(back)
  const after = await back.join(sessionId)
  expect(after.seq).toBe(before.seq)
  expect(after.annotations).toEqual(before.annotations)
  expect(after.log).toEqual(before.log)
  expect(after.annotations.filter((r) => r.deleted).map((r) => r.id)).toEqual([drawn[1]!.id])
  expect(after.log.find((e) => e.id === task.entry.id)?.status).toBe('done')
  // The room goes on from its seq.
  expect(await back.push({ put: [annotationNear(centre, random, 'efter omstart')] })).toMatchObject({
    ok: true,
    seq: before.seq + 1,
  })
}, 120_000)
