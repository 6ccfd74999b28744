/**
 * The server process: opens the database, migrates, loads reference data, seeds the demo
 * municipality when in demo mode, and serves HTTP and socket.io on one port.
 */
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { Server as SocketServer } from 'socket.io'
import { openDatabase } from '../db/client.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { loadReferenceData } from '../db/reference.ts'
import { seedDemo } from '../db/seed/index.ts'
import { createApp } from './app.ts'
import { loadConfig } from './env.ts'

const startedAt = Date.now()
const config = loadConfig()
const log = (...args: unknown[]) => {
  if (config.logLevel !== 'silent')
    console.log(`[lagesbild] ${((Date.now() - startedAt) / 1000).toFixed(1)}s`, ...args)
}

// Note: the port opens at once and answers 503 until the database is ready, so a first start
// (which creates PostGIS and seeds) can be watched through /api/health instead of refusing connections.
let handle: (request: Request) => Response | Promise<Response> = () =>
  Response.json({ status: 'starting' }, { status: 503, headers: { 'Retry-After': '2' } })
const server = createAdaptorServer({ fetch: (request: Request) => handle(request) })
const io = new SocketServer(server, { path: '/socket.io', serveClient: false })
io.of('/live')

server.listen(config.port, config.host, () => log(`listening on http://${config.host}:${config.port}`))

const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: join(config.dataDir, 'pglite') })
log(`database: ${db.kind}`)
await migrateDatabase(db)
// Note: the demo seed writes the municipality's area with a deterministic id, so it goes first; the
// reference data then only adds that row where no demo is seeded (production).
if (config.demo) {
  const summary = await seedDemo(db, { kommun: config.kommun })
  log(
    summary.skipped
      ? 'demo data already present'
      : `seeded demo municipality ${config.kommun} in ${summary.ms} ms`,
  )
}
await loadReferenceData(db, config.kommun)
const app = createApp({ db, config })
handle = app.fetch
log('ready')

async function shutdown(signal: string) {
  log(`${signal}: shutting down`)
  io.close()
  server.close()
  await db.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))
