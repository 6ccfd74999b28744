/**
 * No answer without a session, and need-to-know (*behov av att veta*): a
 * caller never finds an object above their clearance, through any endpoint, while a caller cleared
 * for it does. Restricted objects are found in the database itself, not through the API under test.
 */
import { sql } from 'drizzle-orm'
import type { Feature, FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lonLatToTile } from '../common/geo.ts'
import { layerCatalogue } from '../common/layers.ts'
import type { Database } from '../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../db/testing/test-database.ts'
import { createApp } from './app.ts'
import { DISCLOSURE_THRESHOLD } from './disclosure/cell-key.ts'
import { createRateLimits } from './http/security.ts'
import { appRoutes, UNUSED_UUID } from './testing/app-routes.ts'
import { expectContractError } from './testing/contract-error.ts'
import { decodeTile } from './testing/mvt.ts'
import { signIn } from './testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits(), log: () => {} })
  for (const user of ['admin', 'krisledare', 'polis', 'lasare']) cookies[user] = await signIn(app, user)
})

afterAll(async () => {
  await db?.close()
})

const as = (user: string | undefined, path: string, init: RequestInit = {}) =>
  app.request(path, {
    ...init,
    headers: { ...(user ? { cookie: cookies[user]! } : {}), ...(init.headers as Record<string, string>) },
  })

async function json<T>(user: string, path: string): Promise<T> {
  const res = await as(user, path)
  const text = await res.text()
  expect(res.status, `${user} ${path}: ${text.slice(0, 300)}`).toBe(200)
  return JSON.parse(text) as T
}

/** Every feature of a layer the user may see, page by page. */
async function allFeatures(user: string, layerId: string): Promise<Feature[]> {
  const features: Feature[] = []
  for (let offset = 0; ; offset += 10_000) {
    const page = await json<FeatureCollection>(
      user,
      `/api/layers/${layerId}/features?limit=10000&offset=${offset}`,
    )
    features.push(...page.features)
    if (page.features.length < 10_000) return features
  }
}

const samples = { id: 'critical-assets', featureId: UNUSED_UUID, layerId: 'districts', z: '10', x: '553' }
const sampleTile = { file: '300.mvt' }

describe('no session, no answer', () => {
  const open = new Set(['GET /api/health', 'POST /api/auth/login'])

  it('reads the routes from the app, including the ones this test names', () => {
    const routes = appRoutes(createApp({ db, config: { kommun: TEST_KOMMUN } })).map(
      (r) => `${r.method} ${r.pattern}`,
    )
    expect(routes).toEqual(
      expect.arrayContaining([
        'GET /api/health',
        'POST /api/auth/login',
        'GET /api/auth/me',
        'POST /api/auth/logout',
        'GET /api/layers',
        'GET /api/layers/:id/features',
        'GET /api/search',
        'GET /api/users',
        'PATCH /api/users/:id',
        'GET /api/audit',
        'GET /api/planning/rules',
        'POST /api/planning/rules',
        'GET /tiles/:layerId/:z/:x/:file',
      ]),
    )
  })

  it('answers 401 on every route but health and sign-in, whatever the method and body', async () => {
    const routes = appRoutes(app, { ...samples, ...sampleTile }).filter(
      (r) => !open.has(`${r.method} ${r.pattern}`),
    )
    expect(routes.length).toBeGreaterThan(12)
    for (const route of routes) {
      const body = route.method === 'GET' ? undefined : JSON.stringify({ username: 'admin', role: 'admin' })
      const res = await as(undefined, route.path, {
        method: route.method,
        headers: body ? { 'content-type': 'application/json' } : {},
        body,
      })
      const error = await expectContractError(res, 401, { what: `${route.method} ${route.path}` })
      expect(error.code).toBe('unauthorized')
    }
  })

  it('answers those same GET routes to a signed-in caller, so the paths above reach real handlers', async () => {
    for (const route of appRoutes(app, { ...samples, ...sampleTile }).filter((r) => r.method === 'GET')) {
      const res = await as('admin', route.path)
      const text = await res.text()
      expect(res.status, `${route.path}: ${text.slice(0, 200)}`).not.toBe(401)
      expect(text, route.path).not.toMatch(/No route for/)
    }
  })

  it.each([
    '/api/no-such-route',
    '/api/users/../layers',
    '/api/auth/me',
    '/tiles/basemap/10/553/300.mvt',
    '/tiles/no-such-layer/1/0/0.mvt',
    '/tiles/anything',
    ...layerCatalogue.map((l) => `/tiles/${l.id}/10/553/300.mvt`),
  ])('%s → 401 without a session', async (path) => {
    expect((await expectContractError(await as(undefined, path), 401, { what: path })).code).toBe(
      'unauthorized',
    )
  })

  it('answers health and takes sign-in without a session', async () => {
    expect((await as(undefined, '/api/health')).status).toBe(200)
    const res = await as(undefined, '/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'lasare', password: 'not the password' }),
    })
    expect((await expectContractError(res, 401)).code).toBe('unauthorized')
  })
})

