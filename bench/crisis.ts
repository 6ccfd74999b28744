/**
 * The live crisis session under load, each part against a bare socket.io relay (`bench/relay.ts`)
 * measured in the same run:
 *
 * - Drawing together: 100 signed-in users, each on a socket of their own in one session, each
 *   pushing a point annotation every 2 s (starts staggered across the 2 s). Measured: the time from
 *   a push to its receipt at every other client (`annotation:applied`), the time to the push's ack,
 *   and pushes per second. The relay gets the same 100 clients' pushes; the two run in alternating
 *   rounds, so a neighbour's load on a shared machine falls on both.
 * - Joining a session of 5,000 annotations (mixed kinds, filled in pushes of 500): the time of a
 *   full `session:join` (no `sinceSeq`), against the relay answering the same join with the same
 *   answer held in memory, so the baseline moves the same bytes through socket.io and the
 *   difference is the server's own work (access, SQL, building the records).
 *
 * Clients and servers share this process (and its event loop), so a receiver reads the push's send
 * time from a shared map by annotation id.
 */
import { randomUUID } from 'node:crypto'
import { loadavg } from 'node:os'
import { sql } from 'drizzle-orm'
import { io as connect, type Socket } from 'socket.io-client'
import type { Annotation, AnnotationKind } from '../common/crisis.ts'
import type { ClientToServerEvents, JoinAck, ServerToClientEvents } from '../common/crisis-events.ts'
import { defaultEscalationLevels } from '../common/domain.ts'
import type { Database } from '../db/client.ts'
import { createApp } from '../server/app.ts'
import { SessionRooms } from '../server/crisis/session-room.ts'
import { createRateLimits } from '../server/http/security.ts'
import { createCrowd } from '../server/testing/crowd.ts'
import { startLiveServer } from '../server/testing/live-server.ts'
import { signIn } from '../server/testing/sign-in.ts'
import { startBareRelay } from './relay.ts'
import { ratio, summarise } from './support.ts'

type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>

/** Where the clients of one run connect: a server, one cookie per user (none for the relay), a session. */
export interface Room {
  url: string
  cookies: readonly (string | undefined)[]
  sessionId: string
}

export interface CrisisBenchSettings {
  clients: number
  pushIntervalMs: number
  /** Rounds per target (real server, relay), alternating. */
  rounds: number
  secondsPerRound: number
  joinAnnotations: number
  joinRuns: number
}

const defaults: CrisisBenchSettings = {
  clients: 100,
  pushIntervalMs: 2_000,
  rounds: 3,
  secondsPerRound: 12,
  joinAnnotations: 5_000,
  joinRuns: 20,
}

/** Where the clients draw: a point inside the municipality, read from the database at the start. */
let town: [number, number] = [16.1826, 58.5877]

const jitter = (spread: number) => (Math.random() - 0.5) * 2 * spread
const near = (spread = 0.04): [number, number] => [
  Math.round((town[0] + jitter(spread)) * 1e6) / 1e6,
  Math.round((town[1] + jitter(spread / 2)) * 1e6) / 1e6,
]

/** A ring of `vertices` points around a centre, closed, counter-clockwise. */
function ring(centre: [number, number], radiusDeg: number, vertices: number): [number, number][] {
  const points: [number, number][] = []
  for (let i = 0; i < vertices; i++) {
    const a = (2 * Math.PI * i) / vertices
    points.push([
      Math.round((centre[0] + radiusDeg * 2 * Math.cos(a)) * 1e6) / 1e6,
      Math.round((centre[1] + radiusDeg * Math.sin(a)) * 1e6) / 1e6,
    ])
  }
  points.push(points[0]!)
  return points
}

const symbols = ['road_closed', 'evacuation', 'shelter', 'fire', 'flood', 'medical', 'hazard'] as const

