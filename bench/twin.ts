/**
 * The incident twin's cost per request to one client alone: the whole twin (every cell, no filter)
 * and one month, asked twenty times in a row as a viewer and as a crisis manager, against the
 * health check through the same app as the baseline. The first request of each pays for computing
 * the answer; the rest show what a request costs once it is cached.
 */
import type { Database } from '../db/client.ts'
import { TEST_KOMMUN } from '../db/testing/test-database.ts'
import { createApp } from '../server/app.ts'
import { signIn } from '../server/testing/sign-in.ts'
import { ratio, summarise } from './support.ts'

const questions = {
  whole: '/api/layers/incident-hexagons/features?limit=10000',
  month: '/api/layers/incident-hexagons/features?limit=10000&from=2025-03-01&to=2025-04-01',
}

export async function benchTwin(db: Database, repeats = 20) {
  const app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  const timed = async (path: string, cookie: string) => {
    const ms: number[] = []
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now()
      const res = await app.request(path, { headers: { cookie, 'accept-encoding': 'gzip' } })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`)
      ms.push(performance.now() - t0)
    }
    return { firstMs: Math.round(ms[0]!), rest: summarise(ms.slice(1)) }
  }
  const result: Record<string, unknown> = { backend: db.kind }
  for (const user of ['lasare', 'krisledare']) {
    const cookie = await signIn(app, user)
    for (const [name, path] of Object.entries(questions))
      result[`${user} ${name}`] = await timed(path, cookie)
    const health = await timed('/api/health', cookie)
    result[`${user} baselineHealth`] = health
    const whole = result[`${user} whole`] as { rest: { p50: number } }
    result[`${user} ratioWholeToHealth`] = ratio(whole.rest.p50, health.rest.p50)
  }
  return result
}
