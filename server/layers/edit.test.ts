/**
 * Editing the editable layers, exporting with a marking, and the generalised incident twin, through
 * the HTTP API as the demo users. Runs on PGlite and, with `npm run test:postgres`, on PostgreSQL.
 */
import { sql } from 'drizzle-orm'
import type { Feature, FeatureCollection, Polygon } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { DISCLOSURE_THRESHOLD } from '../disclosure/cell-key.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
/** A point in the middle of the demo municipality. */
let inside: [number, number]

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['analytiker', 'krisledare', 'lasare', 'polis', 'planerare'])
    cookies[user] = await signIn(app, user)
  const [row] = await db.query<{ x: number; y: number }>(
    sql`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE kind = 'municipality' LIMIT 1) m`,
  )
  inside = [Number(row!.x), Number(row!.y)]
})

afterAll(async () => {
  await db?.close()
})

async function call<T = unknown>(user: string, method: string, path: string, body?: unknown) {
  const res = await app.request(path, {
    method,
    headers: {
      cookie: cookies[user]!,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  const json = text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text
  return { status: res.status, body: json as T, headers: res.headers }
}

const auditOf = (entityId: string) =>
  db.query<{ actor: string; action: string; entity: string; before: unknown; after: unknown; at: Date }>(
    sql`SELECT actor, action, entity, before, after, at FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`,
  )

const site = (name: string, at = inside): Feature => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: at },
  properties: { name, kind: 'petrol_station', operator: 'Testbolaget AB' },
})

