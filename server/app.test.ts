/**
 * The HTTP API over a seeded demo municipality (Norrköping). Runs on a PGlite snapshot by default
 * and on PostgreSQL with `npm run test:postgres`.
 */
import type { Feature, FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiError } from '../common/errors.ts'
import { lonLatToTile } from '../common/geo.ts'
import { GeoJsonFeatureCollection } from '../common/geojson.ts'
import { layerCatalogue } from '../common/layers.ts'
import type { Database } from '../db/client.ts'
import { densestIncidentCell, openTestDatabase, TEST_KOMMUN } from '../db/testing/test-database.ts'
import { createApp } from './app.ts'
import { decodeTile } from './testing/mvt.ts'
import { signIn } from './testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
/** The session cookie of the demo crisis manager, who may read everything. */
let cookie: string
const request = (path: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { cookie, ...(init.headers as Record<string, string>) } })
/** The densest cell of demo incidents (Norrköping's centre). */
let centre: [number, number]

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  cookie = await signIn(app, 'krisledare')
  centre = await densestIncidentCell(db)
})

afterAll(async () => {
  await db?.close()
})

async function getJson<T>(path: string, status = 200): Promise<T> {
  const res = await request(path)
  const body = await res.json()
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(status)
  return body as T
}

/** Asserts a 4xx answer in the contract's error shape and returns its code. */
async function expectError(path: string, status: number): Promise<string> {
  const res = await request(path)
  expect(res.status, path).toBe(status)
  const body = ApiError.parse(await res.json())
  expect(body.error.message.length).toBeGreaterThan(0)
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+|SELECT|syntax error/i)
  return body.error.code
}

describe('health and configuration', () => {
  it('answers ok and names the backend', async () => {
    expect(await getJson('/api/health')).toEqual({ status: 'ok', database: db.kind })
  })

  it('opens on the configured municipality', async () => {
    const config = await getJson<{ kommun: string; name: string; bbox: number[] }>('/api/config')
    expect(config.kommun).toBe('0581')
    expect(config.name).toBe('Norrköping')
    const [minLon, minLat, maxLon, maxLat] = config.bbox
    expect(minLon).toBeGreaterThan(15.4)
    expect(maxLon).toBeLessThan(17)
    expect(minLat).toBeGreaterThan(58.3)
    expect(maxLat).toBeLessThan(58.9)
  })
})

describe('GET /api/layers', () => {
  it('lists the catalogue with the contract fields', async () => {
    const { layers } = await getJson<{ layers: Record<string, unknown>[] }>('/api/layers')
    expect(layers.map((l) => l.id)).toEqual(layerCatalogue.map((l) => l.id))
    for (const layer of layers) {
      for (const key of ['id', 'title', 'group', 'geometryType', 'classification', 'editable'])
        expect(layer).toHaveProperty(key)
    }
  })
})

