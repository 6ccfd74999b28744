/**
 * Fifty readers at once: 50 keep-alive HTTP clients, signed in as a mix of roles, reading six kinds
 * of feature query (incidents in a box, critical assets, actors, districts, crime statistics, the
 * incident twin) for 30 s from the real server in a process of its own (`server/main.ts`), then
 * the same requests against a bare HTTP server that replays the bodies recorded from the real one
 * (same bytes, same compression), measured in the same run as the baseline.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { Agent, createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Database, openDatabase } from '../db/client.ts'
import { ensurePgliteSnapshot, TEST_DEMO_PASSWORD, TEST_KOMMUN } from '../db/testing/test-database.ts'
import { incidentFeaturesRequest } from './features.ts'
import { freePort, ratio, summarise } from './support.ts'

export const LOAD_CLIENTS = 50
export const LOAD_SECONDS = 30

const ROLES = ['lasare', 'planerare', 'polis', 'analytiker', 'krisledare'] as const
type User = (typeof ROLES)[number]
/** Roles cleared for the incident points; the others read the twin in their place. */
const cleared: Record<User, boolean> = {
  lasare: false,
  planerare: false,
  polis: true,
  analytiker: true,
  krisledare: true,
}

const Kind = {
  incidents: 'incidents',
  criticalAssets: 'criticalAssets',
  actors: 'actors',
  districts: 'districts',
  crimeStatistics: 'crimeStatistics',
  twin: 'twin',
} as const
type Kind = (typeof Kind)[keyof typeof Kind]
const kinds = Object.values(Kind)

interface Reply {
  status: number
  headers: Record<string, string>
  body: Buffer
}

/** One keep-alive connection per client, as fifty browsers would hold. */
function get(agent: Agent, port: number, path: string, cookie: string, timeoutMs = 30_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { cookie, 'accept-encoding': 'gzip' } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const headers: Record<string, string> = {}
          for (const h of ['content-type', 'content-encoding'])
            if (res.headers[h]) headers[h] = String(res.headers[h])
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
        })
        res.on('error', reject)
      },
    )
    req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