/** One annotation of the given kind, shaped as people draw them (a circle is a 64-gon). */
export function annotationOf(kind: AnnotationKind, i: number): Annotation {
  const id = randomUUID()
  const centre = near()
  switch (kind) {
    case 'point':
      return {
        id,
        kind,
        geometry: { type: 'Point', coordinates: centre },
        properties: { symbol: symbols[i % symbols.length], label: `Punkt ${i}` },
      }
    case 'text':
      return {
        id,
        kind,
        geometry: { type: 'Point', coordinates: centre },
        properties: { text: `Lägesanteckning ${i}`, fontSize: 14 },
      }
    case 'line':
      return {
        id,
        kind,
        geometry: {
          type: 'LineString',
          coordinates: Array.from({ length: 8 }, (_, k) => [
            centre[0] + k * 0.001,
            centre[1] + jitter(0.001),
          ]),
        },
        properties: { color: '#d9480f', width: 4, label: `Avspärrning ${i}` },
      }
    case 'polygon':
      return {
        id,
        kind,
        geometry: { type: 'Polygon', coordinates: [ring(centre, 0.004, 12)] },
        properties: { color: '#1971c2', fillOpacity: 0.2, label: `Område ${i}`, note: 'Drabbat område' },
      }
    case 'circle':
      return {
        id,
        kind,
        geometry: { type: 'Polygon', coordinates: [ring(centre, 0.003, 64)] },
        properties: { radius: 300, center: centre, color: '#2f9e44', label: `Zon ${i}` },
      }
    default: {
      const unknown: never = kind
      throw new Error(`no generator for ${String(unknown)}`)
    }
  }
}

const mixedKinds: readonly AnnotationKind[] = ['point', 'point', 'line', 'polygon', 'circle', 'text']

/** Opens one socket per cookie to `/live` and joins the room with each; resolves when all have joined. */
export async function openClients(room: Room): Promise<LiveClient[]> {
  const clients: LiveClient[] = []
  // Note: in batches, so that a hundred handshakes do not all queue behind each other's session lookup.
  for (let start = 0; start < room.cookies.length; start += 10) {
    const batch = room.cookies.slice(start, start + 10).map(async (cookie) => {
      const socket: LiveClient = connect(`${room.url}/live`, {
        transports: ['websocket'],
        extraHeaders: cookie ? { cookie } : {},
        reconnection: false,
        forceNew: true,
      })
      await new Promise<void>((resolve, reject) => {
        socket.once('connect', () => resolve())
        socket.once('connect_error', (err) => reject(new Error(`connect to ${room.url}: ${err.message}`)))
      })
      await join(socket, room.sessionId)
      return socket
    })
    clients.push(...(await Promise.all(batch)))
  }
  return clients
}

async function join(socket: LiveClient, sessionId: string): Promise<JoinAck & { ok: true }> {
  const answer = await socket.timeout(60_000).emitWithAck('session:join', { sessionId })
  if (!answer.ok) throw new Error(`session:join refused: ${answer.error.message}`)
  return answer
}

export const closeClients = (clients: readonly LiveClient[]) => {
  for (const c of clients) c.disconnect()
}

/** What one round of drawing together collected. */
interface RoundSamples {
  pushes: number
  refused: number
  ackMs: number[]
  receiptMs: number[]
  expectedReceipts: number
  receipts: number
  duplicates: number
  seconds: number
  /** CPU time of this whole process (server, clients, database when embedded) over the round. */
  cpuMs: number
}

/**
 * Every client pushes a point every `intervalMs`, starts staggered across one interval, for
 * `seconds`; the first interval ramps up and is not measured. Resolves once every push's receipts
 * have arrived at all other clients, or 10 s after the last push.
 */
