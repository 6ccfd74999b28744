/**
 * `npm run test:redis`: the suites that need Redis (REDIS_URL, default the local server), such as
 * rate limits shared by several processes.
 */
import { spawnSync } from 'node:child_process'

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const run = spawnSync(
  process.execPath,
  ['node_modules/vitest/vitest.mjs', 'run', 'redis.test', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
    env: { ...process.env, REDIS_URL: redisUrl },
  },
)
process.exit(run.status ?? 1)
