/**
 * The server process: opens the database, migrates, loads reference data, seeds the demo
 * municipality when in demo mode, and serves HTTP and socket.io on one port.
 */
import { join } from 'node:path'
import { createAdaptorServer } from '@hono/node-server'
import { createAdapter } from '@socket.io/redis-streams-adapter'
import { createClient } from 'redis'
import { Server as SocketServer } from 'socket.io'
import { openDatabase } from '../db/client.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { loadReferenceData } from '../db/reference.ts'
import { seedDemo } from '../db/seed/index.ts'
import { demoPassword, seedDemoUsers } from '../db/seed/users.ts'
import { createApp } from './app.ts'
import { countAdmins } from './auth/accounts.ts'
import { SessionRooms } from './crisis/session-room.ts'
import { loadConfig } from './env.ts'
import { createRateLimits } from './http/security.ts'
import { allowSameOrigin, attachLive, liveSessionEvents, MAX_SOCKET_MESSAGE_BYTES } from './realtime/live.ts'

const startedAt = Date.now()
const config = loadConfig()
const log = (...args: unknown[]) => {
  if (config.logLevel !== 'silent')
    console.log(`[lagesbild] ${((Date.now() - startedAt) / 1000).toFixed(1)}s`, ...args)
}

// Note: the port opens at once and answers 503 until the database is ready, so a first start
// (which creates PostGIS and seeds) can be watched through /api/health instead of refusing connections.
// The node adapter's bindings (the raw request and response) go along, so handlers can read the
// client's address.
let handle: (request: Request, bindings: unknown) => Response | Promise<Response> = () =>
  Response.json({ status: 'starting' }, { status: 503, headers: { 'Retry-After': '2' } })
const server = createAdaptorServer({
  fetch: (request: Request, bindings: unknown) => handle(request, bindings),
})
const io = new SocketServer(server, {
  path: '/socket.io',
  serveClient: false,
  allowRequest: allowSameOrigin([...config.publicOrigins, ...config.allowedOrigins]),
  maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
})

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
if (config.demo) {
  const { password, generated } = demoPassword(config.dataDir, config.demoPassword)
  const created = await seedDemoUsers(db, password)
  if (created.length > 0) log(`demo users: ${created.join(', ')}`)
  // Note: a generated password is shown this once; it stays in DATA_DIR/demo-password.
  if (generated)
    console.log(`[lagesbild] demo password (kept in ${join(config.dataDir, 'demo-password')}): ${password}`)
}
if (config.production && (await countAdmins(db.orm)) === 0) {
  console.error(
    '[lagesbild] No administrator account exists. Create one first:\n' +
      '  npm run user:add -- --username <name> --name "<full name>" --role admin\n' +
      'then start again.',
  )
  await db.close()
  process.exit(1)
}
// Note: with several processes the rate limits are counted in one place, Redis, and socket.io's
// rooms span the processes through the Redis streams adapter (which keeps connection-state
// recovery). A short heartbeat lets the others notice a stopped process within seconds.
let redis: ReturnType<typeof createClient> | undefined
if (config.redisUrl) {
  redis = createClient({ url: config.redisUrl })
  redis.on('error', (err) => log(`redis: ${String(err)}`))
  await redis.connect()
  io.adapter(createAdapter(redis, { heartbeatInterval: 1000, heartbeatTimeout: 3000 }))
  log('socket.io rooms shared through Redis')
}
const rooms = new SessionRooms({ db, escalationLevels: config.escalationLevels })
attachLive(io, db, { rooms })
const app = createApp({
  db,
  config,
  limits: createRateLimits({}, redis),
  sessionEvents: liveSessionEvents(io),
  rooms,
})
handle = (request, bindings) => app.fetch(request, bindings)
log('ready')

async function shutdown(signal: string) {
  log(`${signal}: shutting down`)
  // Note: the sockets' disconnect handlers and changes already in a room's queue still use the
  // database and Redis; both close only after they have finished.
  await Promise.race([
    new Promise<void>((resolve) => io.close(() => resolve())),
    new Promise<void>((resolve) => setTimeout(resolve, 5000)),
  ])
  await rooms.drain()
  await redis?.quit().catch(() => {})
  await db.close()
  process.exit(0)
}
process.once('SIGINT', () => void shutdown('SIGINT'))
process.once('SIGTERM', () => void shutdown('SIGTERM'))
