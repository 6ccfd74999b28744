/**
 * Vitest's global setup: makes the prepared PGlite snapshot once, before any test file starts, so
 * that no file spends its hook or test timeout waiting while another builds it (on a fresh clone of
 * a busy machine that takes minutes). On PostgreSQL (`TEST_DATABASE_URL`) there is nothing to make.
 */
import { ensurePgliteSnapshot } from './test-database.ts'

export default async function setup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return
  const started = Date.now()
  const path = await ensurePgliteSnapshot()
  const ms = Date.now() - started
  if (ms > 1000) console.log(`[tests] prepared the test database in ${(ms / 1000).toFixed(1)} s: ${path}`)
}