async function drawRound(clients: readonly LiveClient[], intervalMs: number, seconds: number) {
  const sentAt = new Map<string, number>()
  const receiptCount = new Map<string, number>()
  const samples: RoundSamples = {
    pushes: 0,
    refused: 0,
    ackMs: [],
    receiptMs: [],
    expectedReceipts: 0,
    receipts: 0,
    duplicates: 0,
    seconds,
    cpuMs: 0,
  }
  const listeners = clients.map((client) => {
    const onApplied: ServerToClientEvents['annotation:applied'] = (applied) => {
      const now = performance.now()
      for (const record of applied.change.put) {
        const t0 = sentAt.get(record.id)
        if (t0 === undefined) continue
        const seen = (receiptCount.get(record.id) ?? 0) + 1
        receiptCount.set(record.id, seen)
        if (seen > clients.length - 1) samples.duplicates++
        else {
          samples.receipts++
          samples.receiptMs.push(now - t0)
        }
      }
    }
    client.on('annotation:applied', onApplied)
    return () => client.off('annotation:applied', onApplied)
  })

  const begin = performance.now()
  let cpuAtStart = process.cpuUsage()
  const measureFrom = begin + intervalMs
  const end = measureFrom + seconds * 1000
  let outstanding = 0
  const ramp = setTimeout(() => {
    cpuAtStart = process.cpuUsage()
  }, intervalMs)

  const push = (client: LiveClient, i: number) => {
    const annotation = annotationOf('point', i)
    const t0 = performance.now()
    const measured = t0 >= measureFrom
    if (measured) sentAt.set(annotation.id, t0)
    outstanding++
    client.emit(
      'annotation:push',
      { opId: randomUUID(), change: { put: [annotation], remove: [] } },
      (ack) => {
        const ms = performance.now() - t0
        outstanding--
        if (!measured) return
        samples.pushes++
        if (ack.ok) {
          samples.ackMs.push(ms)
          samples.expectedReceipts += clients.length - 1
        } else {
          samples.refused++
          sentAt.delete(annotation.id)
        }
      },
    )
  }

  await Promise.all(
    clients.map(async (client, c) => {
      let next = begin + (c / clients.length) * intervalMs
      for (let k = 0; next < end; k++, next += intervalMs) {
        const wait = next - performance.now()
        if (wait > 0) await new Promise((r) => setTimeout(r, wait))
        push(client, k)
      }
    }),
  )
  clearTimeout(ramp)
  const cpu = process.cpuUsage(cpuAtStart)
  samples.cpuMs = (cpu.user + cpu.system) / 1000
  const drainDeadline = performance.now() + 10_000
  while (
    (outstanding > 0 || samples.receipts < samples.expectedReceipts) &&
    performance.now() < drainDeadline
  )
    await new Promise((r) => setTimeout(r, 20))
  for (const off of listeners) off()
  return samples
}

function report(rounds: RoundSamples[]) {
  const all = (pick: (r: RoundSamples) => number[]) => rounds.flatMap(pick)
  const sum = (pick: (r: RoundSamples) => number) => rounds.reduce((s, r) => s + pick(r), 0)
  const seconds = sum((r) => r.seconds)
  return {
    pushes: sum((r) => r.pushes),
    refused: sum((r) => r.refused),
    pushesPerSecond: Math.round((sum((r) => r.pushes) / seconds) * 10) / 10,
    receiptsPerSecond: Math.round(sum((r) => r.receipts) / seconds),
    receipts: { expected: sum((r) => r.expectedReceipts), received: sum((r) => r.receipts) },
    duplicates: sum((r) => r.duplicates),
    cpuMsPerPush:
      Math.round(
        (sum((r) => r.cpuMs) /
          Math.max(
            1,
            sum((r) => r.pushes),
          )) *
          100,
      ) / 100,
    pushToReceiptMs: summarise(all((r) => r.receiptMs)),
    ackMs: summarise(all((r) => r.ackMs)),
  }
}