describe('editing a layer', () => {
  it('creates, changes and deletes an object, each step in the audit log with before and after', async () => {
    const started = Date.now()
    const created = await call<Feature>(
      'analytiker',
      'POST',
      '/api/layers/hazard-sites/features',
      site('Testmacken'),
    )
    expect(created.status).toBe(201)
    const id = String(created.body.id)
    expect(created.body.properties).toMatchObject({
      name: 'Testmacken',
      kind: 'petrol_station',
      classification: 'internal',
    })

    const read = await call<Feature>('lasare', 'GET', `/api/layers/hazard-sites/features/${id}`)
    expect(read.status).toBe(200)

    const moved: [number, number] = [Number((inside[0] + 0.01).toFixed(7)), Number(inside[1].toFixed(7))]
    const changed = await call<Feature>('analytiker', 'PATCH', `/api/layers/hazard-sites/features/${id}`, {
      geometry: { type: 'Point', coordinates: moved },
      properties: { name: 'Testmacken Norra' },
    })
    expect(changed.status).toBe(200)
    expect(changed.body.properties).toMatchObject({ name: 'Testmacken Norra', operator: 'Testbolaget AB' })
    expect(changed.body.geometry).toEqual({ type: 'Point', coordinates: moved })

    expect((await call('analytiker', 'DELETE', `/api/layers/hazard-sites/features/${id}`)).status).toBe(204)
    expect((await call('analytiker', 'GET', `/api/layers/hazard-sites/features/${id}`)).status).toBe(404)

    const trail = await auditOf(id)
    expect(trail.map((r) => r.action)).toEqual(['create', 'update', 'delete'])
    expect(trail.every((r) => r.actor === 'analytiker' && r.entity === 'hazard-sites')).toBe(true)
    expect(trail.every((r) => new Date(r.at).getTime() >= started - 60_000)).toBe(true)
    const [create, update, remove] = trail
    expect(create!.before).toBeNull()
    expect((create!.after as Feature).properties?.name).toBe('Testmacken')
    expect((update!.before as Feature).properties?.name).toBe('Testmacken')
    expect((update!.after as Feature).properties?.name).toBe('Testmacken Norra')
    expect((remove!.before as Feature).properties?.name).toBe('Testmacken Norra')
    expect(remove!.after).toBeNull()
  })

  it('stamps who created and last changed the row', async () => {
    const created = await call<Feature>(
      'analytiker',
      'POST',
      '/api/layers/hazard-sites/features',
      site('Stämpeln'),
    )
    const [row] = await db.query<{ created_by: string; updated_by: string }>(
      sql`SELECT created_by, updated_by FROM hazard_sites WHERE id = ${String(created.body.id)}::uuid`,
    )
    expect(row).toEqual({ created_by: 'analytiker', updated_by: 'analytiker' })
  })

  it('refuses roles without the right to edit the layer, and changes nothing', async () => {
    const before = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM hazard_sites`)
    expect((await call('lasare', 'POST', '/api/layers/hazard-sites/features', site('Nej'))).status).toBe(403)
    expect((await call('planerare', 'POST', '/api/layers/hazard-sites/features', site('Nej'))).status).toBe(
      403,
    )
    expect((await call('polis', 'POST', '/api/layers/critical-assets/features', site('Nej'))).status).toBe(
      403,
    )
    expect(await db.query(sql`SELECT count(*)::int AS n FROM hazard_sites`)).toEqual(before)
  })

  it('lets the police report an incident, restricted by default, that the viewer cannot see', async () => {
    const created = await call<Feature>('polis', 'POST', '/api/layers/incidents/features', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: inside },
      properties: { category: 'vandalism', occurredAt: '2026-11-20T22:15:00+01:00', source: 'police' },
    })
    expect(created.status).toBe(201)
    expect(created.body.properties).toMatchObject({ classification: 'restricted', categoryGroup: 'crime' })
    const id = String(created.body.id)
    expect((await call('krisledare', 'GET', `/api/layers/incidents/features/${id}`)).status).toBe(200)
    const hidden = await call<{ error: { message: string } }>(
      'lasare',
      'GET',
      `/api/layers/incidents/features/${id}`,
    )
    expect(hidden.status).toBe(404)
    expect(JSON.stringify(hidden.body)).not.toContain(id)
  })

  it('refuses a classification below the layer', async () => {
    const res = await call('polis', 'POST', '/api/layers/incidents/features', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: inside },
      properties: {
        category: 'vandalism',
        occurredAt: '2026-11-20T22:15:00Z',
        source: 'police',
        classification: 'open',
      },
    })
    expect(res.status).toBe(400)
  })

  it.each([
    [
      'a self-intersecting polygon',
      {
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [0.01, 0.01],
            [0.01, 0],
            [0, 0.01],
            [0, 0],
          ],
        ],
      },
      /Self-intersection/,
    ],
    [
      'a polygon in the Pacific',
      {
        type: 'Polygon',
        coordinates: [
          [
            [-150 - 16, -40 - 58],
            [-150 - 16 + 0.01, -40 - 58],
            [-150 - 16, -40 - 58 + 0.01],
            [-150 - 16, -40 - 58],
          ],
        ],
      },
      /outside the municipality/,
    ],
    [
      'a line for a polygon layer',
      {
        type: 'LineString',
        coordinates: [
          [0, 0],
          [0.01, 0.01],
        ],
      },
      /takes MultiPolygon or Polygon/,
    ],
  ])('refuses %s with a message that says why', async (_name, geometry, message) => {
    const shifted = JSON.parse(
      JSON.stringify(geometry, (_k, v) =>
        Array.isArray(v) && typeof v[0] === 'number' && geometry.type !== 'Point'
          ? [v[0] + inside[0], v[1] + inside[1]]
          : v,
      ),
    )
    const res = await call<{ error: { code: string; message: string } }>(
      'analytiker',
      'POST',
      '/api/layers/hazard-zones/features',
      { type: 'Feature', geometry: shifted, properties: { name: 'Zon', kind: 'seveso_consultation' } },
    )
    expect(res.status).toBe(400)
    expect(res.body.error.message).toMatch(message)
  })

  it('names the faulty property', async () => {
    const res = await call<{ error: { message: string } }>(
      'analytiker',
      'POST',
      '/api/layers/hazard-sites/features',
      {
        ...site('X'),
        properties: { name: 'X', kind: 'nuclear_plant' },
      },
    )
    expect(res.status).toBe(400)
    expect(res.body.error.message).toContain('properties.kind')
  })
})

describe('exports', () => {
  const box = () => [inside[0] - 0.05, inside[1] - 0.05, inside[0] + 0.05, inside[1] + 0.05].join(',')

  it('marks an export with its classification, who took it and when, and records it', async () => {
    const res = await call<
      FeatureCollection & { classification: string; exportedBy: string; exportedAt: string }
    >('krisledare', 'GET', `/api/layers/critical-assets/export?format=geojson&bbox=${box()}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="critical-assets-/)
    expect(res.body.exportedBy).toBe('krisledare')
    const levels = new Set(res.body.features.map((f) => f.properties?.classification))
    expect(res.body.classification).toBe(levels.has('restricted') ? 'restricted' : 'internal')
    const [audit] = await db.query<{ details: { count: number; classification: string } }>(
      sql`SELECT details FROM audit_log WHERE action = 'export' AND entity = 'critical-assets' AND actor = 'krisledare'
        ORDER BY id DESC LIMIT 1`,
    )
    expect(audit?.details.count).toBe(res.body.features.length)
    expect(audit?.details.classification).toBe(res.body.classification)
  })

  it('writes CSV with the marking first and formulas defused', async () => {
    const res = await call<string>(
      'krisledare',
      'GET',
      `/api/layers/incidents/export?format=csv&bbox=${box()}`,
    )
    expect(res.status).toBe(200)
    const lines = res.body.split('\r\n')
    expect(lines[0]).toBe('# BEGRÄNSAD (restricted)')
    expect(lines[1]).toMatch(/^# Exporterad av Kim Krisledare \(demo\) \(krisledare\) \d{4}-/)
    expect(lines[2]).toMatch(/^id,classification,geometry,/)
  })

  it('writes the marking in English when asked, the classification code unchanged', async () => {
    const res = await call<string>(
      'krisledare',
      'GET',
      `/api/layers/incidents/export?format=csv&lang=en&bbox=${box()}`,
    )
    expect(res.status).toBe(200)
    const lines = res.body.split('\r\n')
    expect(lines[0]).toBe('# RESTRICTED (restricted)')
    expect(lines[1]).toMatch(/^# Exported by Kim Krisledare \(demo\) \(krisledare\) \d{4}-/)
    expect((await call('krisledare', 'GET', '/api/layers/incidents/export?lang=fi')).status).toBe(400)
  })

  it('gives the viewer open layers only', async () => {
    expect((await call('lasare', 'GET', '/api/layers/districts/export?format=csv')).status).toBe(200)
    expect((await call('lasare', 'GET', '/api/layers/actors/export')).status).toBe(403)
    expect((await call('lasare', 'GET', '/api/layers/incidents/export')).status).toBe(404)
  })
})

describe('the incident twin', () => {
  it('gives cleared roles the true counts and others counts perturbed by at most two, none under the threshold', async () => {
    const path = '/api/layers/incident-hexagons/features?limit=10000'
    const asViewer = await call<FeatureCollection>('lasare', 'GET', path)
    const asCrisis = await call<FeatureCollection>('krisledare', 'GET', path)
    expect(asViewer.status).toBe(200)
    expect(asViewer.body.features.length).toBeGreaterThan(50)
    const trueCounts = new Map(asCrisis.body.features.map((f) => [f.id, Number(f.properties?.count)]))
    let perturbed = 0
    for (const f of asViewer.body.features) {
      const published = Number(f.properties?.count)
      expect(published).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
      expect(Math.abs(published - trueCounts.get(f.id)!)).toBeLessThanOrEqual(2)
      if (published !== trueCounts.get(f.id)) perturbed++
    }
    // About half the cells get noise; far fewer would mean the cell keys are not spread.
    expect(perturbed / asViewer.body.features.length).toBeGreaterThan(0.3)

    const densest = asCrisis.body.features.reduce((a, b) =>
      Number(b.properties?.count) > Number(a.properties?.count) ? b : a,
    )
    const [inHexagon] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM incidents
        WHERE ST_Contains(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(densest.geometry as Polygon)}), 4326), geom)`,
    )
    // The hexagon's corners are rounded to 7 decimals in the answer, so a point on its very edge may fall either way.
    expect(Math.abs(Number(inHexagon!.n) - Number(densest.properties?.count))).toBeLessThanOrEqual(2)
  })
})
