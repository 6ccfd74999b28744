/**
 * The crisis session's "done when" scenario, runnable against any list of server URLs: one process
 * (the realtime suite), or several joined by Redis (`npm run test:cluster`).
 *
 * Every client joins one session and draws; every change each one pushes must reach each other
 * client exactly once (and, on one process, in seq order); then one client is cut off while the
 * others keep drawing (adding, changing and deleting), reconnects with the last seq it saw, and must
 * end with exactly the annotations (ids and versions) that the others hold and that a fresh join
 * reads from the database. Failures throw `AssertionError`s that say which client missed what.
 *
 * `RoomClient` is a deliberately plain mirror of a room (id → version, tombstones), so the check
 * does not depend on the client's own sync engine.
 */
import assert from 'node:assert/strict'
import { randomUUID } from 'node:crypto'
import { io as connect, type Socket } from 'socket.io-client'
import type { Annotation, AnnotationRecord } from '../../common/crisis.ts'
import type { JoinAck, SeqAck } from '../../common/crisis-events.ts'

export type JoinAnswer = Extract<JoinAck, { ok: true }>

export interface AppliedEvent {
  seq: number
  by: string
  put: AnnotationRecord[]
  remove: string[]
}

/** How long a gap in the seqs may last before the client joins again from the last seq it has. */
const GAP_RESYNC_MS = 1500

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Resolves `ack` answers with a time limit, so a lost ack fails the scenario instead of hanging it. */
function call<T>(socket: Socket, event: string, payload: unknown, timeoutMs = 20_000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>
}

/** A socket.io client of `/live` that keeps a minimal picture of the room it joined. */
export class RoomClient {
  socket: Socket
  /** Every `annotation:applied` this client received, in arrival order. */
  readonly applied: AppliedEvent[] = []
  /** The seqs of this client's own changes, from their acks. */
  readonly own: number[] = []
  /** id → the latest version seen and whether it is a tombstone. */
  readonly annotations = new Map<string, { version: number; deleted: boolean }>()
  /** Seqs this client knows of: from its join, its own acks and broadcasts. */
  private readonly known = new Set<number>()
  /** The seq of the last join: everything up to it came with the join. */
  joinedAt = 0
  /** How often this client reconnected; broadcasts are checked only over one unbroken connection. */
  reconnections = 0
  /**
   * How often a gap in the seqs did not fill and the client joined again from the last seq it had
   * (as the sync engine does). Across processes a process can die between COMMIT and broadcast; on
   * one process a resync means a broadcast was lost, which the scenario counts as a failure.
   */
  resyncs = 0
  /** Pushes whose ack never came (the connection went): sent again, same opId, after reconnecting. */
  readonly unacked = new Map<string, { put?: Annotation[]; remove?: string[] }>()
  sessionId: string | undefined
  private readonly waiters = new Set<() => void>()

  private constructor(
    readonly name: string,
    socket: Socket,
  ) {
    this.socket = socket
    this.listen()
  }

  /** Connects to `url`'s `/live` with a session cookie; rejects on a refused handshake. */
  static async open(url: string, cookie: string, name: string): Promise<RoomClient> {
    return new RoomClient(name, await RoomClient.connectSocket(url, cookie))
  }

