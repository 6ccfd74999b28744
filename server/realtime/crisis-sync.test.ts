/**
 * A live session over real sockets on one process: 20 users in one session, each change
 * delivered to every other exactly once and in seq order; a client cut off for 30 seconds catches
 * up to exactly the room's picture; a retried opId applies once; invalid geometry, malformed
 * payloads and users without the right are refused and change nothing; concurrent edits converge;
 * tombstones, the log, presence, the presenter and the roster behave as the contract says.
 */
import { sql } from 'drizzle-orm'
import type { Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { z } from 'zod'
import type { Annotation, LogEntry, ParticipantInvite, RosterEntry } from '../../common/crisis.ts'
import { defaultEscalationLevels } from '../../common/domain.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { SessionRooms } from '../crisis/session-room.ts'
import { createRateLimits } from '../http/security.ts'
import { annotationNear, RoomClient, runCrisisScenario, seededRandom } from '../testing/crisis-scenario.ts'
import { type CrowdMember, createCrowd } from '../testing/crowd.ts'
import { type LiveServer, startLiveServer } from '../testing/live-server.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { signIn } from '../testing/sign-in.ts'
import { tableChecksums } from '../testing/table-checksums.ts'

let db: Database
let app: ReturnType<typeof createApp>
let server: LiveServer
let crowd: CrowdMember[]
const cookies: Record<string, string> = {}
const ids: Record<string, string> = {}
let centre: [number, number]
/** What the app and the socket server logged as unexpected: a refusal must never be one. */
const unexpected: unknown[] = []
const open: RoomClient[] = []
const random = seededRandom(4)

beforeAll(async () => {
  db = await openTestDatabase()
  const rooms = new SessionRooms({ db, escalationLevels: defaultEscalationLevels })
  app = createApp({
    db,
    config: { kommun: TEST_KOMMUN },
    rooms,
    limits: createRateLimits({ writesPerMinute: 10_000 }),
    log: (err) => unexpected.push(err),
  })
  server = await startLiveServer(app, db, [], { rooms, log: (err) => unexpected.push(err) })
  crowd = await createCrowd(db, 20, { prefix: 'sync' })
  for (const user of ['krisledare', 'lasare', 'planerare', 'polis']) cookies[user] = await signIn(app, user)
  for (const row of await db.query<{ id: string; username: string }>(
    sql`SELECT id::text AS id, username FROM users WHERE username IN ('lasare', 'planerare', 'polis', 'krisledare')`,
  ))
    ids[row.username] = row.id
  centre = await pointInMunicipality(db)
})

afterAll(async () => {
  for (const client of open) client.disconnect()
  await server?.close()
  await db?.close()
})

async function rest(user: string, method: string, path: string, body?: unknown): Promise<Response> {
  return app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
}

/** A new session led by the crisis manager, with the invitations given. */
async function newSession(
  participants: z.input<typeof ParticipantInvite>[],
  extra: Record<string, unknown> = {},
): Promise<string> {
  const res = await rest('krisledare', 'POST', '/api/sessions', {
    title: `Test ${Date.now().toString(36)}`,
    participants,
    ...extra,
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return ((await res.json()) as { session: { id: string } }).session.id
}

async function client(cookie: string, name: string, sessionId?: string): Promise<RoomClient> {
  const c = await RoomClient.open(server.url, cookie, name)
  open.push(c)
  if (sessionId) await c.join(sessionId)
  return c
}

/** The next `event` on a socket, or a rejection after `ms`. */
function next<T>(socket: Socket, event: string, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${ms} ms`)), ms)
    socket.once(event, (payload: T) => {
      clearTimeout(timer)
      resolve(payload)
    })
  })
}

/** Collects every `event` a socket receives from now on. */
function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = []
  socket.on(event, (payload: T) => seen.push(payload))
  return seen
}

const emit = <T>(socket: Socket, event: string, ...args: unknown[]): Promise<T> =>
  socket.timeout(10_000).emitWithAck(event, ...args) as Promise<T>

type Refusal = { ok: false; error: { code: string; message: string } }
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms))

const point = (offset = 0): Annotation => ({
  id: crypto.randomUUID(),
  kind: 'point',
  geometry: { type: 'Point', coordinates: [centre[0] + offset, centre[1]] },
  properties: { label: 'Testpunkt', symbol: 'shelter' },
})

async function liveInDatabase(sessionId: string): Promise<Map<string, number>> {
  const rows = await db.query<{ id: string; version: number | string }>(
    sql`SELECT id::text AS id, version FROM annotations WHERE session_id = ${sessionId}::uuid AND deleted_at IS NULL
      ORDER BY id`,
  )
  return new Map(rows.map((r) => [r.id, Number(r.version)]))
}

describe('twenty users in one session', () => {
  it('delivers every change to every other client exactly once and in seq order; a client cut off for 30 s catches up', async () => {
    const sessionId = await newSession(crowd.map((m) => ({ userId: m.id, role: 'participant' as const })))
    const report = await runCrisisScenario({
      urls: [server.url],
      cookies: crowd.map((m) => m.cookie),
      sessionId,
      centre,
      cutoffMs: 30_000,
      readDatabase: () => liveInDatabase(sessionId),
    })
    expect(report.clients).toBe(20)
    expect(report.firstRound).toBe(60)
    // Each of the 60 first-round changes reached the 19 others.
    expect(report.deliveries).toBeGreaterThanOrEqual(60 * 19)
    expect(report.duringCutoff).toBeGreaterThan(20)
    expect(report.caughtUp).toBeGreaterThan(0)
    expect(report.liveAnnotations).toBe((await liveInDatabase(sessionId)).size)
    const [history] = await db.query<{ n: number; max: number | string }>(
      sql`SELECT count(*)::int AS n, max(seq) AS max FROM session_changes WHERE session_id = ${sessionId}::uuid`,
    )
    // One history row per applied change, seqs without gaps.
    expect(Number(history!.n)).toBe(report.finalSeq)
    expect(Number(history!.max)).toBe(report.finalSeq)
    expect(unexpected).toEqual([])
  }, 180_000)
})

describe('idempotent opIds', () => {
  it('applies one opId pushed twice once, and acks both with the same seq', async () => {
    const sessionId = await newSession(crowd.slice(0, 2).map((m) => ({ userId: m.id })))
    const a = await client(crowd[0]!.cookie, 'a', sessionId)
    const b = await client(crowd[1]!.cookie, 'b', sessionId)
    const annotation = point()
    const opId = crypto.randomUUID()
    const [first, second] = await Promise.all([
      a.push({ put: [annotation] }, opId),
      a.push({ put: [annotation] }, opId),
    ])
    const third = await a.push({ put: [{ ...annotation, properties: { label: 'changed' } }] }, opId)
    expect(first).toMatchObject({ ok: true, seq: 1 })
    // A retry is answered with the first application's seq and time.
    expect(second).toEqual(first)
    expect(third).toEqual(first)
    await settle()
    expect(b.applied.map((e) => e.seq)).toEqual([1])
    const [row] = await db.query<{ n: number; label: string }>(
      sql`SELECT count(*)::int AS n, max(properties->>'label') AS label FROM annotations WHERE session_id = ${sessionId}::uuid`,
    )
    expect(row).toEqual({ n: 1, label: 'Testpunkt' })
    const [changes] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM session_changes WHERE session_id = ${sessionId}::uuid`,
    )
    expect(changes!.n).toBe(1)
    // Someone else's opId is theirs: reusing it is refused, not taken for a retry.
    const stolen = await b.push({ put: [point(0.001)] }, opId)
    expect(stolen).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })
})