describe('GET /api/layers/{id}/features', () => {
  const emptyInDemo = new Set(['planning-assessments'])

  it.each(layerCatalogue.map((l) => [l.id, l.geometryType] as const))(
    '%s returns valid GeoJSON',
    async (id, type) => {
      const fc = await getJson<FeatureCollection>(`/api/layers/${id}/features?limit=200`)
      const parsed = GeoJsonFeatureCollection.safeParse(fc)
      expect(parsed.success, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))).toBe(true)
      if (!emptyInDemo.has(id)) expect(fc.features.length, `${id} has features`).toBeGreaterThan(0)
      const ids = fc.features.map((f) => f.id)
      expect(new Set(ids).size).toBe(ids.length)
      for (const f of fc.features) {
        expect(typeof f.id).toBe('string')
        if (type !== 'Geometry') expect(f.geometry.type.replace('Multi', '')).toBe(type)
        expect(f.properties?.classification).toMatch(/^(open|internal|restricted)$/)
      }
    },
  )

  it('keeps to the bounding box', async () => {
    const [lon, lat] = centre
    const bbox = [lon - 0.01, lat - 0.005, lon + 0.01, lat + 0.005]
    const fc = await getJson<FeatureCollection>(
      `/api/layers/incidents/features?bbox=${bbox.join(',')}&limit=5000`,
    )
    expect(fc.features.length).toBeGreaterThan(0)
    for (const f of fc.features) {
      const [x, y] = (f.geometry as GeoJSON.Point).coordinates
      expect(x).toBeGreaterThanOrEqual(bbox[0]!)
      expect(x).toBeLessThanOrEqual(bbox[2]!)
      expect(y).toBeGreaterThanOrEqual(bbox[1]!)
      expect(y).toBeLessThanOrEqual(bbox[3]!)
    }
  })

  it('pages without gaps or overlaps', async () => {
    const all = await getJson<FeatureCollection>('/api/layers/critical-assets/features?limit=60')
    const first = await getJson<FeatureCollection>('/api/layers/critical-assets/features?limit=30')
    const second = await getJson<FeatureCollection>('/api/layers/critical-assets/features?limit=30&offset=30')
    expect([...first.features, ...second.features].map((f) => f.id)).toEqual(all.features.map((f) => f.id))
  })

  it('filters by category and time', async () => {
    const from = '2025-06-01T00:00:00Z'
    const to = '2025-09-01T00:00:00Z'
    const fc = await getJson<FeatureCollection>(
      `/api/layers/incidents/features?category=assault,robbery&from=${from}&to=${to}&limit=2000`,
    )
    expect(fc.features.length).toBeGreaterThan(0)
    for (const f of fc.features) {
      expect(['assault', 'robbery']).toContain(f.properties?.category)
      const at = Date.parse(String(f.properties?.occurredAt))
      expect(at).toBeGreaterThanOrEqual(Date.parse(from))
      expect(at).toBeLessThan(Date.parse(to))
    }
  })

  it('returns one feature by id with its full attributes', async () => {
    const [asset] = (await getJson<FeatureCollection>('/api/layers/critical-assets/features?limit=1'))
      .features
    const feature = await getJson<Feature>(`/api/layers/critical-assets/features/${asset!.id}`)
    expect(feature.id).toBe(asset!.id)
    expect(feature.properties).toMatchObject({ name: asset!.properties!.name, sector: expect.any(String) })
    expect(feature.properties).toHaveProperty('acceptableOutageHours')
    expect(feature.properties).toHaveProperty('styrelClass')
  })
})

describe('GET /api/search', () => {
  it('finds a district by part of its name', async () => {
    const [district] = (await getJson<FeatureCollection>('/api/layers/districts/features?limit=1')).features
    const name = String(district!.properties!.name)
    const { results } = await getJson<{
      results: { layerId: string; id: string; name: string; bbox: number[] }[]
    }>(`/api/search?q=${encodeURIComponent(name.slice(0, 5))}`)
    expect(results.some((r) => r.layerId === 'districts' && r.id === district!.id)).toBe(true)
    for (const r of results) expect(r.bbox).toHaveLength(4)
  })

  it('treats LIKE wildcards literally', async () => {
    const { results } = await getJson<{ results: unknown[] }>('/api/search?q=%25%25')
    expect(results).toEqual([])
  })
})