async function signInOver(port: number, username: User): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: TEST_DEMO_PASSWORD }),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${username}: HTTP ${res.status} ${await res.text()}`)
  return res.headers.get('set-cookie')!.split(';')[0]!
}

/** The path a client of `role` asks for a kind of query; `variant` spreads the twin's filters. */
function pathFor(kind: Kind, role: User, incidentsPath: string, variant: number): string {
  const twinFilters = [
    '',
    '&from=2025-03-01&to=2025-04-01',
    '&category=crime',
    '&from=2025-01-01&to=2026-01-01',
  ]
  const twin = `/api/layers/incident-hexagons/features?limit=10000${twinFilters[variant % twinFilters.length]}`
  switch (kind) {
    case Kind.incidents:
      return cleared[role]
        ? incidentsPath
        : '/api/layers/incident-hexagons/features?limit=10000&category=fire'
    case Kind.criticalAssets:
      return '/api/layers/critical-assets/features?limit=1000'
    case Kind.actors:
      return '/api/layers/actors/features?limit=1000'
    case Kind.districts:
      return '/api/layers/districts/features'
    case Kind.crimeStatistics:
      return '/api/layers/crime-statistics/features?from=2025-01-01&to=2026-01-01'
    case Kind.twin:
      return twin
    default: {
      const never: never = kind
      throw new Error(`unknown kind ${never}`)
    }
  }
}

interface Client {
  role: User
  cookie: string
  agent: Agent
}

interface Sample {
  kind: Kind
  ms: number
  ok: boolean
}

/** Every client asks the six kinds in turn, starting at a different one, until the time is up. */
async function drive(port: number, clients: Client[], incidentsPath: string, seconds: number) {
  const deadline = performance.now() + seconds * 1000
  const samples: Sample[] = []
  const failures = new Map<string, number>()
  const started = performance.now()
  await Promise.all(
    clients.map(async (client, i) => {
      for (let n = i; performance.now() < deadline; n++) {
        const kind = kinds[n % kinds.length]!
        const path = pathFor(kind, client.role, incidentsPath, Math.floor(n / kinds.length) + i)
        const t0 = performance.now()
        let ok = false
        try {
          const res = await get(client.agent, port, path, client.cookie)
          ok = res.status === 200
          if (!ok) failures.set(`HTTP ${res.status}`, (failures.get(`HTTP ${res.status}`) ?? 0) + 1)
        } catch (err) {
          const key = (err as Error).message
          failures.set(key, (failures.get(key) ?? 0) + 1)
        }
        samples.push({ kind, ms: performance.now() - t0, ok })
      }
    }),
  )
  const elapsed = (performance.now() - started) / 1000
  const byKind = Object.fromEntries(
    kinds.map((k) => {
      const ms = samples.filter((s) => s.kind === k).map((s) => s.ms)
      return [k, { n: ms.length, ...pick(summarise(ms)) }]
    }),
  )
  return {
    requests: samples.length,
    requestsPerSecond: Math.round(samples.length / elapsed),
    errors: samples.filter((s) => !s.ok).length,
    failures: Object.fromEntries(failures),
    latencyMs: summarise(samples.map((s) => s.ms)),
    byKind,
  }
}

const pick = ({ p50, p95, p99, max }: ReturnType<typeof summarise>) => ({ p50, p95, p99, max })

/** A server that answers each (cookie, path) with the bytes the real server gave. */
function replayServer(recorded: Map<string, Reply>): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = recorded.get(`${req.headers.cookie} ${req.url}`)
    if (!reply) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(reply.status, { ...reply.headers, 'content-length': reply.body.length })
    res.end(reply.body)
  })
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)))
}

async function startServer(env: Record<string, string>): Promise<{ port: number; child: ChildProcess }> {
  const port = await freePort()
  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    LOG_LEVEL: 'silent',
    KOMMUN: TEST_KOMMUN,
    DEMO_PASSWORD: TEST_DEMO_PASSWORD,
    ...env,
  }
  // Note: one process, no Redis; and no DATABASE_URL for PGlite (an empty one is not a URL).
  delete childEnv.REDIS_URL
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: childEnv,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  let exited = false
  child.once('exit', () => {
    exited = true
  })
  const t0 = performance.now()
  for (;;) {
    if (exited) throw new Error('the server exited before it became healthy')
    if (performance.now() - t0 > 180_000) throw new Error('server did not become healthy in 180 s')
    const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { port, child }
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * `db` is the benchmark's own handle on the same database, used only to find a box of about 1,000
 * incidents; on PGlite the server gets a copy of the snapshot in a data directory of its own.
 */
export async function benchLoad(db: Database, seconds = LOAD_SECONDS, concurrency = LOAD_CLIENTS) {
  const { path: incidentsPath, count } = await incidentFeaturesRequest(db)
  let dir: string | undefined
  let env: Record<string, string>
  if (db.kind === 'pglite') {
    dir = mkdtempSync(join(tmpdir(), 'lagesbild-load-'))
    const copy = await openDatabase({
      dataDir: join(dir, 'pglite'),
      snapshot: new Blob([readFileSync(await ensurePgliteSnapshot())]),
    })
    await copy.close()
    env = { DATA_DIR: dir }
  } else {
    env = { DATABASE_URL: db.url!, DATA_DIR: mkdtempSync(join(tmpdir(), 'lagesbild-load-')) }
    dir = env.DATA_DIR
  }
  const { port, child } = await startServer(env)
  let replay: Server | undefined
  try {
    const cookies = new Map<User, string>()
    for (const role of ROLES) cookies.set(role, await signInOver(port, role))
    const clients: Client[] = Array.from({ length: concurrency }, (_, i) => {
      const role = ROLES[i % ROLES.length]!
      return { role, cookie: cookies.get(role)!, agent: new Agent({ keepAlive: true, maxSockets: 1 }) }
    })
    // Every distinct request once, recorded for the replay; it also warms the server as a first
    // visitor of the day would (the twin's first computations are in `firstRequests`).
    const recorded = new Map<string, Reply>()
    const firstMs: Record<string, number> = {}
    const agent = new Agent({ keepAlive: true, maxSockets: 1 })
    for (const role of ROLES)
      for (const kind of kinds)
        for (let v = 0; v < 4; v++) {
          const path = pathFor(kind, role, incidentsPath, v)
          const key = `${cookies.get(role)} ${path}`
          if (recorded.has(key)) continue
          const t0 = performance.now()
          const reply = await get(agent, port, path, cookies.get(role)!)
          if (kind === Kind.twin)
            firstMs[`${role} ${path.split('?')[1]}`] = Math.round(performance.now() - t0)
          if (reply.status !== 200) throw new Error(`${role} ${path}: HTTP ${reply.status} ${reply.body}`)
          recorded.set(key, reply)
        }
    // The twin's cost to one client alone, asked the same question again and again.
    const twinAlone: Record<string, ReturnType<typeof summarise>> = {}
    for (const role of ['lasare', 'krisledare'] as const) {
      const path = pathFor(Kind.twin, role, incidentsPath, 1)
      const ms: number[] = []
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now()
        await get(agent, port, path, cookies.get(role)!)
        ms.push(performance.now() - t0)
      }
      twinAlone[role] = summarise(ms)
    }
    agent.destroy()
    const server = await drive(port, clients, incidentsPath, seconds)
    for (const c of clients) c.agent.destroy()
    replay = await replayServer(recorded)
    const replayPort = (replay.address() as AddressInfo).port
    const replayClients = clients.map((c) => ({ ...c, agent: new Agent({ keepAlive: true, maxSockets: 1 }) }))
    const baseline = await drive(replayPort, replayClients, incidentsPath, seconds)
    for (const c of replayClients) c.agent.destroy()
    return {
      backend: db.kind,
      clients: concurrency,
      seconds,
      incidentsInBbox: count,
      distinctRequests: recorded.size,
      twinFirstRequestMs: firstMs,
      twinAloneMs: twinAlone,
      server,
      baselineReplayFromMemory: baseline,
      ratio: {
        requestsPerSecond: ratio(baseline.requestsPerSecond, server.requestsPerSecond),
        p99: ratio(server.latencyMs.p99, baseline.latencyMs.p99),
      },
    }
  } finally {
    replay?.close()
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
    }
    if (dir) rmSync(dir, { recursive: true, force: true })
  }
}
