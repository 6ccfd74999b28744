/**
 * A live session across two real server processes joined by Redis (`npm run test:cluster`,
 * which starts them and names them in CLUSTER_URLS and CLUSTER_PIDS; `npm test` skips this file).
 * Twenty users in one session, spread over both processes, run the client's own sync engine
 * (`common/session-sync.ts`), as the browser does:
 *
 * - every change reaches every other client exactly once, and each client applies the room's seqs
 *   in order without a gap, although the adapter may deliver two processes' broadcasts in either order;
 * - a client cut off for 30 seconds while the others draw catches up to exactly the room's picture;
 * - one opId pushed to both processes is applied once; an invalid geometry and a user without the
 *   right are refused and change nothing;
 * - one process is killed mid-session while everyone keeps drawing: its clients move to the other
 *   process (`attach` of a new socket), send again what was unconfirmed, catch up, and every client
 *   ends with exactly the annotations (ids, versions, tombstones) that the database holds.
 */
import { sql } from 'drizzle-orm'
import { io as connect, type Socket } from 'socket.io-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Annotation, AnnotationRecord } from '../../common/crisis.ts'
import type {
  ClientToServerEvents,
  JoinAck,
  SeqAck,
  ServerToClientEvents,
} from '../../common/crisis-events.ts'
import { type AppliedChange, type Refusal, SessionSync } from '../../common/session-sync.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase } from '../../db/testing/test-database.ts'
import { annotationNear, runCrisisScenario, seededRandom } from '../testing/crisis-scenario.ts'
import { type CrowdMember, createCrowd } from '../testing/crowd.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'

const urls = (process.env.CLUSTER_URLS ?? '').split(',').filter(Boolean)
const pids = (process.env.CLUSTER_PIDS ?? '').split(',').filter(Boolean).map(Number)

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>

/** One participant: a sync engine over a socket to one of the processes, and what it saw. */
interface Participant {
  name: string
  member: CrowdMember
  url: string
  socket: LiveSocket
  sync: SessionSync
  applied: AppliedChange[]
  refused: Refusal[]
  /** The seq of every `annotation:applied` this participant's current socket received, as it came. */
  received: number[]
  /** The annotations this participant created and has not deleted. */
  own: string[]
}

let db: Database
let chair: CrowdMember
let crowd: CrowdMember[]
let observer: CrowdMember
let centre: [number, number]
const random = seededRandom(20261121)
const sockets: LiveSocket[] = []
const syncs: SessionSync[] = []

function openSocket(url: string, cookie: string): LiveSocket {
  const socket: LiveSocket = connect(`${url}/live`, {
    transports: ['websocket'],
    extraHeaders: { cookie },
    // Note: a stopped process does not come back; the test moves its clients, as a load balancer would.
    reconnection: false,
    forceNew: true,
  })
  sockets.push(socket)
  return socket
}

function connected(socket: LiveSocket): Promise<void> {
  if (socket.connected) return Promise.resolve()
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve())
    socket.once('connect_error', (err) => reject(err))
  })
}