describe('GET /tiles/{layer}/{z}/{x}/{y}.mvt', () => {
  it.each([8, 9, 10, 11, 12, 13, 14, 15, 16])(
    'incident tiles decode at z%i and stay under 500 KB',
    async (z) => {
      const { x, y } = lonLatToTile(centre[0], centre[1], z)
      const res = await request(`/tiles/incidents/${z}/${x}/${y}.mvt`)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect(bytes.byteLength).toBeLessThan(500 * 1024)
      const features = decodeTile(bytes).incidents ?? []
      expect(features.length).toBeGreaterThan(0)
      // Below z14 points come as counted cells; from z14 as incidents with their category, unless a
      // tile would hold more than MAX_POINTS_PER_TILE of them; at z16 the centre is always points.
      const isCell = (f: (typeof features)[number]) => Number(f.properties.count) >= 1
      const isIncident = (f: (typeof features)[number]) => typeof f.properties.category === 'string'
      if (z < 14) expect(features.every(isCell)).toBe(true)
      else if (z < 16) expect(features.every((f) => isCell(f) || isIncident(f))).toBe(true)
      else expect(features.every(isIncident)).toBe(true)
    },
  )

  it('draws the basemap from the app’s own data', async () => {
    const { x, y } = lonLatToTile(centre[0], centre[1], 10)
    const res = await request(`/tiles/basemap/10/${x}/${y}.mvt`)
    expect(res.status).toBe(200)
    const layers = decodeTile(new Uint8Array(await res.arrayBuffer()))
    expect(Object.keys(layers)).toEqual(expect.arrayContaining(['land', 'roads']))
    expect(layers.land!.some((f) => f.properties.name === 'Norrköping')).toBe(true)
  })

  it('serves every catalogue layer as a tile', async () => {
    const { x, y } = lonLatToTile(centre[0], centre[1], 11)
    for (const layer of layerCatalogue) {
      const res = await request(`/tiles/${layer.id}/11/${x}/${y}.mvt`)
      expect(res.status, layer.id).toBe(200)
      decodeTile(new Uint8Array(await res.arrayBuffer()))
    }
  })
})

describe('bad requests get a 4xx in the contract shape', () => {
  it.each([
    ['/api/layers/no-such-layer/features', 404],
    ['/api/layers/districts/features/00000000-0000-4000-8000-000000000000', 404],
    ['/tiles/no-such-layer/10/553/300.mvt', 404],
    ['/api/no-such-route', 404],
    ['/api/layers/incidents/features?bbox=1,2,3', 400],
    ['/api/layers/incidents/features?bbox=a,b,c,d', 400],
    ['/api/layers/incidents/features?bbox=16,58,15,59', 400],
    ['/api/layers/incidents/features?bbox=-200,58,15,59', 400],
    ['/api/layers/incidents/features?bbox=16,-95,17,59', 400],
    ['/api/layers/incidents/features?bbox=16,58,,59', 400],
    ['/api/layers/incidents/features?limit=0', 400],
    ['/api/layers/incidents/features?limit=100000', 400],
    ['/api/layers/incidents/features?offset=-1', 400],
    ['/api/layers/incidents/features?limit=ten', 400],
    ['/api/layers/districts/features?category=x', 400],
    ['/api/layers/critical-assets/features?from=2024-01-01', 400],
    ['/api/layers/incidents/features?from=yesterday', 400],
    ['/api/layers/incidents/features?from=2024-13-45', 400],
    ['/api/layers/incidents/features?from=2025-01-01&to=2024-01-01', 400],
    ["/api/layers/incidents/features?category=assault';DROP TABLE incidents;--", 400],
    ['/tiles/incidents/5/40/3.mvt', 400],
    ['/tiles/incidents/23/0/0.mvt', 400],
    ['/tiles/incidents/10/553/300.png', 400],
    ['/tiles/incidents/-1/0/0.mvt', 400],
    ['/tiles/incidents/10/553/300.mvt?from=soon', 400],
    ['/api/search?q=a', 400],
  ])('%s → %i', async (path, status) => {
    await expectError(path, status)
  })

  it('leaves the data unchanged after hostile input', async () => {
    const before = await getJson<FeatureCollection>('/api/layers/incidents/features?limit=10')
    await request("/api/layers/incidents/features?category=x'%20OR%201=1--")
    await request('/api/search?q=%27%3B%20DELETE%20FROM%20incidents%3B--')
    const after = await getJson<FeatureCollection>('/api/layers/incidents/features?limit=10')
    expect(after).toEqual(before)
  })
})
