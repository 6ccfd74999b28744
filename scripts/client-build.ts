/**
 * The built client (dist/client) and whether it is older than its sources, for `npm install`
 * (scripts/prepare.ts) and `npm start` (scripts/start.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process'
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

/** True when dist/client is missing or older than anything in client/, common/ or vite.config.ts. */
export function clientIsStale(): boolean {
  const sourcesNewest = Math.max(
    newestMtime('client'),
    newestMtime('common'),
    statSync('vite.config.ts').mtimeMs,
  )
  return !existsSync(builtIndex) || statSync(builtIndex).mtimeMs < sourcesNewest
}

/** Vite is a development dependency: an install without them cannot build the client. */
export const canBuildClient = () => existsSync('node_modules/vite/bin/vite.js')

/** Starts `vite build` and returns the child process. */
export function buildClient(): ChildProcess {
  return spawn(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
  })
}