interface RestrictedObject {
  id: string
  name: string
  lon: number
  lat: number
}

/** Restricted objects with a place on the map (a cyber risk has none), straight from the database. */
async function restrictedIn(table: 'critical_assets' | 'rsa_risks', nameColumn: string, n = 5) {
  const rows = await db.query<RestrictedObject>(
    sql.raw(`SELECT id::text AS id, ${nameColumn} AS name,
      ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat
      FROM ${table} WHERE classification = 'restricted' AND geom IS NOT NULL ORDER BY id LIMIT ${n}`),
  )
  expect(rows.length, `${table} holds restricted objects`).toBeGreaterThan(0)
  return rows.map((r) => ({ ...r, lon: Number(r.lon), lat: Number(r.lat) }))
}

async function allRestrictedIds(table: string): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    sql.raw(`SELECT id::text AS id FROM ${table} WHERE classification = 'restricted' AND geom IS NOT NULL`),
  )
  return new Set(rows.map((r) => r.id))
}

describe('need-to-know: the viewer (lasare) against the crisis manager (krisledare)', () => {
  it('lists no layer above the caller’s clearance', async () => {
    const viewer = await json<{ layers: { id: string; classification: string }[] }>('lasare', '/api/layers')
    const crisis = await json<{ layers: { id: string; classification: string }[] }>(
      'krisledare',
      '/api/layers',
    )
    expect(viewer.layers.some((l) => l.classification === 'restricted')).toBe(false)
    expect(viewer.layers.map((l) => l.id)).not.toContain('incidents')
    expect(crisis.layers.map((l) => l.id)).toContain('incidents')
  })

  it('answers a restricted layer like one that does not exist', async () => {
    for (const path of [
      '/api/layers/incidents/features?limit=1',
      '/tiles/incidents/10/553/300.mvt',
      '/tiles/incidents/15/17700/9640.mvt',
    ]) {
      const hidden = await expectContractError(await as('lasare', path), 404, { what: path })
      const missing = await expectContractError(
        await as('lasare', path.replace('incidents', 'no-such-layer')),
        404,
        { what: path },
      )
      expect(hidden.code).toBe(missing.code)
      expect(hidden.message.replace('incidents', '…')).toBe(missing.message.replace('no-such-layer', '…'))
      expect((await as('krisledare', path)).status, path).toBe(200)
    }
  })

  it('never lists a restricted object in any layer it may read', async () => {
    const { layers } = await json<{ layers: { id: string }[] }>('lasare', '/api/layers')
    for (const { id } of layers) {
      const features = await allFeatures('lasare', id)
      const restricted = features.filter((f) => f.properties?.classification === 'restricted')
      expect(
        restricted.map((f) => f.id),
        id,
      ).toEqual([])
    }
  })

  it.each([
    ['critical-assets', 'critical_assets'],
    ['rsa-risks', 'rsa_risks'],
  ])(
    '%s: every restricted object is missing for the viewer and present for the crisis manager',
    async (layerId, table) => {
      const restricted = await allRestrictedIds(table)
      expect(restricted.size).toBeGreaterThan(0)
      const viewerIds = new Set((await allFeatures('lasare', layerId)).map((f) => String(f.id)))
      const crisisIds = new Set((await allFeatures('krisledare', layerId)).map((f) => String(f.id)))
      expect([...restricted].filter((id) => viewerIds.has(id))).toEqual([])
      expect([...restricted].filter((id) => !crisisIds.has(id))).toEqual([])
      // The difference is exactly the restricted objects: the viewer misses nothing else.
      expect([...crisisIds].filter((id) => !viewerIds.has(id)).sort()).toEqual([...restricted].sort())
    },
  )

  it('hides dependencies that touch a restricted asset', async () => {
    const [row] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM asset_dependencies WHERE classification = 'restricted'`,
    )
    expect(Number(row?.n)).toBeGreaterThan(0)
    const viewer = await allFeatures('lasare', 'dependencies')
    const crisis = await allFeatures('krisledare', 'dependencies')
    expect(viewer.filter((f) => f.properties?.classification === 'restricted')).toEqual([])
    expect(crisis.filter((f) => f.properties?.classification === 'restricted').length).toBeGreaterThan(0)
  })

  it('answers a restricted object by id exactly like a missing id', async () => {
    const objects = [
      ...(await restrictedIn('critical_assets', 'name')).map((o) => ({ ...o, layer: 'critical-assets' })),
      ...(await restrictedIn('rsa_risks', 'title')).map((o) => ({ ...o, layer: 'rsa-risks' })),
    ]
    for (const o of objects) {
      const path = `/api/layers/${o.layer}/features/${o.id}`
      const hidden = await expectContractError(await as('lasare', path), 404, { what: path })
      const missing = await expectContractError(
        await as('lasare', `/api/layers/${o.layer}/features/${UNUSED_UUID}`),
        404,
      )
      expect({ ...hidden, message: hidden.message.replace(o.id, '…') }).toEqual({
        ...missing,
        message: missing.message.replace(UNUSED_UUID, '…'),
      })
      const seen = await json<Feature>('krisledare', path)
      expect(seen.id).toBe(o.id)
      expect(seen.properties?.classification).toBe('restricted')
    }
  })

  it('does not find a restricted object by its name', async () => {
    const objects = [
      ...(await restrictedIn('critical_assets', 'name', 3)),
      ...(await restrictedIn('rsa_risks', 'title', 3)),
    ]
    for (const o of objects) {
      const path = `/api/search?q=${encodeURIComponent(o.name)}&limit=50`
      const viewer = await json<{ results: { id: string }[] }>('lasare', path)
      const crisis = await json<{ results: { id: string }[] }>('krisledare', path)
      expect(
        viewer.results.map((r) => r.id),
        o.name,
      ).not.toContain(o.id)
      expect(
        crisis.results.map((r) => r.id),
        o.name,
      ).toContain(o.id)
    }
  })

  it.each([8, 10, 12, 14, 16])('leaves restricted assets out of critical-assets tiles at z%i', async (z) => {
    const restricted = await allRestrictedIds('critical_assets')
    const [asset] = await restrictedIn('critical_assets', 'name', 1)
    const { x, y } = lonLatToTile(asset!.lon, asset!.lat, z)
    const idsIn = async (user: string) => {
      const res = await as(user, `/tiles/critical-assets/${z}/${x}/${y}.mvt`)
      expect(res.status).toBe(200)
      return (decodeTile(new Uint8Array(await res.arrayBuffer()))['critical-assets'] ?? []).map((f) =>
        String(f.properties.id),
      )
    }
    const viewer = await idsIn('lasare')
    const crisis = await idsIn('krisledare')
    expect(crisis).toContain(asset!.id)
    expect(viewer.filter((id) => restricted.has(id))).toEqual([])
    expect(viewer.length).toBeLessThan(crisis.length)
  })

  it('leaves restricted dependencies out of tiles', async () => {
    const [asset] = await restrictedIn('critical_assets', 'name', 1)
    const { x, y } = lonLatToTile(asset!.lon, asset!.lat, 11)
    const featuresIn = async (user: string) => {
      const res = await as(user, `/tiles/dependencies/11/${x}/${y}.mvt`)
      expect(res.status).toBe(200)
      return decodeTile(new Uint8Array(await res.arrayBuffer())).dependencies ?? []
    }
    const crisis = await featuresIn('krisledare')
    expect(crisis.some((f) => f.properties.classification === 'restricted')).toBe(true)
    expect((await featuresIn('lasare')).filter((f) => f.properties.classification === 'restricted')).toEqual(
      [],
    )
  })

  it('counts restricted incidents in aggregated cells only for callers cleared for them', async () => {
    const [row] = await db.query<{ lon: number; lat: number }>(sql`
      SELECT ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incidents WHERE classification = 'restricted'
      ORDER BY id LIMIT 1`)
    const { x, y } = lonLatToTile(Number(row!.lon), Number(row!.lat), 10)
    const path = `/tiles/incidents/10/${x}/${y}.mvt`
    const cells =
      decodeTile(new Uint8Array(await (await as('krisledare', path)).arrayBuffer())).incidents ?? []
    expect(cells.length).toBeGreaterThan(0)
    expect(cells.every((f) => Number(f.properties.count) >= 1)).toBe(true)
    await expectContractError(await as('lasare', path), 404)
  })
})

describe('need-to-know in exports', () => {
  interface Export {
    classification: string
    exportedBy: string
    features: Feature[]
  }
  const exported = async (user: string, layerId: string) => {
    const res = await as(user, `/api/layers/${layerId}/export?format=geojson`)
    expect(res.status, `${user} ${layerId}`).toBe(200)
    return { body: (await res.json()) as Export, classification: res.headers.get('x-classification') }
  }

  it.each([
    ['critical-assets', 'critical_assets'],
    ['rsa-risks', 'rsa_risks'],
  ])(
    '%s: the police export without the restricted objects, the crisis manager with them and marked so',
    async (layerId, table) => {
      const restricted = await allRestrictedIds(table)
      const police = await exported('polis', layerId)
      const crisis = await exported('krisledare', layerId)
      expect(police.body.features.length).toBeGreaterThan(0)
      expect(police.body.features.filter((f) => restricted.has(String(f.id)))).toEqual([])
      expect(police.body.classification).toBe('internal')
      expect(police.classification).toBe('internal')
      expect(crisis.body.features.filter((f) => restricted.has(String(f.id))).length).toBe(restricted.size)
      expect(crisis.body.classification).toBe('restricted')
      expect(crisis.body.exportedBy).toBe('krisledare')
    },
  )

  it('leaves restricted objects out of a CSV export too', async () => {
    const restricted = await allRestrictedIds('critical_assets')
    const res = await as('polis', '/api/layers/critical-assets/export?format=csv')
    expect(res.status).toBe(200)
    const csv = await res.text()
    expect(csv.split('\r\n').length).toBeGreaterThan(10)
    expect([...restricted].filter((id) => csv.includes(id))).toEqual([])
    expect(csv).not.toContain('restricted')
  })

  it('gives the viewer no export above open, and no sign of a restricted layer', async () => {
    await expectContractError(await as('lasare', '/api/layers/critical-assets/export'), 403)
    const hidden = await expectContractError(await as('lasare', '/api/layers/incidents/export'), 404)
    const missing = await expectContractError(await as('lasare', '/api/layers/no-such-layer/export'), 404)
    expect(hidden.message.replace('incidents', '…')).toBe(missing.message.replace('no-such-layer', '…'))
    const open = await exported('lasare', 'districts')
    expect(open.body.classification).toBe('open')
  })
})

describe('need-to-know: the viewer gets the incident twin instead of the points', () => {
  /** Every id of an incident, to look for in what the viewer gets. */
  let incidentIds: string[]

  beforeAll(async () => {
    incidentIds = (
      await db.query<{ id: string }>(sql`SELECT id::text AS id FROM incidents ORDER BY id LIMIT 2000`)
    ).map((r) => r.id)
  })

  it('lists the twin for the viewer in place of the points', async () => {
    const { layers } = await json<{ layers: { id: string; classification: string }[] }>(
      'lasare',
      '/api/layers',
    )
    expect(layers.map((l) => l.id)).toContain('incident-hexagons')
    expect(layers.map((l) => l.id)).not.toContain('incidents')
  })

  it('gives counts per hexagon, never fewer than the minimum, and nothing that points at one incident', async () => {
    const res = await as('lasare', '/api/layers/incident-hexagons/features?limit=10000')
    const text = await res.text()
    expect(res.status).toBe(200)
    const fc = JSON.parse(text) as FeatureCollection
    expect(fc.features.length).toBeGreaterThan(10)
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('Polygon')
      expect(String(f.id)).toMatch(/^-?\d+:-?\d+$/)
      expect(Number(f.properties?.count)).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
      expect(Object.keys(f.properties ?? {}).sort()).toEqual(
        [
          'categoryGroup',
          'classification',
          'count',
          'disclosureControl',
          'hexagonAcrossMetres',
          'minimumCount',
          'period',
          'periodFrom',
          'periodTo',
        ].sort(),
      )
      expect(f.properties?.disclosureControl).toBe('cell-key')
    }
    expect(incidentIds.filter((id) => text.includes(id))).toEqual([])
  })

  it('cannot be narrowed by time and category to a single restricted incident', async () => {
    const [incident] = await db.query<{
      occurred_at: Date | string
      category: string
      lon: number
      lat: number
    }>(sql`
      SELECT occurred_at, category, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM incidents
      WHERE classification = 'restricted' ORDER BY id LIMIT 1`)
    const at = new Date(incident!.occurred_at)
    const from = new Date(at.getTime() - 60_000).toISOString()
    const to = new Date(at.getTime() + 60_000).toISOString()
    const query = `category=${incident!.category}&from=${from}&to=${to}`
    const fc = await json<FeatureCollection>('lasare', `/api/layers/incident-hexagons/features?${query}`)
    for (const f of fc.features)
      expect(Number(f.properties?.count)).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
    for (const z of [10, 13, 16]) {
      const { x, y } = lonLatToTile(Number(incident!.lon), Number(incident!.lat), z)
      const res = await as('lasare', `/tiles/incident-hexagons/${z}/${x}/${y}.mvt?${query}`)
      expect(res.status).toBe(200)
      for (const f of decodeTile(new Uint8Array(await res.arrayBuffer()))['incident-hexagons'] ?? [])
        expect(Number(f.properties.count)).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
    }
  })

  it.each([10, 12, 14, 16])('carries only counts in twin tiles at z%i', async (z) => {
    const [row] = await db.query<{ lon: number; lat: number }>(sql`
      SELECT ST_X(ST_Centroid(ST_Collect(geom))) AS lon, ST_Y(ST_Centroid(ST_Collect(geom))) AS lat
      FROM incidents GROUP BY ST_SnapToGrid(geom, 0.01) ORDER BY count(*) DESC LIMIT 1`)
    const { x, y } = lonLatToTile(Number(row!.lon), Number(row!.lat), z)
    const res = await as('lasare', `/tiles/incident-hexagons/${z}/${x}/${y}.mvt`)
    expect(res.status).toBe(200)
    const features = decodeTile(new Uint8Array(await res.arrayBuffer()))['incident-hexagons'] ?? []
    expect(features.length).toBeGreaterThan(0)
    for (const f of features) {
      expect(Object.keys(f.properties).sort()).toEqual(['classification', 'count', 'id'])
      expect(Number(f.properties.count)).toBeGreaterThanOrEqual(DISCLOSURE_THRESHOLD)
    }
  })
})

describe('need-to-know: the police (polis) see restricted incidents but not restricted assets', () => {
  it('reads a restricted incident by id', async () => {
    const [incident] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM incidents WHERE classification = 'restricted' ORDER BY id LIMIT 1`,
    )
    const feature = await json<Feature>('polis', `/api/layers/incidents/features/${incident!.id}`)
    expect(feature.properties?.classification).toBe('restricted')
    await expectContractError(await as('lasare', `/api/layers/incidents/features/${incident!.id}`), 404)
  })

  it('lists restricted incidents among the incidents', async () => {
    const fc = await json<FeatureCollection>('polis', '/api/layers/incidents/features?limit=2000')
    expect(fc.features.some((f) => f.properties?.classification === 'restricted')).toBe(true)
  })

  it('does not see a Styrel class 1–2 asset in list, by id, by name or in a tile', async () => {
    const restricted = await allRestrictedIds('critical_assets')
    const [styrel] = await db.query<{ n: number }>(sql`
      SELECT count(*)::int AS n FROM critical_assets WHERE classification = 'restricted' AND styrel_class > 2`)
    expect(Number(styrel?.n), 'restricted assets are the Styrel class 1–2 ones').toBe(0)
    const listed = (await allFeatures('polis', 'critical-assets')).map((f) => String(f.id))
    expect(listed.length).toBeGreaterThan(0)
    expect(listed.filter((id) => restricted.has(id))).toEqual([])

    const [asset] = await restrictedIn('critical_assets', 'name', 1)
    await expectContractError(await as('polis', `/api/layers/critical-assets/features/${asset!.id}`), 404)
    const search = await json<{ results: { id: string }[] }>(
      'polis',
      `/api/search?q=${encodeURIComponent(asset!.name)}&limit=50`,
    )
    expect(search.results.map((r) => r.id)).not.toContain(asset!.id)
    const { x, y } = lonLatToTile(asset!.lon, asset!.lat, 14)
    const tile = decodeTile(
      new Uint8Array(await (await as('polis', `/tiles/critical-assets/14/${x}/${y}.mvt`)).arrayBuffer()),
    )
    expect((tile['critical-assets'] ?? []).map((f) => String(f.properties.id))).not.toContain(asset!.id)
  })
})