/** Polls `done` until it holds; fails naming `what` if it does not within `ms`. */
async function until(done: () => boolean | Promise<boolean>, what: () => string, ms = 30_000) {
  const deadline = Date.now() + ms
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

async function rest<T>(cookie: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${urls[0]}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`)
  return (await res.json()) as T
}

async function newSession(title: string, invited: { member: CrowdMember; role?: string }[]) {
  const { session } = await rest<{ session: { id: string } }>(chair.cookie, 'POST', '/api/sessions', {
    title: `${title} (${new Date().toISOString()})`,
    participants: invited.map(({ member, role }) => ({ userId: member.id, role: role ?? 'participant' })),
  })
  return session.id
}

/** The session's rows straight from the database: id → version, and whether it is a tombstone. */
async function databasePicture(sessionId: string) {
  const rows = await db.query<{ id: string; version: number | string; deleted: boolean }>(
    sql`SELECT id::text AS id, version, deleted_at IS NOT NULL AS deleted FROM annotations
      WHERE session_id = ${sessionId}::uuid ORDER BY id`,
  )
  return new Map(rows.map((r) => [r.id, { version: Number(r.version), deleted: r.deleted }]))
}

async function roomSeq(sessionId: string): Promise<number> {
  const [row] = await db.query<{ seq: number | string }>(
    sql`SELECT seq FROM crisis_sessions WHERE id = ${sessionId}::uuid`,
  )
  return Number(row?.seq)
}

/** A participant's confirmed picture in the same shape as `databasePicture`. */
function pictureOf(p: Participant) {
  const entries = [...p.sync.confirmedAnnotations().values()]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r: AnnotationRecord) => [r.id, { version: r.version, deleted: r.deleted === true }] as const)
  return new Map(entries)
}

function listenRaw(p: Participant) {
  p.socket.on('annotation:applied', (applied) => p.received.push(applied.seq))
}

function participant(member: CrowdMember, url: string, sessionId: string, name: string): Participant {
  const socket = openSocket(url, member.cookie)
  const sync = new SessionSync({ sessionId, user: { userId: member.id, username: member.username } })
  syncs.push(sync)
  const p: Participant = { name, member, url, socket, sync, applied: [], refused: [], received: [], own: [] }
  sync.on('applied', (applied) => p.applied.push(applied))
  sync.on('refused', (refusal) => p.refused.push(refusal))
  listenRaw(p)
  sync.attach(socket)
  return p
}

/** Moves a participant to another process: a new socket, handed to the same sync engine. */
function moveTo(p: Participant, url: string) {
  p.url = url
  p.socket = openSocket(url, p.member.cookie)
  p.received = []
  listenRaw(p)
  p.sync.attach(p.socket)
}

/**
 * The seqs a participant applied must follow each other without a gap or a repeat: a change is
 * the seq after the last, a catch-up by join moves on to the room's seq at that moment.
 */
function checkAppliedInOrder(p: Participant) {
  let last: number | undefined
  for (const a of p.applied) {
    if (a.source === 'catch-up') {
      if (last !== undefined)
        expect(a.seq, `${p.name} caught up to a seq behind what it had`).toBeGreaterThanOrEqual(last)
      last = a.seq
    } else {
      expect(a.seq, `${p.name} applied seq ${a.seq} after ${last}`).toBe((last ?? 0) + 1)
      last = a.seq
    }
  }
  return last
}

const settled = (p: Participant, seq: number) =>
  p.sync.status() === 'connected' && p.sync.pendingCount() === 0 && p.sync.seq() === seq

beforeAll(async () => {
  if (urls.length < 2) return
  db = await openTestDatabase()
  ;[chair] = await createCrowd(db, 1, { prefix: 'cluster-chair', role: 'crisis' })
  crowd = await createCrowd(db, 20, { prefix: 'cluster' })
  ;[observer] = await createCrowd(db, 1, { prefix: 'cluster-observer' })
  centre = await pointInMunicipality(db)
})

afterAll(async () => {
  for (const sync of syncs) sync.close()
  for (const socket of sockets) socket.disconnect()
  await db?.close()
})

describe.skipIf(urls.length < 2)('a crisis session across two processes joined by Redis', () => {
  it('a client cut off for 30 s while others draw on both processes catches up to exactly the room', async () => {
    const sessionId = await newSession(
      'Cluster: cut off',
      crowd.map((member) => ({ member })),
    )
    const report = await runCrisisScenario({
      urls,
      cookies: crowd.map((m) => m.cookie),
      sessionId,
      centre,
      cutoffMs: 30_000,
      strictOrder: false,
      readDatabase: async () =>
        new Map(
          [...(await databasePicture(sessionId))]
            .filter(([, row]) => !row.deleted)
            .map(([id, row]) => [id, row.version]),
        ),
    })
    expect(report.clients).toBe(20)
    expect(report.deliveries).toBeGreaterThanOrEqual(report.firstRound * 19)
    expect(report.caughtUp).toBeGreaterThan(0)
    expect(report.finalSeq).toBe(await roomSeq(sessionId))
  }, 180_000)

  describe('twenty sync engines, ten on each process', () => {
    let sessionId: string
    let people: Participant[]

    beforeAll(async () => {
      if (urls.length < 2) return
      sessionId = await newSession('Cluster: sync engines', [
        ...crowd.map((member) => ({ member })),
        { member: observer, role: 'observer' },
      ])
      people = crowd.map((member, i) => participant(member, urls[i % 2]!, sessionId, `client-${i + 1}`))
      await until(
        () => people.every((p) => p.sync.status() === 'connected'),
        () => `joins: ${people.map((p) => `${p.name} ${p.sync.status()}`).join(', ')}`,
      )
    })

    it('delivers every change to every other client exactly once and applies the seqs in order', async () => {
      const pushedBy = new Map<string, Participant>()
      for (const p of people)
        for (let k = 0; k < 3; k++) {
          const annotation = annotationNear(centre, random, `${p.name} #${k + 1}`)
          p.sync.push({ put: [annotation] })
          p.own.push(annotation.id)
          pushedBy.set(annotation.id, p)
        }
      await until(
        async () => {
          const seq = await roomSeq(sessionId)
          return seq === 60 && people.every((p) => settled(p, seq))
        },
        () =>
          `all at seq 60: ${people.map((p) => `${p.name} ${p.sync.seq()}/${p.sync.pendingCount()}`).join(', ')}`,
      )
      for (const p of people) {
        expect(p.refused, `${p.name}'s refusals`).toEqual([])
        expect(checkAppliedInOrder(p)).toBe(60)
        // Raw deliveries: each other client's change once, never one's own.
        const counts = new Map<number, number>()
        for (const seq of p.received) counts.set(seq, (counts.get(seq) ?? 0) + 1)
        expect(
          [...counts.values()].every((n) => n === 1),
          `${p.name} received a seq twice`,
        ).toBe(true)
        expect(p.received.length, `${p.name}'s deliveries`).toBe(57)
        // As applied: every annotation of the others came as a remote change, once.
        const remote = p.applied.flatMap((a) => (a.source === 'remote' ? a.ids : []))
        expect(new Set(remote).size).toBe(remote.length)
        expect(remote.sort()).toEqual([...pushedBy.keys()].filter((id) => pushedBy.get(id) !== p).sort())
      }
      const picture = await databasePicture(sessionId)
      expect(picture.size).toBe(60)
      for (const p of people) expect(pictureOf(p), `${p.name}'s picture`).toEqual(picture)
    })

    it('applies one opId once though it was pushed to both processes', async () => {
      const [a, b] = [people[0]!, people[1]!]
      expect([a.url, b.url]).toEqual([urls[0], urls[1]])
      // The same user on the other process, as a client whose retry went through another route.
      const twin = openSocket(urls[1]!, a.member.cookie)
      await connected(twin)
      const joined = (await twin.timeout(20_000).emitWithAck('session:join', { sessionId })) as JoinAck
      expect(joined.ok).toBe(true)
      const before = await roomSeq(sessionId)
      const annotation: Annotation = annotationNear(centre, random, 'twice')
      const opId = crypto.randomUUID()
      const push = { opId, change: { put: [annotation], remove: [] } }
      const answers = (await Promise.all([
        a.socket.timeout(20_000).emitWithAck('annotation:push', push),
        twin.timeout(20_000).emitWithAck('annotation:push', push),
      ])) as SeqAck[]
      expect(answers).toMatchObject([
        { ok: true, seq: before + 1 },
        { ok: true, seq: before + 1 },
      ])
      await until(
        () => people.slice(1).every((p) => p.sync.seq() === before + 1),
        () => 'everyone at the new seq',
      )
      expect(await roomSeq(sessionId)).toBe(before + 1)
      const [changes] = await db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM session_changes WHERE session_id = ${sessionId}::uuid AND op_id = ${opId}`,
      )
      expect(changes!.n).toBe(1)
      expect(b.received.filter((seq) => seq === before + 1)).toEqual([before + 1])
      a.own.push(annotation.id)
      twin.disconnect()
      // The raw pushes went around the sync engine of `a`; a fresh join tells it of its own change.
      a.sync.attach(a.socket)
      await until(
        () => settled(a, before + 1),
        () => `${a.name} at ${before + 1}`,
      )
    })

    it('refuses an invalid geometry and an observer, and nothing changes', async () => {
      const before = await roomSeq(sessionId)
      const picture = await databasePicture(sessionId)
      const drawer = people[1]!
      const bowtie: Annotation = {
        id: crypto.randomUUID(),
        kind: 'polygon',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [centre[0], centre[1]],
              [centre[0] + 0.01, centre[1] + 0.01],
              [centre[0] + 0.01, centre[1]],
              [centre[0], centre[1] + 0.01],
              [centre[0], centre[1]],
            ],
          ],
        },
        properties: { label: 'Självkorsande' },
      }
      const invalid = (await drawer.socket.timeout(20_000).emitWithAck('annotation:push', {
        opId: crypto.randomUUID(),
        change: { put: [bowtie], remove: [] },
      })) as SeqAck
      expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_failed' } })

      const watcher = openSocket(urls[1]!, observer.cookie)
      await connected(watcher)
      const joined = (await watcher.timeout(20_000).emitWithAck('session:join', { sessionId })) as JoinAck
      expect(joined.ok).toBe(true)
      const refused = (await watcher.timeout(20_000).emitWithAck('annotation:push', {
        opId: crypto.randomUUID(),
        change: { put: [annotationNear(centre, random, 'observer')], remove: [] },
      })) as SeqAck
      expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      watcher.disconnect()

      expect(await roomSeq(sessionId)).toBe(before)
      expect(await databasePicture(sessionId)).toEqual(picture)
      for (const p of people) expect(p.sync.seq(), `${p.name}'s seq`).toBe(before)
    })

    it('moves the clients of a killed process to the other, and every client ends with the database', async () => {
      const [survivor, doomed] = [urls[0]!, urls[1]!]
      const doomedPid = pids[1]!
      expect(doomedPid).toBeGreaterThan(0)
      const movers = people.filter((p) => p.url === doomed)
      // Like a browser behind a load balancer: a lost connection comes back on a process that lives.
      for (const p of movers) p.socket.once('disconnect', () => moveTo(p, survivor))

      let drawing = true
      let changes = 0
      const draw = async (p: Participant) => {
        while (drawing) {
          const pick = random()
          // Each draws, changes and deletes only its own annotations, so no change meets another's
          // delete and every one of them must be applied.
          if (pick < 0.5 || p.own.length === 0) {
            const annotation = annotationNear(centre, random, `${p.name} drawing`)
            p.sync.push({ put: [annotation] })
            p.own.push(annotation.id)
          } else if (pick < 0.8) {
            const id = p.own[Math.floor(random() * p.own.length)]!
            p.sync.push({ put: [{ ...annotationNear(centre, random, `${p.name} moved`), id }] })
          } else {
            const [id] = p.own.splice(Math.floor(random() * p.own.length), 1)
            p.sync.remove([id!])
          }
          changes++
          await new Promise((r) => setTimeout(r, 150 + random() * 300))
        }
      }
      const drawers = people.map(draw)
      await until(
        () => changes >= 60,
        () => `drawing before the kill: ${changes} changes`,
      )
      process.kill(doomedPid, 'SIGKILL')
      await until(
        () => movers.every((p) => p.url === survivor && p.sync.status() === 'connected'),
        () => `moved: ${movers.map((p) => `${p.name} ${p.url} ${p.sync.status()}`).join(', ')}`,
      )
      const afterMove = changes
      await until(
        () => changes >= afterMove + 60,
        () => `drawing after the move: ${changes - afterMove} changes`,
      )
      drawing = false
      await Promise.all(drawers)

      await until(
        async () => {
          const seq = await roomSeq(sessionId)
          return people.every((p) => settled(p, seq))
        },
        () =>
          `settled: ${people.map((p) => `${p.name} ${p.sync.seq()}/${p.sync.pendingCount()}/${p.sync.status()}`).join(', ')}`,
        60_000,
      )
      const picture = await databasePicture(sessionId)
      const seq = await roomSeq(sessionId)
      for (const p of people) {
        expect(JSON.stringify(p.refused), `${p.name}'s refusals`).toEqual('[]')
        expect(checkAppliedInOrder(p)).toBe(seq)
        expect(pictureOf(p), `${p.name}'s picture`).toEqual(picture)
        expect(p.sync.seq()).toBe(seq)
      }
      // Every change made was applied once: one history row per seq, and as many as were made.
      const [history] = await db.query<{ n: number; max: number | string }>(
        sql`SELECT count(*)::int AS n, max(seq) AS max FROM session_changes WHERE session_id = ${sessionId}::uuid`,
      )
      expect(Number(history!.max)).toBe(seq)
      expect(history!.n).toBe(seq)
      expect(seq).toBe(61 + changes)
    }, 180_000)
  })
})
