/**
 * `POST /api/analysis/hotspots` through the app over the seeded test database: the caller's own
 * features against spdep's values, stored incidents for a cleared analyst, and for the viewer
 * (`lasare`) only what the disclosure control publishes.
 */
import type { FeatureCollection } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HotspotAnswer } from '../../common/hotspots.ts'
import { firstDifference, loadFixture } from '../../common/testing/fixtures.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { signIn } from '../testing/sign-in.ts'
import { shuffledOrder } from './hotspots/testing.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['lasare', 'analytiker', 'polis', 'planerare']) cookies[user] = await signIn(app, user)
})
afterAll(async () => {
  await db?.close()
})

async function hotspots(user: string, body: unknown) {
  const res = await app.request('/api/analysis/hotspots', {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: cookies[user]! },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as HotspotAnswer & { error?: unknown } }
}

describe('given features', () => {
  const fixture = loadFixture('columbus-hotspots')
  const columbus = fixture.json<FeatureCollection>('geojson')
  const expected = fixture.expected() as { global: unknown; features: { id: string }[] }

  it("Columbus's CRIME with the published weights gives spdep's values, in any order", async () => {
    const lists: Record<string, string[]> = {}
    const lines = fixture.text('gal').trim().split('\n').slice(1)
    for (let k = 0; k < lines.length; k += 2) {
      const [id] = lines[k]!.trim().split(/\s+/)
      lists[id!] = lines[k + 1]!.trim().split(/\s+/)
    }
    for (const seed of [0, 4]) {
      const order =
        seed === 0 ? columbus.features.map((_, i) => i) : shuffledOrder(columbus.features.length, seed)
      const { status, body } = await hotspots('lasare', {
        features: { type: 'FeatureCollection', features: order.map((i) => columbus.features[i]) },
        valueProperty: 'CRIME',
        idProperty: 'POLYID',
        crs: 'planar',
        weights: { type: 'neighbours', neighbours: lists },
      })
      expect(status).toBe(200)
      expect(HotspotAnswer.safeParse(body).success).toBe(true)
      const byId = new Map(body.features.map((f) => [String(f.properties.value && f.id), f]))
      const actual = {
        global: body.global,
        features: expected.features.map(({ id }) => {
          const f = byId.get(id)!
          const { localMoranPseudoP: _, ...rest } = f.properties
          return { id: String(f.id), ...rest }
        }),
      }
      expect(firstDifference(expected, actual, { absolute: 1e-9 })).toBeNull()
      expect(body.choice.chosenFromData.weights).toBe(false)
    }
  })

  it('queen contiguity from the polygons by default, with the choice said in words', async () => {
    const { status, body } = await hotspots('lasare', {
      features: columbus,
      valueProperty: 'CRIME',
      idProperty: 'POLYID',
      crs: 'planar',
    })
    expect(status).toBe(200)
    expect(body.choice.weights).toEqual({ type: 'queen' })
    expect(body.choice.explanation.sv).toMatch(/queen/)
    // The same links as the published GAL, so the same global Moran's I.
    expect(body.global.moranI).toBeCloseTo((expected.global as { moranI: number }).moranI, 12)
  })
})

describe('stored incidents', () => {
  it('one click gives a sound map for the analyst: grid and band chosen from the data and explained', async () => {
    const { status, body } = await hotspots('analytiker', { layer: 'incidents', category: 'crime' })
    expect(status).toBe(200)
    expect(HotspotAnswer.safeParse(body).success).toBe(true)
    expect(body.disclosure?.control).toBe('none')
    expect(body.choice.chosenFromData).toEqual({ units: true, weights: true })
    expect(body.choice.units).toHaveProperty('hexagon')
    expect(body.choice.weights.type).toBe('distance')
    expect(body.choice.explanation.en).toMatch(/smallest size at which at least 80 %/)
    const hot = body.features.filter((f) => f.properties.giStarBin === 3)
    expect(hot.length).toBeGreaterThan(0)
    expect(body.features.some((f) => f.properties.giStarBin === 0)).toBe(true)
  })

  it('gives the viewer the published counts of the twin and nothing finer', async () => {
    const month = { from: '2025-03-01', to: '2025-04-01' }
    const { status, body } = await hotspots('lasare', {
      layer: 'incidents',
      category: 'assault',
      ...month,
      units: { hexagon: 1000 },
      weights: { type: 'queen' },
    })
    expect(status).toBe(200)
    expect(body.disclosure).toMatchObject({ control: 'cell-key', period: '2025-03', categoryGroup: 'crime' })
    const twin = await app.request(
      `/api/layers/incident-hexagons/features?limit=10000&category=assault&from=${month.from}&to=${month.to}`,
      { headers: { cookie: cookies.lasare! } },
    )
    const published = new Map(
      ((await twin.json()) as FeatureCollection).features.map((f) => [f.id, f.properties!.count as number]),
    )
    for (const f of body.features) expect(f.properties.value).toBe(published.get(f.id) ?? 0)
    for (const [id, count] of published)
      expect(body.features.find((f) => f.id === id)?.properties.value).toBe(count)
  })

  it('answers the viewer alike for every question inside one fixed period and group (no difference to take)', async () => {
    const ask = (body: object) =>
      hotspots('lasare', { layer: 'incidents', units: { hexagon: 500 }, weights: { type: 'queen' }, ...body })
    const wide = await ask({ category: 'crime', from: '2025-03-01', to: '2025-04-01' })
    const narrow = await ask({ category: ['robbery'], from: '2025-03-09T00:00:00+01:00', to: '2025-03-17' })
    expect(narrow.status).toBe(200)
    expect(narrow.body).toEqual(wide.body)
    // A grid size between the published ones is the next published grid.
    const between = await ask({
      category: 'crime',
      from: '2025-03-01',
      to: '2025-04-01',
      units: { hexagon: 420 },
    })
    expect(between.body.features).toEqual(wide.body.features)
    expect(between.body.choice.units).toEqual({ hexagon: 500 })
  })

  it('the cleared analyst gets true counts for exactly the window asked', async () => {
    const ask = (to: string) =>
      hotspots('analytiker', {
        layer: 'incidents',
        category: 'crime',
        from: '2025-03-01',
        to,
        units: { hexagon: 1000 },
        weights: { type: 'queen' },
      })
    const month = await ask('2025-04-01')
    const half = await ask('2025-03-16')
    const total = (a: HotspotAnswer) => a.features.reduce((s, f) => s + f.properties.value, 0)
    expect(total(half.body)).toBeLessThan(total(month.body))
    expect(month.body.disclosure?.control).toBe('none')
  })

  it('districts as units, queen contiguity from their polygons', async () => {
    const { status, body } = await hotspots('polis', { layer: 'incidents', units: { areas: 'districts' } })
    expect(status).toBe(200)
    expect(body.features.length).toBeGreaterThanOrEqual(4)
    expect(body.islands).toEqual([])
    expect(body.features.every((f) => f.properties.localMoranPseudoP !== null)).toBe(true)
  })
})