/** Drawing together on `server` and on a bare relay, in alternating rounds. */
export async function benchDrawing(server: Room, settings: Partial<CrisisBenchSettings> = {}) {
  const s = { ...defaults, ...settings }
  const relay = await startBareRelay()
  const onServer = await openClients(server)
  const onRelay = await openClients({
    url: relay.url,
    cookies: server.cookies.map(() => undefined),
    sessionId: server.sessionId,
  }).catch(async (err) => {
    closeClients(onServer)
    throw err
  })
  try {
    const rounds = { server: [] as RoundSamples[], relay: [] as RoundSamples[] }
    for (let round = 0; round < s.rounds; round++) {
      // Note: each round starts with the other target, so neither always runs right after the other's load.
      const order = round % 2 === 0 ? (['relay', 'server'] as const) : (['server', 'relay'] as const)
      for (const target of order)
        rounds[target].push(
          await drawRound(target === 'server' ? onServer : onRelay, s.pushIntervalMs, s.secondsPerRound),
        )
    }
    const real = report(rounds.server)
    const bare = report(rounds.relay)
    return {
      clients: s.clients,
      pushIntervalMs: s.pushIntervalMs,
      secondsMeasured: s.rounds * s.secondsPerRound,
      baseline:
        'a bare socket.io relay on its own port: the same clients and events; it acks annotation:push and sends the records to the rest of the room, with no validation and no database',
      cpuMsPerPushIs:
        'CPU time of the bench process (clients, server, and the database when it is PGlite) per push; PostgreSQL works in processes of its own',
      server: real,
      bareRelay: bare,
      serverOverRelay: {
        pushToReceiptP50: ratio(real.pushToReceiptMs.p50, bare.pushToReceiptMs.p50),
        pushToReceiptP99: ratio(real.pushToReceiptMs.p99, bare.pushToReceiptMs.p99),
        ackP50: ratio(real.ackMs.p50, bare.ackMs.p50),
      },
    }
  } finally {
    closeClients(onServer)
    closeClients(onRelay)
    await relay.close()
  }
}

/** Fills a session with `count` annotations of mixed kinds, in changes of at most 500; returns the seq. */
export async function fillSession(client: LiveClient, count: number): Promise<number> {
  let seq = 0
  for (let done = 0; done < count; ) {
    const size = Math.min(500, count - done)
    const put = Array.from({ length: size }, (_, k) =>
      annotationOf(mixedKinds[(done + k) % mixedKinds.length]!, done + k),
    )
    const ack = await client
      .timeout(120_000)
      .emitWithAck('annotation:push', { opId: randomUUID(), change: { put, remove: [] } })
    if (!ack.ok) throw new Error(`filling the session was refused: ${ack.error.message}`)
    seq = ack.seq
    done += size
  }
  return seq
}

async function timeJoin(client: LiveClient, sessionId: string) {
  const t0 = performance.now()
  const answer = await join(client, sessionId)
  return { ms: performance.now() - t0, answer }
}

/**
 * Full joins of a session holding `settings.joinAnnotations` annotations: the real server against
 * the relay answering the same JoinAck, alternating run by run.
 */
