/**
 * `npm run test:cluster`: the crisis session across two real server processes joined by Redis, as
 * two processes behind a load balancer run it. The database named by CLUSTER_DATABASE_URL (default
 * lagesbild_cluster on the local PostgreSQL) is dropped, created, migrated and seeded; two
 * `server/main.ts` processes start on it with REDIS_URL (default the local Redis) on ports of their
 * own; once both answer /api/health, vitest runs the `*.cluster.test.ts` files with
 * CLUSTER_URLS and CLUSTER_PIDS (comma-separated, in the same order), so a test can stop one process
 * mid-session. Both processes are stopped when the suite ends, fails or is interrupted.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { freePort } from '../bench/support.ts'
import { openDatabase } from '../db/client.ts'
import {
  ensurePostgresDatabase,
  prepareDatabase,
  TEST_DEMO_PASSWORD,
  TEST_KOMMUN,
} from '../db/testing/test-database.ts'

const databaseUrl = new URL(
  process.env.CLUSTER_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/lagesbild_cluster',
)
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
const names = ['a', 'b'] as const
const startupTimeoutMs = 90_000

await ensurePostgresDatabase(databaseUrl, { recreate: true })
const prepared = Date.now()
const db = await openDatabase({ databaseUrl: databaseUrl.toString() })
await prepareDatabase(db)
await db.close()
console.log(
  `[test:cluster] ${databaseUrl.pathname.slice(1)} migrated and seeded in ${Date.now() - prepared} ms`,
)

const dataDir = mkdtempSync(join(tmpdir(), 'lagesbild-cluster-'))
const servers: { name: string; url: string; child: ChildProcess }[] = []

/** Prefixes a process's output lines with its name, so the two servers' logs can be told apart. */
function relay(name: string, stream: NodeJS.ReadableStream | null, to: NodeJS.WriteStream) {
  if (!stream) return
  createInterface({ input: stream }).on('line', (line) => to.write(`[server ${name}] ${line}\n`))
}

async function startServer(name: string) {
  const port = await freePort()
  // Note: `node --import tsx` rather than the tsx command, which runs the server in a child of its
  // own: a SIGKILL from the test must reach the server itself, not a wrapper that leaves it running.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl.toString(),
      REDIS_URL: redisUrl,
      DEMO_PASSWORD: TEST_DEMO_PASSWORD,
      KOMMUN: TEST_KOMMUN,
      DATA_DIR: join(dataDir, name),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  relay(name, child.stdout, process.stdout)
  relay(name, child.stderr, process.stderr)
  servers.push({ name, url: `http://127.0.0.1:${port}`, child })
}

async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + startupTimeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(
        `the server for ${url} exited (${child.exitCode ?? child.signalCode}) before it was ready`,
      )
    try {
      const res = await fetch(`${url}/api/health`)
      if (res.ok) return
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the server for ${url} was not ready within ${startupTimeoutMs / 1000} s`)
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

async function stopServers() {
  const alive = servers.filter((s) => running(s.child))
  for (const s of alive) s.child.kill('SIGTERM')
  await Promise.all(
    alive.map(
      (s) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => s.child.kill('SIGKILL'), 5_000)
          s.child.once('exit', () => {
            clearTimeout(force)
            resolve()
          })
          if (!running(s.child)) resolve()
        }),
    ),
  )
  rmSync(dataDir, { recursive: true, force: true })
}

let vitest: ChildProcess | undefined
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    vitest?.kill(signal)
    void stopServers().then(() => process.exit(130))
  })

let status = 1
try {
  for (const name of names) await startServer(name)
  await Promise.all(servers.map((s) => waitForHealth(s.url, s.child)))
  console.log(`[test:cluster] servers ready: ${servers.map((s) => `${s.name} ${s.url}`).join(', ')}`)
  vitest = spawn(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      '--fileParallelism=false',
      'cluster.test',
      ...process.argv.slice(2),
    ],
    {
      stdio: 'inherit',
      env: {
        ...process.env,
        CLUSTER_URLS: servers.map((s) => s.url).join(','),
        CLUSTER_PIDS: servers.map((s) => s.child.pid).join(','),
        // Note: the tests read and sign in through the same database the servers use.
        TEST_DATABASE_URL: databaseUrl.toString(),
        REDIS_URL: redisUrl,
      },
    },
  )
  const child = vitest
  status = await new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? 1)))
} catch (err) {
  console.error(`[test:cluster] ${err instanceof Error ? err.message : String(err)}`)
} finally {
  await stopServers()
}
process.exit(status)
