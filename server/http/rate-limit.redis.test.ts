/**
 * Rate limits across processes: two apps sharing one Redis (as two server processes behind a load
 * balancer do) count sign-in failures together. Runs under `npm run test:redis` (REDIS_URL).
 */
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { createRateLimits } from './security.ts'

const redisUrl = process.env.REDIS_URL

describe.skipIf(!redisUrl)('rate limits shared through Redis', () => {
  let db: Database
  let redis: ReturnType<typeof createClient>
  let apps: ReturnType<typeof createApp>[]

  beforeAll(async () => {
    db = await openTestDatabase()
    redis = createClient({ url: redisUrl })
    await redis.connect()
    // Each "process" has its own limiters; only Redis joins them.
    apps = [0, 1].map(() =>
      createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits({}, redis), log: () => {} }),
    )
  })

  afterAll(async () => {
    await redis?.quit()
    await db?.close()
  })

  it('refuses the sixth failed sign-in for a user, wherever the attempts landed', async () => {
    // A username of its own per run, so an earlier run's counts in Redis do not matter.
    const username = `ghost-${Date.now()}`
    const attempt = (i: number) =>
      apps[i % 2]!.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password: 'wrong password' }),
      })
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await attempt(i)).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429])
  })
})
