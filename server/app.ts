/**
 * `createApp(deps)` builds the whole HTTP app from its dependencies, so tests build one over a test
 * database and the server process builds one over the real one.
 */
import { existsSync } from 'node:fs'
import { relative } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { sql } from 'drizzle-orm'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { compress } from 'hono/compress'
import { defaultEscalationLevels } from '../common/domain.ts'
import type { Database } from '../db/client.ts'
import { actionPlanRoutes } from './action-plan/routes.ts'
import { actorAreaRoutes, actorLinkRoutes, actorRegisterRoutes } from './actors/routes.ts'
import { cascadeRoutes } from './analysis/cascade/routes.ts'
import { hotspotRoutes } from './analysis/hotspot-routes.ts'
import { auditRoutes } from './audit/routes.ts'
import { loginRoutes, sessionOf, sessionRoutes } from './auth/routes.ts'
import { councilRoutes } from './council/routes.ts'
import { councilReportRoutes } from './council-report/routes.ts'
import { crisisSessionRoutes } from './crisis/routes.ts'
import { SessionRooms } from './crisis/session-room.ts'
import { dependencyRoutes } from './dependencies/routes.ts'
import type { Config } from './env.ts'
import { type AppEnv, sessionGuard } from './http/access.ts'
import { errorBody, handleError } from './http/errors.ts'
import {
  appSecureHeaders,
  createRateLimits,
  jsonBodiesOnly,
  originCheck,
  type RateLimits,
  writeLimit,
} from './http/security.ts'
import { incidentReportRoutes } from './incident-reports/routes.ts'
import { featureEditRoutes } from './layers/edit-routes.ts'
import { exportRoutes } from './layers/export-routes.ts'
import { layerRoutes, searchRoutes } from './layers/routes.ts'
import { planningAssessmentRoutes } from './planning/assessment-routes.ts'
import { planningRuleRoutes } from './planning/rules-routes.ts'
import type { SessionEvents } from './realtime/live.ts'
import { rsaRoutes } from './rsa/routes.ts'
import { tileRoutes } from './tiles/routes.ts'
import { organisationRoutes, userRoutes } from './users/routes.ts'

export interface AppDeps {
  db: Database
  config: Pick<Config, 'kommun'> &
    Partial<
      Pick<
        Config,
        | 'basemapStyleUrl'
        | 'clientDir'
        | 'secureCookies'
        | 'publicOrigins'
        | 'allowedOrigins'
        | 'escalationLevels'
      >
    >
  /** Told when sessions end, to drop their realtime connections. */
  sessionEvents?: SessionEvents
  /**
   * The crisis rooms, shared with the socket server so REST and socket changes of a session queue
   * and broadcast alike; made here (broadcasting nowhere) when absent.
   */
  rooms?: SessionRooms
  /** Rate limiters; tests pass their own to test the limits without waiting them out. */
  limits?: RateLimits
  log?: (err: unknown) => void
}

export const MAX_BODY_BYTES = 1024 * 1024

