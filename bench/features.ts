/**
 * Requests per second of the features endpoint for a bbox of about 1,000 incidents, served by the
 * real HTTP server to a signed-in krisledare (crisis manager, who may read restricted incidents),
 * against the same app answering with the same FeatureCollection held in memory.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { compress } from 'hono/compress'
import type { Database } from '../db/client.ts'
import { densestIncidentCell } from '../db/testing/test-database.ts'
import { createApp } from '../server/app.ts'
import { signIn } from '../server/testing/sign-in.ts'
import { ratio, throughput } from './support.ts'

const listen = (fetch: (r: Request) => Response | Promise<Response>) =>
  new Promise<Server>((resolve) => {
    const server = createServer(getRequestListener(fetch))
    server.listen(0, '127.0.0.1', () => resolve(server))
  })

/** Bisects the size of a box around the densest incident cell until it holds about `target` incidents. */
async function bboxWithAbout(db: Database, target: number): Promise<{ bbox: number[]; count: number }> {
  const [lon, lat] = await densestIncidentCell(db)
  const boxOf = (half: number) => [lon - half * 2, lat - half, lon + half * 2, lat + half]
  const countIn = async (bbox: number[]) => {
    const [row] = await db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM incidents
      WHERE geom && ST_MakeEnvelope(${bbox[0]}, ${bbox[1]}, ${bbox[2]}, ${bbox[3]}, 4326)`)
    return Number(row?.n ?? 0)
  }
  let [low, high] = [0.0001, 0.5]
  let best = { bbox: boxOf(high), count: await countIn(boxOf(high)) }
  for (let i = 0; i < 30 && Math.abs(best.count - target) > target * 0.05; i++) {
    const half = (low + high) / 2
    const bbox = boxOf(half)
    const count = await countIn(bbox)
    if (Math.abs(count - target) < Math.abs(best.count - target)) best = { bbox, count }
    if (count > target) high = half
    else low = half
  }
  return best
}

/** The features request for a box of about `target` incidents, and how many the box holds. */
export async function incidentFeaturesRequest(db: Database, target = 1000) {
  const { bbox, count } = await bboxWithAbout(db, target)
  return { path: `/api/layers/incidents/features?bbox=${bbox.join(',')}&limit=5000`, count }
}

export async function benchFeatures(db: Database, kommun: string, seconds = 8, concurrency = 8) {
  const { path, count } = await incidentFeaturesRequest(db)
  const app = createApp({ db, config: { kommun }, log: () => {} })
  const cookie = await signIn(app, 'krisledare')
  const appServer = await listen(app.fetch)
  const first = await app.request(path, { headers: { Cookie: cookie } })
  if (!first.ok) throw new Error(`features request failed: HTTP ${first.status} ${await first.text()}`)
  const body = await first.text()
  const baseline = new Hono()
    .use('*', compress())
    .get('*', (c) => c.body(body, 200, { 'Content-Type': 'application/json' }))
  const baselineServer = await listen(baseline.fetch)
  const url = (s: Server) => `http://127.0.0.1:${(s.address() as AddressInfo).port}${path}`
  try {
    const hit = (s: Server) => async () => {
      const res = await fetch(url(s), { headers: { 'Accept-Encoding': 'gzip', Cookie: cookie } })
      await res.arrayBuffer()
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
    }
    const features = await throughput(hit(appServer), seconds, concurrency)
    const inMemory = await throughput(hit(baselineServer), seconds, concurrency)
    return {
      backend: db.kind,
      incidentsInBbox: count,
      responseBytes: body.length,
      concurrency,
      features,
      baselineInMemory: inMemory,
      ratio: ratio(inMemory.requestsPerSecond, features.requestsPerSecond),
    }
  } finally {
    appServer.close()
    baselineServer.close()
  }
}
