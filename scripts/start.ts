/**
 * `npm start`: builds the client when it is missing or older than its sources, alongside the
 * server's own start-up (which opens the port at once and answers 503 until the database is ready).
 */
import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const builtIndex = 'dist/client/index.html'

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs)
  }
  return newest
}

const sourcesNewest = Math.max(
  newestMtime('client'),
  newestMtime('common'),
  statSync('vite.config.ts').mtimeMs,
)
const stale = !existsSync(builtIndex) || statSync(builtIndex).mtimeMs < sourcesNewest

if (stale) {
  console.log('[lagesbild] building the client (dist/client)…')
  const build = spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  })
  build.on('exit', (code) => {
    if (code !== 0) {
      console.error('[lagesbild] client build failed')
      process.exit(code ?? 1)
    }
    console.log('[lagesbild] client built')
  })
}

await import('../server/main.ts')
