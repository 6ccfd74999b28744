/**
 * Cold start (empty DATA_DIR: create PostGIS, migrate, load boundaries, seed) and warm start to a
 * healthy /api/health, against the bare cost of opening PGlite with PostGIS in the same run.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { freePort, ratio } from './support.ts'

async function timeToHealthy(dataDir: string, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  try {
    for (;;) {
      if (performance.now() - started > 180_000) throw new Error('server did not become healthy in 180 s')
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
      if (ok) return Math.round(performance.now() - started)
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

async function bareOpenMs(dataDir: string): Promise<number> {
  const t0 = performance.now()
  const db = await PGlite.create({ dataDir, extensions: { postgis } })
  await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
  const ms = performance.now() - t0
  await db.close()
  return Math.round(ms)
}

export async function benchStartup() {
  const dir = mkdtempSync(join(tmpdir(), 'lagesbild-bench-'))
  try {
    const bareCold = await bareOpenMs(join(dir, 'bare'))
    const bareWarm = await bareOpenMs(join(dir, 'bare'))
    const cold = await timeToHealthy(join(dir, 'app'))
    const warm = await timeToHealthy(join(dir, 'app'))
    return {
      coldStartMs: cold,
      warmStartMs: warm,
      baseline: { barePgliteCreateMs: bareCold, barePgliteReopenMs: bareWarm },
      ratio: { cold: ratio(cold, bareCold), warm: ratio(warm, bareWarm) },
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(JSON.stringify(await benchStartup(), null, 2))
