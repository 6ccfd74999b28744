/**
 * What accounts cost, in two parts, each against a baseline measured in the same run:
 *
 * - Sign-in: POST /api/auth/login through the real app (argon2id verify, session row and audit
 *   entry in one transaction, the new session read back) against the bare argon2 verify of the same
 *   stored hash, the two alternating sample by sample.
 * - The session guard on reads: the same features request through the full app with a session
 *   cookie, against the same `layerRoutes(db)` behind a middleware that sets a fixed access. A third
 *   variant puts the real guard, and nothing else, in front of the same routes, so the guard's share
 *   of the difference is told apart from the rest of the app's middleware (secure headers, Origin
 *   check, body limit, compression). All three run in rounds, interleaved, over one database.
 *
 * The requests go through `app.request`, in process and without HTTP, so that the guard's one SQL
 * lookup is not drowned by the cost of the connection.
 */
import { verify } from '@node-rs/argon2'
import { Hono } from 'hono'
import type { Database } from '../db/client.ts'
import { TEST_DEMO_PASSWORD } from '../db/testing/test-database.ts'
import { createApp } from '../server/app.ts'
import { credentialsOf } from '../server/auth/accounts.ts'
import { sessionOf } from '../server/auth/routes.ts'
import { type AppEnv, sessionGuard } from '../server/http/access.ts'
import { handleError } from '../server/http/errors.ts'
import { createRateLimits } from '../server/http/security.ts'
import { layerRoutes } from '../server/layers/routes.ts'
import { accessFor, signIn } from '../server/testing/sign-in.ts'
import { incidentFeaturesRequest } from './features.ts'
import { load, ratio, summarise } from './support.ts'

/** The krisledare (crisis manager) may read restricted incidents, so sees every incident in the box. */
const USERNAME = 'krisledare'

export interface AuthBenchSettings {
  signIns: number
  warmUpSignIns: number
  rounds: number
  secondsPerRound: number
  concurrencies: readonly number[]
}

const defaults: AuthBenchSettings = {
  signIns: 100,
  warmUpSignIns: 5,
  // Note: many short rounds rather than few long ones, so that a burst of load from a neighbour on a
  // shared machine lands on all three servings rather than on one.
  rounds: 6,
  secondsPerRound: 1,
  concurrencies: [1, 8],
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await work()
  return performance.now() - t0
}

async function benchSignIn(db: Database, kommun: string, settings: AuthBenchSettings) {
  // Note: a fresh limiter with limits far above the bench's sign-ins; the default one refuses the
  // hundred-and-first attempt from one address in 15 minutes.
  const limits = createRateLimits({ loginAttemptsPer15Min: 1_000_000, loginFailuresPer15Min: 1_000_000 })
  const app = createApp({ db, config: { kommun }, limits, log: () => {} })
  const account = await credentialsOf(db.orm, USERNAME)
  if (!account) throw new Error(`no account ${USERNAME} in the bench database`)
  const signInOnce = () => signIn(app, USERNAME)
  const verifyOnce = async () => {
    if (!(await verify(account.passwordHash, TEST_DEMO_PASSWORD)))
      throw new Error(`the stored hash of ${USERNAME} does not match the test demo password`)
  }
  for (let i = 0; i < settings.warmUpSignIns; i++) {
    await signInOnce()
    await verifyOnce()
  }
  const signInMs: number[] = []
  const verifyMs: number[] = []
  for (let i = 0; i < settings.signIns; i++) {
    // Note: alternating, and in turn which goes first, so that a neighbour's load on a shared
    // machine falls on both series alike.
    if (i % 2 === 0) {
      signInMs.push(await timed(signInOnce))
      verifyMs.push(await timed(verifyOnce))
    } else {
      verifyMs.push(await timed(verifyOnce))
      signInMs.push(await timed(signInOnce))
    }
  }
  const signInSummary = summarise(signInMs)
  const verifySummary = summarise(verifyMs)
  return {
    // The parameters part of the PHC string, e.g. m=19456,t=2,p=1.
    argon2: account.passwordHash.split('$')[3],
    signInMs: signInSummary,
    bareArgon2VerifyMs: verifySummary,
    signInOverBareVerify: {
      mean: ratio(signInSummary.mean, verifySummary.mean),
      p50: ratio(signInSummary.p50, verifySummary.p50),
      p95: ratio(signInSummary.p95, verifySummary.p95),
    },
  }
}