  private static connectSocket(url: string, cookie: string): Promise<Socket> {
    const socket = connect(`${url}/live`, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: false,
      forceNew: true,
    })
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve(socket))
      socket.once('connect_error', (err) => {
        socket.disconnect()
        reject(err)
      })
    })
  }

  private listen(): void {
    this.socket.on(
      'annotation:applied',
      (event: {
        seq: number
        change: { put: AnnotationRecord[]; remove: string[] }
        by: { username: string }
      }) => {
        this.applied.push({
          seq: event.seq,
          by: event.by.username,
          put: event.change.put,
          remove: event.change.remove,
        })
        this.learn(event.seq, event.change.put, event.change.remove)
      },
    )
  }

  get connected(): boolean {
    return this.socket.connected
  }

  /** The highest seq up to which this client has seen every change. */
  get contiguousSeq(): number {
    let seq = this.joinedAt
    while (this.known.has(seq + 1)) seq += 1
    return seq
  }

  private learn(
    seq: number,
    put: readonly { id: string; version?: number }[],
    remove: readonly string[],
  ): void {
    this.known.add(seq)
    // Note: the picture keeps the highest version of each id, so the order changes arrive in does
    // not matter for where it ends; the order itself is checked separately.
    for (const record of put) this.set(record.id, seq, false)
    for (const id of remove) this.set(id, seq, true)
    for (const wake of this.waiters) wake()
  }

  private set(id: string, version: number, deleted: boolean): void {
    const now = this.annotations.get(id)
    if (!now || now.version <= version) this.annotations.set(id, { version, deleted })
  }

  async join(sessionId: string, sinceSeq?: number): Promise<JoinAnswer> {
    const answer = await call<JoinAck>(this.socket, 'session:join', {
      sessionId,
      ...(sinceSeq === undefined ? {} : { sinceSeq }),
    })
    if (!answer.ok)
      throw new Error(`${this.name} could not join: ${answer.error.code} ${answer.error.message}`)
    this.sessionId = sessionId
    if (answer.reset) this.annotations.clear()
    for (const record of answer.annotations) this.set(record.id, record.version, record.deleted === true)
    this.known.clear()
    this.joinedAt = answer.seq
    for (const wake of this.waiters) wake()
    return answer
  }

  /** Pushes a change under `opId` (a new one when absent) and learns its seq from the ack. */
  async push(
    change: { put?: Annotation[]; remove?: string[] },
    opId: string = randomUUID(),
  ): Promise<SeqAck> {
    this.unacked.set(opId, change)
    const answer = await call<SeqAck>(this.socket, 'annotation:push', {
      opId,
      change: { put: change.put ?? [], remove: change.remove ?? [] },
    })
    this.unacked.delete(opId)
    if (answer.ok) {
      this.own.push(answer.seq)
      this.learn(answer.seq, change.put ?? [], change.remove ?? [])
    }
    return answer
  }

  /** Whether a later seq is known while an earlier one is missing (not merely nothing new yet). */
  private hasGap(): boolean {
    const contiguous = this.contiguousSeq
    for (const seq of this.known) if (seq > contiguous + 1) return true
    return false
  }

  /** Waits until this client has seen every change up to `seq`, joining again when a gap persists. */
  async waitUntil(seq: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    let progress = { seq: this.contiguousSeq, at: Date.now() }
    while (this.contiguousSeq < seq) {
      if (this.contiguousSeq > progress.seq) progress = { seq: this.contiguousSeq, at: Date.now() }
      else if (
        this.hasGap() &&
        Date.now() - progress.at > GAP_RESYNC_MS &&
        this.sessionId &&
        this.connected
      ) {
        this.resyncs += 1
        await this.join(this.sessionId, this.contiguousSeq)
        progress = { seq: this.contiguousSeq, at: Date.now() }
        continue
      }
      const left = deadline - Date.now()
      if (left <= 0) {
        const missing = []
        for (let s = this.joinedAt + 1; s <= seq && missing.length < 20; s++)
          if (!this.known.has(s)) missing.push(s)
        throw new assert.AssertionError({
          message: `${this.name} never saw seqs ${missing.join(', ')} (up to ${seq})`,
        })
      }
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake)
          clearTimeout(timer)
          resolve()
        }
        const timer = setTimeout(wake, Math.min(left, 200))
        this.waiters.add(wake)
      })
    }
  }

  /** The live annotations: id → version, tombstones left out. */
  liveSet(): Map<string, number> {
    const live = new Map<string, number>()
    for (const [id, a] of [...this.annotations].sort(([x], [y]) => x.localeCompare(y)))
      if (!a.deleted) live.set(id, a.version)
    return live
  }

  /** Reconnects (to `url`, which may be another process) and catches up from the last seq seen. */
  async reconnect(url: string, cookie: string): Promise<JoinAnswer> {
    this.socket.disconnect()
    this.reconnections += 1
    this.socket = await RoomClient.connectSocket(url, cookie)
    this.listen()
    assert.ok(this.sessionId, `${this.name} had not joined a session`)
    const answer = await this.join(this.sessionId, this.contiguousSeq)
    for (const [opId, change] of [...this.unacked]) {
      const resent = await this.push(change, opId)
      assert.ok(
        resent.ok,
        `${this.name}'s change ${opId}, sent again, was refused: ${JSON.stringify(resent)}`,
      )
    }
    return answer
  }

  disconnect(): void {
    this.socket.disconnect()
  }
}

/** A small deterministic random generator, so a failing run can be repeated. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0
    return state / 2 ** 32
  }
}

/** A new annotation of a random kind within about two kilometres of `centre`. */
export function annotationNear(
  centre: readonly [number, number],
  random: () => number,
  label: string,
): Annotation {
  const x = centre[0] + (random() - 0.5) * 0.06
  const y = centre[1] + (random() - 0.5) * 0.03
  const d = 0.001 + random() * 0.002
  const pick = random()
  if (pick < 0.4)
    return {
      id: randomUUID(),
      kind: 'point',
      geometry: { type: 'Point', coordinates: [x, y] },
      properties: { label, symbol: 'hazard' },
    }
  if (pick < 0.7)
    return {
      id: randomUUID(),
      kind: 'polygon',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [x, y],
            [x + d, y],
            [x + d, y + d],
            [x, y + d],
            [x, y],
          ],
        ],
      },
      properties: { label, color: '#d62728', fillOpacity: 0.2 },
    }
  return {
    id: randomUUID(),
    kind: 'line',
    geometry: {
      type: 'LineString',
      coordinates: [
        [x, y],
        [x + d, y + d / 2],
        [x + 2 * d, y],
      ],
    },
    properties: { label, width: 3 },
  }
}