export async function benchJoin(server: Room, settings: Partial<CrisisBenchSettings> = {}) {
  const s = { ...defaults, ...settings }
  const relay = await startBareRelay()
  const [onServer] = await openClients({ ...server, cookies: server.cookies.slice(0, 1) })
  const [onRelay] = await openClients({
    url: relay.url,
    cookies: [undefined],
    sessionId: server.sessionId,
  }).catch(() => [undefined])
  try {
    if (!onServer || !onRelay) throw new Error('no client for the join bench')
    const fillStarted = performance.now()
    const seq = await fillSession(onServer, s.joinAnnotations)
    const fillMs = performance.now() - fillStarted
    const first = await timeJoin(onServer, server.sessionId)
    relay.answerJoinWith(first.answer)
    await timeJoin(onRelay, server.sessionId)
    const serverMs: number[] = []
    const relayMs: number[] = []
    for (let run = 0; run < s.joinRuns; run++) {
      if (run % 2 === 0) {
        serverMs.push((await timeJoin(onServer, server.sessionId)).ms)
        relayMs.push((await timeJoin(onRelay, server.sessionId)).ms)
      } else {
        relayMs.push((await timeJoin(onRelay, server.sessionId)).ms)
        serverMs.push((await timeJoin(onServer, server.sessionId)).ms)
      }
    }
    const real = summarise(serverMs)
    const bare = summarise(relayMs)
    return {
      annotations: first.answer.annotations.length,
      seq,
      fillMs: Math.round(fillMs),
      fillPushes: Math.ceil(s.joinAnnotations / 500),
      answerBytes: Buffer.byteLength(JSON.stringify(first.answer)),
      baseline:
        'the bare relay answering session:join with the same JoinAck held in memory (same bytes, same transport)',
      serverJoinMs: real,
      bareRelayJoinMs: bare,
      serverOverRelay: { p50: ratio(real.p50, bare.p50), p95: ratio(real.p95, bare.p95) },
    }
  } finally {
    onServer?.disconnect()
    onRelay?.disconnect()
    await relay.close()
  }
}

/**
 * The whole crisis bench over `db`: the real app and `/live` on an ephemeral port, `clients`
 * signed-in users (a crowd of analysts, who may draw) invited to a new session by the krisledare.
 */
export async function benchCrisis(db: Database, kommun: string, settings: Partial<CrisisBenchSettings> = {}) {
  const s = { ...defaults, ...settings }
  const load1m = loadavg()[0]
  const [inside] = await db.query<{ x: number; y: number }>(
    sql`SELECT ST_X(p) AS x, ST_Y(p) AS y
      FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE kind = 'municipality' LIMIT 1) m`,
  )
  if (inside) town = [Number(inside.x), Number(inside.y)]
  const errors: unknown[] = []
  const rooms = new SessionRooms({ db, escalationLevels: defaultEscalationLevels })
  // Note: limits far above the bench's own writes; the bench measures the room, not the limiter.
  const limits = createRateLimits({ writesPerMinute: 1_000_000, loginAttemptsPer15Min: 1_000_000 })
  const log = (err: unknown) => errors.push(err)
  const app = createApp({ db, config: { kommun }, rooms, limits, log })
  const server = await startLiveServer(app, db, [], { rooms, log })
  try {
    const crowd = await createCrowd(db, s.clients, { prefix: 'bench' })
    const chair = await signIn(app, 'krisledare')
    const newSession = async (title: string, invited: typeof crowd) => {
      const res = await app.request('/api/sessions', {
        method: 'POST',
        headers: { cookie: chair, 'content-type': 'application/json' },
        body: JSON.stringify({ title, participants: invited.map((m) => ({ userId: m.id })) }),
      })
      if (res.status !== 201) throw new Error(`creating the bench session: ${res.status} ${await res.text()}`)
      return ((await res.json()) as { session: { id: string } }).session.id
    }
    const stamp = new Date().toISOString()
    const drawing = await benchDrawing(
      {
        url: server.url,
        cookies: crowd.map((m) => m.cookie),
        sessionId: await newSession(`Bench: ${s.clients} drawing (${stamp})`, crowd),
      },
      s,
    )
    const join = await benchJoin(
      {
        url: server.url,
        cookies: crowd.slice(0, 1).map((m) => m.cookie),
        sessionId: await newSession(`Bench: join of ${s.joinAnnotations} (${stamp})`, crowd.slice(0, 1)),
      },
      s,
    )
    if (errors.length > 0) throw new Error(`the server logged errors: ${errors.map(String).join('; ')}`)
    // Note: the machine may be shared; its load says how far the latencies are the bench's own.
    return { backend: db.kind, loadAverage1m: { before: load1m, after: loadavg()[0] }, drawing, join }
  } finally {
    await server.close()
  }
}
