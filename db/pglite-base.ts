/**
 * A prepared PGlite data directory with PostGIS already created, kept in `.cache/pglite-base/`.
 * Creating PostGIS in a fresh PGlite (initdb in WebAssembly, then the extension's thousands of
 * functions) takes most of a first start; loading this copy takes a few seconds. It holds nothing
 * of the app's own (no migration, no data), so it depends only on the PGlite and PostGIS packages,
 * whose versions name the file: another version never loads a copy it did not make.
 *
 * `npm install` prepares it (scripts/prepare.ts); where it is missing the first start creates
 * PostGIS itself as before, and tests build it on first need.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

function packageVersion(name: string): string {
  return JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version
}

/** Where the copy for the installed PGlite and PostGIS lives. */
export function pgliteBasePath(): string {
  const versions = `pglite@${packageVersion('@electric-sql/pglite')} postgis@${packageVersion('@electric-sql/pglite-postgis')}`
  const key = createHash('sha256').update(versions).digest('hex').slice(0, 16)
  return join(root, '.cache/pglite-base', `postgis-${key}.tar.gz`)
}

const isReady = (path: string) => existsSync(path) && statSync(path).size > 0

/** The prepared copy, or undefined when it has not been made. */
export function readPgliteBase(): Blob | undefined {
  const path = pgliteBasePath()
  return isReady(path) ? new Blob([readFileSync(path)]) : undefined
}

/**
 * Makes `path` once with `build`, also when several processes (test workers, a start during an
 * install) ask at the same time: the first takes a lock, an exclusive mkdir, and the others wait for
 * its file. A lock older than five minutes is from a crashed run and is taken over.
 */
export async function buildOnce(path: string, build: () => Promise<Blob>): Promise<string> {
  if (isReady(path)) return path
  mkdirSync(dirname(path), { recursive: true })
  const lock = `${path}.lock`
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)
        rmSync(lock, { recursive: true, force: true })
      await new Promise((r) => setTimeout(r, 500))
      if (isReady(path)) return path
    }
  }
  try {
    if (isReady(path)) return path
    const blob = await build()
    // Note: write then rename, so a half-written file is never taken for a finished one.
    writeFileSync(`${path}.partial`, Buffer.from(await blob.arrayBuffer()))
    renameSync(`${path}.partial`, path)
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
  return path
}

/** Makes the prepared copy if it is missing and returns its path. */
export function ensurePgliteBase(): Promise<string> {
  return buildOnce(pgliteBasePath(), async () => {
    const db = await PGlite.create({ extensions: { postgis } })
    try {
      await db.exec('CREATE EXTENSION IF NOT EXISTS postgis')
      return (await db.dumpDataDir('gzip')) as Blob
    } finally {
      await db.close()
    }
  })
}