export interface ScenarioOptions {
  /** Server base URLs (`http://127.0.0.1:port`); client i connects to `urls[i % urls.length]`. */
  urls: readonly string[]
  /** One session cookie per client, each of a different user invited to the session. */
  cookies: readonly string[]
  sessionId: string
  /** A point inside the municipality to draw around. */
  centre: readonly [number, number]
  annotationsPerClient?: number
  /** How long the cut-off client stays away while the others draw (default 30 s). */
  cutoffMs?: number
  /** How often one of the others pushes a change while the client is away. */
  drawIntervalMs?: number
  /**
   * Whether broadcasts must arrive in seq order as sent. True for one process; across processes
   * the adapter may deliver two processes' broadcasts in either order, and only exactly-once holds.
   */
  strictOrder?: boolean
  /** Runs while the client is away, alongside the drawing (e.g. stops a process). */
  duringCutoff?: () => Promise<void>
  /** Where a client that lost its connection (the cut-off one among them) reconnects; default its own URL. */
  reconnectUrl?: (clientIndex: number) => string
  /** The live annotations straight from the database (id → version), compared at the end when given. */
  readDatabase?: () => Promise<Map<string, number>>
  random?: () => number
  log?: (message: string) => void
}

export interface ScenarioReport {
  clients: number
  /** Changes applied in the first round, all clients drawing at once. */
  firstRound: number
  /** Changes applied while the client was cut off. */
  duringCutoff: number
  /** Broadcasts received across all clients. */
  deliveries: number
  /** Rows the cut-off client received when it came back. */
  caughtUp: number
  finalSeq: number
  liveAnnotations: number
}

/** Checks that `client` received every other client's change after its join exactly once. */
function checkDeliveries(
  client: RoomClient,
  clients: readonly RoomClient[],
  events: readonly AppliedEvent[],
  untilSeq: number,
  strictOrder: boolean,
): void {
  const seqs = events.map((e) => e.seq)
  const own = new Set(client.own)
  const expected = clients
    .filter((other) => other !== client)
    .flatMap((other) => other.own)
    .filter((seq) => seq > client.joinedAt && seq <= untilSeq && !own.has(seq))
    .sort((a, b) => a - b)
  const received = seqs.filter((seq) => seq <= untilSeq)
  const counts = new Map<number, number>()
  for (const seq of received) counts.set(seq, (counts.get(seq) ?? 0) + 1)
  const twice = [...counts].filter(([, n]) => n > 1).map(([seq]) => seq)
  assert.deepEqual(twice, [], `${client.name} received seqs ${twice.join(', ')} more than once`)
  const ownEchoed = received.filter((seq) => own.has(seq))
  assert.deepEqual(ownEchoed, [], `${client.name} was sent its own changes ${ownEchoed.join(', ')}`)
  assert.deepEqual(
    [...received].sort((a, b) => a - b),
    expected,
    `${client.name} did not receive exactly the others' changes`,
  )
  if (strictOrder)
    assert.deepEqual(
      received,
      [...received].sort((a, b) => a - b),
      `${client.name} received changes out of seq order`,
    )
}