describe('refusals change nothing', () => {
  let sessionId: string
  let drawer: RoomClient
  let before: Record<string, string>

  beforeAll(async () => {
    sessionId = await newSession([{ userId: crowd[2]!.id }])
    drawer = await client(crowd[2]!.cookie, 'drawer', sessionId)
    await settle()
    before = await tableChecksums(db)
  })

  const ring = (coords: number[][]) => coords.map(([dx, dy]) => [centre[0] + dx!, centre[1] + dy!])
  const invalidGeometries: [string, () => Annotation, RegExp][] = [
    [
      'a self-intersecting polygon (a bow tie)',
      () => ({
        id: crypto.randomUUID(),
        kind: 'polygon',
        geometry: {
          type: 'Polygon',
          coordinates: [
            ring([
              [0, 0],
              [0.01, 0.01],
              [0.01, 0],
              [0, 0.01],
              [0, 0],
            ]),
          ],
        },
        properties: {},
      }),
      /Self-intersection/,
    ],
    [
      'a longitude out of range',
      () => ({ ...point(), geometry: { type: 'Point', coordinates: [200, centre[1]] } }),
      /longitude/,
    ],
    [
      'a latitude out of range',
      () => ({ ...point(), geometry: { type: 'Point', coordinates: [centre[0], -91] } }),
      /latitude/,
    ],
    [
      'a point 500 km away',
      () => ({ ...point(), geometry: { type: 'Point', coordinates: [centre[0] + 9, centre[1]] } }),
      /outside the municipality/,
    ],
    [
      'a line for a point',
      () => ({
        ...point(),
        geometry: {
          type: 'LineString',
          coordinates: ring([
            [0, 0],
            [0.01, 0],
          ]),
        },
      }),
      /takes Point/,
    ],
    ['a point for a polygon', () => ({ ...point(), kind: 'polygon' }), /takes Polygon or MultiPolygon/],
    [
      'a line for a circle',
      () => ({
        ...point(),
        kind: 'circle',
        geometry: {
          type: 'LineString',
          coordinates: ring([
            [0, 0],
            [0.01, 0],
          ]),
        },
      }),
      /takes Polygon/,
    ],
    [
      'a geometry collection for a polygon',
      () => ({
        ...point(),
        kind: 'polygon',
        geometry: { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: centre }] },
      }),
      /takes Polygon/,
    ],
    [
      'too many vertices',
      () => ({
        ...point(),
        kind: 'line',
        geometry: {
          type: 'LineString',
          coordinates: Array.from({ length: 20_001 }, (_, i) => [
            centre[0] + i * 1e-6,
            centre[1] + (i % 2) * 1e-6,
          ]),
        },
      }),
      /at most 20000 vertices/,
    ],
    [
      'an open ring',
      () => ({
        ...point(),
        kind: 'polygon',
        geometry: {
          type: 'Polygon',
          coordinates: [
            ring([
              [0, 0],
              [0.01, 0],
              [0.01, 0.01],
              [0, 0.01],
            ]),
          ],
        },
      }),
      /ring is not closed/,
    ],
    ['an unknown crisis symbol', () => ({ ...point(), properties: { symbol: 'dragon' } as never }), /symbol/],
    ['a colour that is no colour', () => ({ ...point(), properties: { color: 'red' } }), /colour/],
  ]

  it.each(invalidGeometries)('refuses %s with validation_failed', async (_, make, message) => {
    const answer = (await drawer.push({ put: [make()] })) as Refusal
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    expect(answer.error.message).toMatch(message)
  })

  it('refuses a whole change when one of its annotations is bad', async () => {
    const bowTie = invalidGeometries[0]![1]()
    const answer = await drawer.push({ put: [point(), point(0.001), bowTie] })
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    const unknown = await drawer.push({ put: [point()], remove: [crypto.randomUUID()] })
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  const opId = () => crypto.randomUUID()
  /** Each row makes its arguments when it runs, after the municipality's centre is known. */
  const malformed: [string, () => unknown[]][] = [
    ['a string', () => ['not an object']],
    ['null', () => [null]],
    ['a number', () => [42]],
    ['an array', () => [[{ opId: 'abcdefgh' }]]],
    ['no argument before the ack', () => []],
    ['no change', () => [{ opId: opId() }]],
    ['an opId too short', () => [{ opId: 'x', change: { put: [], remove: [crypto.randomUUID()] } }]],
    ['an empty change', () => [{ opId: opId(), change: { put: [], remove: [] } }]],
    ['an unknown field', () => [{ opId: opId(), change: { put: [] }, force: true }]],
    ['put as an object', () => [{ opId: opId(), change: { put: {} } }]],
    ['an id that is no UUID', () => [{ opId: opId(), change: { remove: ['../../etc/passwd'] } }]],
    ['an unknown kind', () => [{ opId: opId(), change: { put: [{ ...point(), kind: 'arrow' }] } }]],
    [
      'a NUL in a label',
      () => [{ opId: opId(), change: { put: [{ ...point(), properties: { label: 'a\u0000b' } }] } }],
    ],
    [
      'the same id twice',
      () => {
        const twice = point()
        return [{ opId: opId(), change: { put: [twice], remove: [twice.id] } }]
      },
    ],
    [
      'coordinates as strings',
      () => [
        {
          opId: opId(),
          change: { put: [{ ...point(), geometry: { type: 'Point', coordinates: ['15', '58'] } }] },
        },
      ],
    ],
  ]

  it.each(malformed)('answers annotation:push with %s by validation_failed', async (_, args) => {
    const answer = await emit<Refusal>(drawer.socket, 'annotation:push', ...args())
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    expect(answer.error.message.length).toBeGreaterThan(0)
  })

  it('holds a log pin to the 25 km rule drawings follow', async () => {
    const far = await emit<Refusal>(drawer.socket, 'log:append', {
      opId: opId(),
      entry: { kind: 'note', text: 'Långt borta', position: [centre[0] + 9, centre[1]] },
    })
    expect(far).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    expect(far.error.message).toMatch(/outside the municipality/)
  })

  it('refuses a command nested deeper than 64 levels before validating it', async () => {
    let deep: unknown = 'x'.repeat(10_000)
    for (let i = 0; i < 200; i++) deep = [deep]
    const answer = await emit<Refusal>(drawer.socket, 'annotation:push', {
      opId: opId(),
      change: { put: [{ ...point(), properties: { note: 'djup', deep } }] },
    })
    expect(answer).toMatchObject({ ok: false, error: { code: 'validation_failed' } })
    expect(answer.error.message).toMatch(/nested at most/)
  })

  it('drops a connection that sends a message nested 5,000 levels deep, and nothing else', async () => {
    // Note: socket.io's own parser refuses such a packet (its JSON reviver cannot recurse that deep)
    // and closes that connection; the raw packet is what a hostile client would write.
    const hostile = await client(cookies.polis!, 'hostile')
    const gone = new Promise<string>((resolve) => hostile.socket.once('disconnect', resolve))
    const deep = `${'['.repeat(5000)}"${'x'.repeat(10_000)}"${']'.repeat(5000)}`
    hostile.socket.io.engine.write(`42/live,7["annotation:push",{"opId":"${opId()}","deep":${deep}}]`)
    expect(await gone).not.toBe('io client disconnect')
    expect(drawer.socket.connected).toBe(true)
  })

  it('answers malformed log and join commands, and ignores commands without an ack', async () => {
    for (const [event, payload] of [
      ['log:append', { opId: opId(), entry: { kind: 'escalation', text: 'Höjd nivå' } }],
      ['log:append', { opId: opId(), entry: { kind: 'task', text: 'Utan ansvarig' } }],
      ['log:append', { opId: opId(), entry: { kind: 'decision', text: '' } }],
      ['log:update', { opId: opId(), id: 'nope', patch: { status: 'done' } }],
      ['log:update', { opId: opId(), id: crypto.randomUUID(), patch: {} }],
      ['session:join', 'a session'],
      ['session:join', { sessionId: sessionId, sinceSeq: -1 }],
      ['session:join', { sessionId: sessionId, sinceSeq: 1.5 }],
      ['presenter:set', { on: 'yes' }],
    ] as const) {
      const answer = await emit<Refusal>(drawer.socket, event, payload)
      expect(answer, `${event} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'validation_failed' },
      })
    }
    // Without an ack there is no one to answer: the command is ignored, and the socket stays.
    drawer.socket.emit('annotation:push', { opId: opId(), change: { put: [point()] } })
    drawer.socket.emit('log:append', { opId: opId(), entry: { kind: 'note', text: 'Utan kvittens' } })
    drawer.socket.emit('annotation:nuke', { everything: true }, () => {})
    drawer.socket.emit('presence:update', 'garbage')
    drawer.socket.emit('presence:update', { cursor: [999, 999] })
    await settle()
    expect(drawer.connected).toBe(true)
    expect(await emit<{ ok: boolean }>(drawer.socket, 'session:leave')).toEqual({ ok: true })
    await drawer.join(sessionId)
  })

  it('drops a socket that sends more than a megabyte, and serves the next one', async () => {
    const flooder = await client(crowd[2]!.cookie, 'flooder', sessionId)
    const gone = next<string>(flooder.socket, 'disconnect', 10_000)
    flooder.socket.emit(
      'annotation:push',
      { opId: opId(), change: { put: [], remove: [] }, pad: 'x'.repeat(1_100_000) },
      () => {},
    )
    expect(await gone).toMatch(/transport close|transport error/)
    const after = await client(crowd[2]!.cookie, 'after the flood', sessionId)
    expect(after.connected).toBe(true)
  })

  it('leaves every table as it was', async () => {
    await settle()
    expect(await tableChecksums(db)).toEqual(before)
    expect(unexpected).toEqual([])
  })
})

describe('rights', () => {
  let sessionId: string
  let restrictedId: string
  let observer: CrowdMember
  let before: Record<string, string>

  beforeAll(async () => {
    observer = crowd[3]!
    sessionId = await newSession([
      { userId: ids.lasare!, role: 'participant' },
      { userId: observer.id, role: 'observer' },
      { userId: crowd[4]!.id },
    ])
    restrictedId = await newSession([{ userId: ids.polis! }], { classification: 'restricted' })
    await settle()
    before = await tableChecksums(db)
  })

  const change = () => ({ opId: crypto.randomUUID(), change: { put: [point()], remove: [] } })
  const entry = () => ({ opId: crypto.randomUUID(), entry: { kind: 'note', text: 'Försök' } })

  /** Tries to draw, to write in the log and to present, one after the other: each is refused with `code`. */
  async function expectWritesRefused(socket: Socket, code: string): Promise<void> {
    for (const [event, payload] of [
      ['annotation:push', change()],
      ['log:append', entry()],
      ['presenter:set', { on: true }],
    ] as const)
      expect(await emit(socket, event, payload), event).toMatchObject({ ok: false, error: { code } })
  }

  it('lets a viewer and an observer join and read, but not draw or write', async () => {
    for (const [name, cookie] of [
      ['viewer', cookies.lasare!],
      ['observer', observer.cookie],
    ] as const) {
      const c = await client(cookie, name)
      const joined = await c.join(sessionId)
      expect(joined.session.rights.draw).toBe(false)
      await expectWritesRefused(c.socket, 'forbidden')
    }
  })

  it('answers an uninvited user as if the session did not exist', async () => {
    const c = await client(cookies.planerare!, 'uninvited')
    const hidden = await emit<Refusal>(c.socket, 'session:join', { sessionId })
    const missing = await emit<Refusal>(c.socket, 'session:join', { sessionId: crypto.randomUUID() })
    expect(hidden).toMatchObject({ ok: false, error: { code: 'not_found' } })
    expect(hidden.error.message.replace(sessionId, '…')).toBe(
      missing.error.message.replace(/[0-9a-f-]{36}/, '…'),
    )
    expect(await emit(c.socket, 'annotation:push', change())).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    })
    // Invited, but the session is above the police's clearance for crisis sessions.
    const police = await client(cookies.polis!, 'police')
    expect(await emit(police.socket, 'session:join', { sessionId: restrictedId })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  it('changed nothing', async () => {
    await settle()
    expect(await tableChecksums(db)).toEqual(before)
  })

  it('keeps a closed session browsable and refuses every write with conflict', async () => {
    const writer = await client(crowd[4]!.cookie, 'writer', sessionId)
    const closed = await rest('krisledare', 'PATCH', `/api/sessions/${sessionId}`, { status: 'closed' })
    expect(closed.status).toBe(200)
    await settle()
    const afterClose = await tableChecksums(db)
    await expectWritesRefused(writer.socket, 'conflict')
    const reader = await client(crowd[4]!.cookie, 'reader')
    const joined = await reader.join(sessionId)
    expect(joined.session.status).toBe('closed')
    expect(joined.session.rights).toMatchObject({ draw: false })
    await settle()
    expect(await tableChecksums(db)).toEqual(afterClose)
  })
})

describe('concurrent edits', () => {
  it('converges when six clients change one annotation at once: the highest seq wins everywhere', async () => {
    const members = crowd.slice(5, 11)
    const sessionId = await newSession(members.map((m) => ({ userId: m.id })))
    const clients = await Promise.all(members.map((m, i) => client(m.cookie, `editor-${i}`, sessionId)))
    const original = point()
    expect((await clients[0]!.push({ put: [original] })).ok).toBe(true)
    await Promise.all(clients.map((c) => c.waitUntil(1)))
    const answers = await Promise.all(
      clients.map((c, i) =>
        c.push({
          put: [
            {
              ...original,
              geometry: { type: 'Point', coordinates: [centre[0] + i * 0.001, centre[1]] },
              properties: { label: `editor-${i}` },
            },
          ],
        }),
      ),
    )
    const seqs = answers.map((a) => (a.ok ? a.seq : -1))
    expect([...seqs].sort()).toEqual([2, 3, 4, 5, 6, 7])
    await Promise.all(clients.map((c) => c.waitUntil(7)))
    const winner = seqs.indexOf(7)
    for (const c of clients) expect(c.annotations.get(original.id)).toEqual({ version: 7, deleted: false })
    // The last broadcast each client got for that id carries the winner's label.
    for (const c of clients.filter((_, i) => i !== winner)) {
      const last = c.applied.filter((e) => e.put.some((p) => p.id === original.id)).at(-1)!
      expect(last.seq).toBe(7)
      expect(last.put[0]!.properties.label).toBe(`editor-${winner}`)
    }
    const [row] = await db.query<{ label: string; version: number | string }>(
      sql`SELECT properties->>'label' AS label, version FROM annotations WHERE id = ${original.id}::uuid`,
    )
    expect({ label: row!.label, version: Number(row!.version) }).toEqual({
      label: `editor-${winner}`,
      version: 7,
    })
  })
})

describe('tombstones and baseVersion', () => {
  it('refuses a put on a deleted annotation from before the delete, and restores it from the delete on', async () => {
    const [alice, bob] = [crowd[11]!, crowd[12]!]
    const sessionId = await newSession([{ userId: alice.id }, { userId: bob.id }])
    const a = await client(alice.cookie, 'alice', sessionId)
    const b = await client(bob.cookie, 'bob', sessionId)
    const annotation = point()
    expect(await a.push({ put: [annotation] })).toMatchObject({ ok: true, seq: 1 })
    await b.waitUntil(1)
    expect(await b.push({ remove: [annotation.id] })).toMatchObject({ ok: true, seq: 2 })
    await a.waitUntil(2)
    expect(a.annotations.get(annotation.id)).toEqual({ version: 2, deleted: true })
    const stale = await a.push({ put: [{ ...annotation, baseVersion: 1, properties: { label: 'edited' } }] })
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const noBase = await a.push({ put: [{ ...annotation, properties: { label: 'edited' } }] })
    expect(noBase).toMatchObject({ ok: false, error: { code: 'conflict' } })
    const undo = await a.push({ put: [{ ...annotation, baseVersion: 2 }] })
    expect(undo).toMatchObject({ ok: true, seq: 3 })
    await b.waitUntil(3)
    expect(b.annotations.get(annotation.id)).toEqual({ version: 3, deleted: false })
    // Removing an unknown id is not_found; removing a tombstone twice does nothing and takes no seq.
    expect(await b.push({ remove: [crypto.randomUUID()] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    expect(await b.push({ remove: [annotation.id] })).toMatchObject({ ok: true, seq: 4 })
    expect(await b.push({ remove: [annotation.id] })).toMatchObject({ ok: true, seq: 4 })
    await settle()
    expect(a.applied.map((e) => e.seq)).toEqual([2, 4])
    // The original author and time stay; the last writer is recorded.
    const joined = await (await client(alice.cookie, 'alice again')).join(sessionId)
    expect(joined.annotations).toHaveLength(1)
    expect(joined.annotations[0]).toMatchObject({
      id: annotation.id,
      version: 4,
      deleted: true,
      createdBy: alice.username,
      updatedBy: bob.username,
    })
    // An annotation id that another session uses is taken.
    const other = await newSession([{ userId: alice.id }])
    const elsewhere = await client(alice.cookie, 'alice elsewhere', other)
    expect(await elsewhere.push({ put: [{ ...annotation, baseVersion: 99 }] })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    })
    expect(await elsewhere.push({ remove: [annotation.id] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
  })

  it('catches up tombstones from sinceSeq, and starts over when sinceSeq is ahead of the room', async () => {
    const sessionId = await newSession([{ userId: crowd[13]!.id }])
    const c = await client(crowd[13]!.cookie, 'catcher', sessionId)
    const [x, y] = [point(), point(0.002)]
    await c.push({ put: [x, y] })
    await c.push({ remove: [x.id] })
    const since = await emit<{ ok: true; annotations: { id: string; deleted?: boolean }[]; seq: number }>(
      c.socket,
      'session:join',
      {
        sessionId,
        sinceSeq: 1,
      },
    )
    expect(since.seq).toBe(2)
    expect(since.annotations).toEqual([expect.objectContaining({ id: x.id, deleted: true, version: 2 })])
    const ahead = await emit<{ ok: true; reset?: boolean; annotations: unknown[] }>(
      c.socket,
      'session:join',
      { sessionId, sinceSeq: 50 },
    )
    expect(ahead.reset).toBe(true)
    expect(ahead.annotations).toHaveLength(2)
  })
})

describe('the log', () => {
  it('appends, updates tasks and broadcasts both; retries and other entries are handled', async () => {
    const [writer, reader] = [crowd[14]!, crowd[15]!]
    const sessionId = await newSession([{ userId: writer.id }, { userId: reader.id }])
    const w = await client(writer.cookie, 'writer', sessionId)
    const r = await client(reader.cookie, 'reader', sessionId)
    const appended = collect<{ seq: number; entry: LogEntry }>(r.socket, 'log:appended')
    const updated = collect<{ seq: number; entry: LogEntry }>(r.socket, 'log:updated')
    const decision = {
      opId: crypto.randomUUID(),
      entry: {
        kind: 'decision',
        text: 'Öppna trygghetspunkt',
        decidedBy: 'Krisledningschef',
        position: centre,
      },
    }
    const first = await emit<{ ok: true; seq: number; entry: LogEntry }>(w.socket, 'log:append', decision)
    expect(first).toMatchObject({
      ok: true,
      seq: 1,
      entry: {
        kind: 'decision',
        text: 'Öppna trygghetspunkt',
        position: centre,
        version: 1,
        createdBy: writer.username,
      },
    })
    expect(await emit(w.socket, 'log:append', decision)).toEqual(first)
    const task = await emit<{ ok: true; seq: number; entry: LogEntry }>(w.socket, 'log:append', {
      opId: crypto.randomUUID(),
      entry: {
        kind: 'task',
        text: 'Bemanna trygghetspunkten',
        assignee: 'FRG',
        due: '2026-11-20T12:00:00+01:00',
        status: 'open',
      },
    })
    expect(task.seq).toBe(2)
    const done = await emit<{ ok: true; seq: number; entry: LogEntry }>(w.socket, 'log:update', {
      opId: crypto.randomUUID(),
      id: task.entry.id,
      patch: { status: 'done', due: null },
    })
    expect(done).toMatchObject({
      ok: true,
      seq: 3,
      entry: { id: task.entry.id, status: 'done', due: null, version: 3, assignee: 'FRG' },
    })
    expect(
      await emit(w.socket, 'log:update', {
        opId: crypto.randomUUID(),
        id: first.entry.id,
        patch: { status: 'done' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'validation_failed' },
    })
    expect(
      await emit(w.socket, 'log:update', {
        opId: crypto.randomUUID(),
        id: crypto.randomUUID(),
        patch: { status: 'done' },
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    })
    await settle()
    expect(appended.map((e) => e.seq)).toEqual([1, 2])
    expect(appended[0]!.entry).toEqual(first.entry)
    expect(updated.map((e) => e.entry)).toEqual([done.entry])
    const joined = await (await client(reader.cookie, 'reader again')).join(sessionId)
    expect(joined.log.map((e) => e.id).sort()).toEqual([first.entry.id, task.entry.id].sort())
    expect(joined.log.find((e) => e.id === task.entry.id)).toEqual(done.entry)
  })
})

describe('presence, presenter and roster', () => {
  it('sends presence to the others only, throttled, with the latest state last', async () => {
    const [p, q] = [crowd[16]!, crowd[17]!]
    const sessionId = await newSession([{ userId: p.id }, { userId: q.id }])
    const a = await client(p.cookie, 'pointer', sessionId)
    const b = await client(q.cookie, 'watcher', sessionId)
    const seenByB = collect<{ userId: string; colour: string; cursor?: number[] }>(
      b.socket,
      'presence:changed',
    )
    const seenByA = collect(a.socket, 'presence:changed')
    for (let i = 0; i < 30; i++)
      a.socket.emit('presence:update', { cursor: [centre[0] + i * 1e-4, centre[1]] })
    a.socket.emit('presence:update', { laser: centre })
    await settle(500)
    expect(seenByA).toEqual([])
    expect(seenByB.length).toBeGreaterThan(0)
    expect(seenByB.length).toBeLessThan(31)
    expect(seenByB.at(-1)).toMatchObject({
      userId: p.id,
      cursor: [centre[0] + 29e-4, centre[1]],
      laser: centre,
    })
    expect(seenByB[0]!.colour).toMatch(/^#[0-9a-f]{6}$/)
    // Presence is never stored.
    const [row] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM session_changes WHERE session_id = ${sessionId}::uuid`,
    )
    expect(row!.n).toBe(0)
  })

  it('names the presenter to the room, and clears it when the presenter leaves', async () => {
    const [p, q] = [crowd[18]!, crowd[19]!]
    const sessionId = await newSession([{ userId: p.id }, { userId: q.id }])
    const presenter = await client(p.cookie, 'presenter', sessionId)
    const follower = await client(q.cookie, 'follower', sessionId)
    const changed = next<{ presenterId: string | null }>(follower.socket, 'presenter:changed')
    expect(await emit(presenter.socket, 'presenter:set', { on: true })).toEqual({
      ok: true,
      presenterId: p.id,
    })
    expect(await changed).toEqual({ presenterId: p.id })
    const rejoined = await (await client(q.cookie, 'late follower')).join(sessionId)
    expect(rejoined.session.presenterId).toBe(p.id)
    const cleared = next<{ presenterId: string | null }>(follower.socket, 'presenter:changed')
    presenter.disconnect()
    expect(await cleared).toEqual({ presenterId: null })
    const [row] = await db.query<{ presenter_id: string | null }>(
      sql`SELECT presenter_id::text AS presenter_id FROM crisis_sessions WHERE id = ${sessionId}::uuid`,
    )
    expect(row!.presenter_id).toBeNull()
  })

  it('lists invited users as dropped until they connect, and tells the room who joins and leaves', async () => {
    const [p, q] = [crowd[0]!, crowd[1]!]
    const sessionId = await newSession([{ userId: p.id }, { userId: q.id }])
    const a = await client(p.cookie, 'first', sessionId)
    const firstRoster = (await a.join(sessionId)).participants
    const status = (roster: RosterEntry[], id: string) => roster.find((e) => e.userId === id)?.status
    expect(status(firstRoster, p.id)).toBe('online')
    expect(status(firstRoster, q.id)).toBe('dropped')
    const joined = next<RosterEntry>(a.socket, 'participant:joined')
    const b = await client(q.cookie, 'second', sessionId)
    expect(await joined).toMatchObject({
      userId: q.id,
      status: 'online',
      sessionRole: 'participant',
      username: q.username,
    })
    // A second socket of the same user is not a new participant; leaving with one of two is not leaving.
    const extra = await client(q.cookie, 'second tab', sessionId)
    const left = collect<{ userId: string }>(a.socket, 'participant:left')
    extra.disconnect()
    await settle()
    expect(left).toEqual([])
    const gone = next<{ userId: string }>(a.socket, 'participant:left')
    b.disconnect()
    expect(await gone).toEqual({ userId: q.id })
    // The lead (krisledare) sees the session uninvited and takes part as chair.
    const lead = await client(cookies.krisledare!, 'lead', sessionId)
    const roster = (await lead.join(sessionId)).participants
    expect(roster.find((e) => e.username === 'krisledare')).toMatchObject({
      sessionRole: 'chair',
      status: 'online',
    })
    expect(status(roster, q.id)).toBe('dropped')
  })
})

describe('changes made over REST reach the room', () => {
  it('broadcasts the agenda step, an escalation as two consecutive seqs, and invitations', async () => {
    const member = crowd[5]!
    const sessionId = await newSession([{ userId: member.id }])
    const c = await client(member.cookie, 'member', sessionId)
    const sessionChanges = collect<{
      seq: number
      session: { agendaStep: string; escalationLevel: string; participants: unknown[] }
    }>(c.socket, 'session:changed')
    const logs = collect<{ seq: number; entry: LogEntry }>(c.socket, 'log:appended')
    expect(
      (await rest('krisledare', 'PATCH', `/api/sessions/${sessionId}`, { agendaStep: 'roll_call' })).status,
    ).toBe(200)
    const escalation = await rest('krisledare', 'PATCH', `/api/sessions/${sessionId}`, {
      escalationLevel: 'serious',
      escalationReason: 'Reservkraften räcker inte natten ut',
      decidedBy: 'Krisledningsnämndens ordförande',
    })
    expect(escalation.status).toBe(200)
    const invite = await rest('krisledare', 'POST', `/api/sessions/${sessionId}/participants`, {
      userId: crowd[6]!.id,
    })
    expect(invite.status).toBe(201)
    await settle()
    expect(sessionChanges.map((e) => e.seq)).toEqual([1, 2, 4])
    expect(sessionChanges[0]!.session.agendaStep).toBe('roll_call')
    expect(sessionChanges[1]!.session.escalationLevel).toBe('serious')
    expect(sessionChanges[2]!.session.participants).toHaveLength(2)
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatchObject({
      seq: 3,
      entry: {
        kind: 'escalation',
        from: 'normal',
        to: 'serious',
        text: 'Reservkraften räcker inte natten ut',
        decidedBy: 'Krisledningsnämndens ordförande',
        createdBy: 'krisledare',
      },
    })
  })
})

describe('a drawn annotation of each kind', () => {
  it('stores and returns every kind exactly as sent', async () => {
    const member = crowd[7]!
    const sessionId = await newSession([{ userId: member.id }])
    const c = await client(member.cookie, 'kinds', sessionId)
    const drawn = [
      annotationNear(centre, random, 'punkt'),
      annotationNear(centre, random, 'yta'),
      annotationNear(centre, random, 'linje'),
      {
        ...annotationNear(centre, random, 'cirkel'),
        kind: 'circle' as const,
        geometry: {
          type: 'Polygon' as const,
          coordinates: [
            [
              [centre[0], centre[1]],
              [centre[0] + 0.001, centre[1]],
              [centre[0], centre[1] + 0.001],
              [centre[0], centre[1]],
            ],
          ],
        },
        properties: { radius: 150, center: centre, label: 'Avspärrning' },
      },
      {
        ...point(),
        kind: 'text' as const,
        properties: { text: 'Samlingsplats', fontSize: 14, extra: 'kept' },
      },
      {
        ...point(),
        kind: 'polygon' as const,
        geometry: {
          type: 'MultiPolygon' as const,
          coordinates: [
            [
              [
                [centre[0], centre[1]],
                [centre[0] + 0.001, centre[1]],
                [centre[0], centre[1] + 0.001],
                [centre[0], centre[1]],
              ],
            ],
          ],
        },
      },
    ]
    expect((await c.push({ put: drawn })).ok).toBe(true)
    const joined = await (await client(member.cookie, 'kinds again')).join(sessionId)
    for (const a of drawn) {
      const record = joined.annotations.find((r) => r.id === a.id)!
      expect(record.geometry).toEqual(a.geometry)
      expect(record.properties).toEqual(a.properties)
      expect(record.kind).toBe(a.kind)
    }
  })
})
