/**
 * The classification rules (`common/classification-rules.ts`) hold on every write through the API:
 * a new or changed object gets at least the classification its rule asks for, a write may ask for
 * more but never for less, and the demo seed follows the same rules.
 */
import { sql } from 'drizzle-orm'
import type { Feature } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { minimumClassification } from '../../common/classification-rules.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
let inside: [number, number]

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['analytiker', 'krisledare', 'polis']) cookies[user] = await signIn(app, user)
  inside = await pointInMunicipality(db)
})

afterAll(async () => {
  await db?.close()
})

async function write(user: string, method: 'POST' | 'PATCH', path: string, body: unknown) {
  const res = await app.request(path, {
    method,
    headers: { cookie: cookies[user]!, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Feature & { error?: { message: string } } }
}

const stored = async (table: string, id: string) =>
  (
    await db.query<{ classification: string }>(
      sql`SELECT classification FROM ${sql.identifier(table)} WHERE id = ${id}::uuid`,
    )
  )[0]?.classification

const asset = (styrelClass: number, extra: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates: inside },
  properties: {
    name: `Ställverk klass ${styrelClass}`,
    sector: 'energy',
    function: 'Elförsörjning',
    styrelClass,
    ...extra,
  },
})

describe('classification rules on every write', () => {
  it('makes a new Styrel class 1 asset restricted, and a class 4 one internal', async () => {
    const one = await write('krisledare', 'POST', '/api/layers/critical-assets/features', asset(1))
    expect(one.status).toBe(201)
    expect(await stored('critical_assets', String(one.body.id))).toBe('restricted')
    const four = await write('krisledare', 'POST', '/api/layers/critical-assets/features', asset(4))
    expect(four.status).toBe(201)
    expect(await stored('critical_assets', String(four.body.id))).toBe('internal')
  })

  it('refuses to mark a Styrel class 2 asset below restricted, naming the rule', async () => {
    const low = await write(
      'krisledare',
      'POST',
      '/api/layers/critical-assets/features',
      asset(2, { classification: 'internal' }),
    )
    expect(low.status).toBe(400)
    expect(low.body.error?.message).toMatch(/Styrel class 1–2/)
  })

  it('raises an asset changed to Styrel class 1, and keeps it there when the change asks for less', async () => {
    const created = await write('krisledare', 'POST', '/api/layers/critical-assets/features', asset(5))
    const path = `/api/layers/critical-assets/features/${created.body.id}`
    expect((await write('krisledare', 'PATCH', path, { properties: { styrelClass: 1 } })).status).toBe(200)
    expect(await stored('critical_assets', String(created.body.id))).toBe('restricted')
    const lower = await write('krisledare', 'PATCH', path, { properties: { classification: 'internal' } })
    expect(lower.status).toBe(400)
    expect(await stored('critical_assets', String(created.body.id))).toBe('restricted')
  })

  it('makes a red-band risk, a police point and a threat against staff restricted', async () => {
    const risk = await write('analytiker', 'POST', '/api/layers/rsa-risks/features', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: inside },
      properties: {
        title: 'Brand i äldreboende',
        hazard: 'fire',
        analysisYear: 2025,
        likelihood: 5,
        consequences: { life_health: 3 },
      },
    })
    expect(risk.status).toBe(201)
    expect(await stored('rsa_risks', String(risk.body.id))).toBe('restricted')
    const incident = (category: string, source: string) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: inside },
      properties: { category, source, occurredAt: '2025-03-01T10:00:00Z' },
    })
    for (const [category, source] of [
      ['vandalism', 'police'],
      ['threat_to_staff', 'municipality'],
      ['unlawful_influence', 'municipality'],
    ] as const) {
      const created = await write(
        'analytiker',
        'POST',
        '/api/layers/incidents/features',
        incident(category, source),
      )
      expect(created.status, `${category} ${source}`).toBe(201)
      expect(await stored('incidents', String(created.body.id)), `${category} ${source}`).toBe('restricted')
    }
  })

  it('finds the seed following the same rules', async () => {
    const below = await db.query<{ n: number }>(sql`
      SELECT (SELECT count(*) FROM critical_assets WHERE styrel_class <= 2 AND classification <> 'restricted')
        + (SELECT count(*) FROM incidents WHERE (source = 'police' OR category IN ('threat_to_staff', 'unlawful_influence'))
            AND classification <> 'restricted') AS n`)
    expect(Number(below[0]!.n)).toBe(0)
    const risks = await db.query<{
      likelihood: number
      consequences: Record<string, number>
      classification: string
    }>(sql`SELECT likelihood, consequences, classification FROM rsa_risks`)
    expect(risks.length).toBeGreaterThan(0)
    for (const r of risks)
      if (minimumClassification('rsa-risks', r) === 'restricted') expect(r.classification).toBe('restricted')
  })
})