export async function runCrisisScenario(options: ScenarioOptions): Promise<ScenarioReport> {
  const {
    urls,
    cookies,
    sessionId,
    centre,
    annotationsPerClient = 3,
    cutoffMs = 30_000,
    drawIntervalMs = 500,
    strictOrder = urls.length === 1,
    log = () => {},
  } = options
  const random = options.random ?? seededRandom(20261120)
  assert.ok(urls.length > 0 && cookies.length >= 3, 'the scenario needs a URL and at least three clients')
  const urlOf = (i: number) => urls[i % urls.length]!
  const reconnectUrl = options.reconnectUrl ?? urlOf
  const clients = await Promise.all(
    cookies.map((cookie, i) => RoomClient.open(urlOf(i), cookie, `client-${i + 1}`)),
  )
  const verifier: RoomClient[] = []
  try {
    await Promise.all(clients.map((c) => c.join(sessionId)))
    const startSeq = Math.min(...clients.map((c) => c.joinedAt))
    log(`${clients.length} clients joined at seq ${startSeq}`)

    // Round one: everyone draws at once.
    const answers = await Promise.all(
      clients.flatMap((c, i) =>
        Array.from({ length: annotationsPerClient }, (_, k) =>
          c.push({ put: [annotationNear(centre, random, `${c.name} #${k + 1} (${i})`)] }),
        ),
      ),
    )
    for (const answer of answers) assert.ok(answer.ok, `a push was refused: ${JSON.stringify(answer)}`)
    const roundSeq = Math.max(...clients.flatMap((c) => c.own))
    await Promise.all(clients.map((c) => c.waitUntil(roundSeq)))
    for (const c of clients)
      if (c.resyncs === 0) checkDeliveries(c, clients, c.applied, roundSeq, strictOrder)
    log(`round one: ${answers.length} changes, each delivered once to every other client`)

    // The cut-off: the last client goes away while the others add, change and delete.
    const awayIndex = clients.length - 1
    const away = clients[awayIndex]!
    const others = clients.filter((c) => c !== away)
    const awayEvents = away.applied.length
    const awaySeq = away.contiguousSeq
    away.disconnect()
    const hook = options.duringCutoff?.()
    const deadline = Date.now() + cutoffMs
    let drawn = 0
    for (let k = 0; Date.now() < deadline; k++) {
      const drawer = others[k % others.length]!
      if (!drawer.connected) {
        await sleep(drawIntervalMs)
        continue
      }
      const live = [...drawer.liveSet().keys()]
      const pick = random()
      const target = live[Math.floor(random() * live.length)]
      const change =
        pick < 0.5 || !target
          ? { put: [annotationNear(centre, random, `${drawer.name} under cut-off #${k}`)] }
          : pick < 0.8
            ? { put: [{ ...annotationNear(centre, random, `${drawer.name} changed #${k}`), id: target }] }
            : { remove: [target] }
      // Note: a change of an annotation whose other kind of geometry the mirror does not know is
      // still a valid put: the room takes the whole annotation as it is sent.
      const answer = await drawer.push(change).catch((err: unknown) => ({ ok: false, error: String(err) }))
      if (answer.ok) drawn += 1
      else if (drawer.connected)
        assert.fail(`${drawer.name}'s change during the cut-off was refused: ${JSON.stringify(answer)}`)
      await sleep(drawIntervalMs)
    }
    await hook
    log(`cut-off: ${drawn} changes while ${away.name} was away`)

    // Everyone who lost the connection comes back (the cut-off client, and the clients of a process
    // stopped by the hook), catching up from the last seq seen.
    let caughtUp = 0
    for (const [i, c] of clients.entries()) {
      if (c.connected) continue
      const since = c.contiguousSeq
      const answer = await c.reconnect(reconnectUrl(i), cookies[i]!)
      for (const record of answer.annotations)
        assert.ok(
          record.version > since,
          `${c.name} was sent ${record.id} at version ${record.version}, not after ${since}`,
        )
      if (c === away) {
        caughtUp = answer.annotations.length
        assert.equal(since, awaySeq, 'the cut-off client rejoined from the seq it had seen')
      }
    }
    const finalSeq = Math.max(...clients.flatMap((c) => c.own), ...clients.map((c) => c.joinedAt))
    await Promise.all(clients.map((c) => c.waitUntil(finalSeq)))
    for (const c of others)
      if (c.reconnections === 0 && c.resyncs === 0)
        checkDeliveries(c, clients, c.applied, finalSeq, strictOrder)
    assert.equal(away.applied.length, awayEvents, 'the cut-off client received nothing while away')
    if (strictOrder)
      for (const c of clients)
        assert.equal(c.resyncs, 0, `${c.name} missed a broadcast and had to join again`)

    // The picture: every client, a fresh join (read from the database) and the database itself agree.
    const fresh = await RoomClient.open(reconnectUrl(0), cookies[0]!, 'verifier')
    verifier.push(fresh)
    await fresh.join(sessionId)
    const reference = fresh.liveSet()
    for (const c of clients)
      assert.deepEqual(c.liveSet(), reference, `${c.name}'s annotations differ from the room's`)
    if (options.readDatabase)
      assert.deepEqual(await options.readDatabase(), reference, 'the database differs from the room')
    return {
      clients: clients.length,
      firstRound: answers.length,
      duringCutoff: drawn,
      deliveries: clients.reduce((n, c) => n + c.applied.length, 0),
      caughtUp,
      finalSeq,
      liveAnnotations: reference.size,
    }
  } finally {
    for (const c of [...clients, ...verifier]) c.disconnect()
  }
}