export function createApp({
  db,
  config,
  sessionEvents,
  rooms,
  limits = createRateLimits(),
  log = console.error,
}: AppDeps) {
  const escalationLevels = config.escalationLevels ?? defaultEscalationLevels
  const crisisRooms = rooms ?? new SessionRooms({ db, escalationLevels })
  const auth = { secureCookies: config.secureCookies ?? false }
  const app = new Hono<AppEnv>()
  app.onError((err, c) => handleError(err, c, log))
  const noRoute = (c: Context) =>
    c.json(errorBody('not_found', `No route for ${c.req.method} ${c.req.path}`), 404)
  app.notFound(noRoute)
  app.use('*', appSecureHeaders())
  app.use('*', compress())
  // Note: the Origin check and the body limit come before anything reads a body or a session, so a
  // cross-site or oversize request is refused before it costs a database query.
  app.use('*', originCheck([...(config.publicOrigins ?? []), ...(config.allowedOrigins ?? [])]))
  app.use('/api/*', jsonBodiesOnly)
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        c.json(errorBody('payload_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`), 413),
    }),
  )

  app.use('/api/*', async (c, next) => {
    await next()
    // Answers about people and places must not linger in shared or browser caches.
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store')
  })

  app.get('/api/health', async (c) => {
    await db.query(sql`SELECT 1`)
    return c.json({ status: 'ok', database: db.kind })
  })
  app.route('/api/auth', loginRoutes(db, limits, auth))

  // Note: every route below passes this one guard: no session, no answer (401).
  const guarded = new Hono<AppEnv>()
  for (const path of ['/api/*', '/tiles/*']) {
    guarded.use(path, sessionGuard(sessionOf(db)))
    guarded.use(path, writeLimit(limits))
  }
  guarded.route('/api/auth', sessionRoutes(db, auth, sessionEvents))
  guarded.route('/api/layers', layerRoutes(db))
  guarded.route('/api/layers', featureEditRoutes(db))
  guarded.route('/api/layers', exportRoutes(db))
  guarded.route('/api/search', searchRoutes(db))
  guarded.route('/api/users', userRoutes(db, sessionEvents))
  guarded.route('/api/organisations', organisationRoutes(db))
  guarded.route('/api/audit', auditRoutes(db))
  guarded.route('/api/planning', planningRuleRoutes(db))
  guarded.route('/api/analysis', cascadeRoutes(db))
  guarded.route('/api/action-plan', actionPlanRoutes(db))
  guarded.route('/api/council', councilReportRoutes(db, { kommun: config.kommun }))
  // The crime prevention council: counts, trends and surveys beside crime.
  guarded.route('/api/council', councilRoutes(db))
  // Hotspot statistics for the crime prevention council.
  guarded.route('/api/analysis', hotspotRoutes(db))
  guarded.route('/api/planning', planningAssessmentRoutes(db, config.kommun))
  guarded.route('/api/sessions', crisisSessionRoutes(crisisRooms, { kommun: config.kommun }))
  // The actor register and the dependencies between critical assets.
  guarded.route('/api/actors', actorRegisterRoutes(db))
  guarded.route('/api/actor-links', actorLinkRoutes(db))
  guarded.route('/api/actor-areas', actorAreaRoutes(db))
  guarded.route('/api/dependencies', dependencyRoutes(db))
  // The RSA register and incident reporting.
  guarded.route('/api/rsa', rsaRoutes(db, { kommun: config.kommun }))
  guarded.route('/api/incident-reports', incidentReportRoutes(db, { kommun: config.kommun }))
  guarded.get('/api/config', async (c) => c.json(await municipalityConfig(db, config)))
  guarded.route('/tiles', tileRoutes(db))
  // Note: an unknown /api path must answer 404 JSON, not fall through to the client's index.html.
  guarded.all('/api/*', noRoute)
  app.route('/', guarded)

  if (config.clientDir && existsSync(config.clientDir)) {
    const root = relative(process.cwd(), config.clientDir)
    app.use(
      '/assets/*',
      async (c, next) => {
        await next()
        // Vite puts a content hash in every asset name, so they never change.
        if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable')
      },
      serveStatic({ root }),
    )
    app.use('*', serveStatic({ root }))
    app.get('*', serveStatic({ root, path: 'index.html' }))
  }
  return app
}

/**
 * The app's type, for a typed client of its REST routes (Hono's RPC client).
 * @public
 */
export type AppType = ReturnType<typeof createApp>

/** What the client needs to open the map on the right municipality. */
async function municipalityConfig(db: Database, config: AppDeps['config']) {
  const [row] = await db.query<{
    name: string
    code: string
    bbox: string
    center: { coordinates: [number, number] }
  }>(sql`
    SELECT name, code, ST_Extent(geom)::text AS bbox, ST_AsGeoJSON(ST_PointOnSurface(ST_Union(geom)))::json AS center
    FROM areas WHERE kind = 'municipality' AND code = ${config.kommun} GROUP BY name, code`)
  const bbox = row?.bbox.match(/-?[\d.]+/g)?.map(Number)
  return {
    kommun: config.kommun,
    name: row?.name ?? null,
    bbox: bbox?.length === 4 ? bbox : null,
    center: row?.center.coordinates ?? null,
    basemapStyleUrl: config.basemapStyleUrl ?? null,
    escalationLevels: config.escalationLevels ?? defaultEscalationLevels,
  }
}