/** The three ways of serving the same layer routes, each a function from a path to a response. */
async function servings(db: Database, kommun: string) {
  const app = createApp({ db, config: { kommun }, log: () => {} })
  const cookie = await signIn(app, USERNAME)
  const quiet = (err: Error, c: Parameters<typeof handleError>[1]) => handleError(err, c, () => {})

  const guardOnly = new Hono<AppEnv>()
  guardOnly.onError(quiet)
  guardOnly.use('/api/*', sessionGuard(sessionOf(db)))
  guardOnly.route('/api/layers', layerRoutes(db))

  const fixed = accessFor('crisis', 'bench')
  const fixedAccess = new Hono<AppEnv>()
  fixedAccess.onError(quiet)
  fixedAccess.use('/api/*', async (c, next) => {
    c.set('access', fixed)
    await next()
  })
  fixedAccess.route('/api/layers', layerRoutes(db))

  const withCookie = { headers: { Cookie: cookie } }
  return {
    fullApp: async (path: string) => app.request(path, withCookie),
    guardOnly: async (path: string) => guardOnly.request(path, withCookie),
    fixedAccess: async (path: string) => fixedAccess.request(path),
  }
}

type Serving = keyof Awaited<ReturnType<typeof servings>>

async function benchGuard(db: Database, kommun: string, settings: AuthBenchSettings) {
  const incidents = await incidentFeaturesRequest(db)
  const requests = {
    incidentsAbout1000: incidents.path,
    municipalityLimit1: '/api/layers/municipality/features?limit=1',
  }
  const serve = await servings(db, kommun)
  const names = Object.keys(serve) as Serving[]

  const result: Record<string, unknown> = {
    incidentsInBbox: incidents.count,
    rounds: settings.rounds,
    secondsPerRound: settings.secondsPerRound,
  }
  for (const [label, path] of Object.entries(requests)) {
    // The same answer from all three, or the comparison is of different work.
    const bodies = await Promise.all(
      names.map(async (name) => {
        const res = await serve[name](path)
        if (!res.ok) throw new Error(`${name} ${path}: HTTP ${res.status} ${await res.text()}`)
        return res.text()
      }),
    )
    if (bodies.some((b) => b !== bodies[0])) throw new Error(`the three servings answer ${path} differently`)

    const byConcurrency: Record<string, unknown> = { responseBytes: bodies[0]!.length }
    for (const concurrency of settings.concurrencies) {
      const hit = (name: Serving) => async () => {
        const res = await serve[name](path)
        await res.arrayBuffer()
        if (!res.ok) throw new Error(`${name} ${path}: HTTP ${res.status}`)
      }
      for (const name of names) await load(hit(name), 0.5, concurrency)
      const samples = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<Serving, number[]>
      for (let round = 0; round < settings.rounds; round++) {
        // Note: each round starts with another serving, so none always runs first after the other's load.
        for (let k = 0; k < names.length; k++) {
          const name = names[(round + k) % names.length]!
          samples[name].push(...(await load(hit(name), settings.secondsPerRound, concurrency)))
        }
      }
      const seconds = settings.rounds * settings.secondsPerRound
      const measured = Object.fromEntries(
        names.map((n) => [
          n,
          { requestsPerSecond: Math.round(samples[n].length / seconds), latencyMs: summarise(samples[n]) },
        ]),
      ) as Record<Serving, { requestsPerSecond: number; latencyMs: ReturnType<typeof summarise> }>
      const over = (a: Serving, b: Serving) => ({
        requestsPerSecond: ratio(measured[a].requestsPerSecond, measured[b].requestsPerSecond),
        p50: ratio(measured[a].latencyMs.p50, measured[b].latencyMs.p50),
      })
      byConcurrency[`concurrency${concurrency}`] = {
        ...measured,
        guardedOverUnguarded: over('fullApp', 'fixedAccess'),
        guardOnlyOverUnguarded: over('guardOnly', 'fixedAccess'),
      }
    }
    result[label] = byConcurrency
  }
  return result
}

export async function benchAuth(db: Database, kommun: string, settings: Partial<AuthBenchSettings> = {}) {
  const all = { ...defaults, ...settings }
  return {
    backend: db.kind,
    signIn: await benchSignIn(db, kommun, all),
    guard: await benchGuard(db, kommun, all),
  }
}
