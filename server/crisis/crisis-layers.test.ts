/**
 * The crisis layers of the map (open sessions' affected areas and their annotations) follow the
 * sessions' need-to-know: only those who may see a session see its area and annotations, in the
 * features, a single object, search and the vector tiles alike.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lonLatToTile } from '../../common/geo.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { decodeTile } from '../testing/mvt.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
let annotation: { id: string; label: string; lon: number; lat: number }
/** The seeded example session; on PostgreSQL other suites add sessions of their own beside it. */
let exampleId: string

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN } })
  // The example session invites the police and the municipality's management by organisation; the
  // planners' organisation (samhällsbyggnad) is not invited.
  for (const user of ['krisledare', 'polis', 'planerare']) cookies[user] = await signIn(app, user)
  const [example] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM crisis_sessions WHERE title LIKE 'Elavbrott%' ORDER BY created_at LIMIT 1`,
  )
  exampleId = example!.id
  const [row] = await db.query<{ id: string; label: string; lon: number; lat: number }>(
    sql`SELECT id::text AS id, properties->>'label' AS label, ST_X(geom) AS lon, ST_Y(geom) AS lat
      FROM annotations WHERE session_id = ${exampleId}::uuid AND kind = 'point' AND deleted_at IS NULL
        AND properties ? 'label' LIMIT 1`,
  )
  annotation = row!
})

afterAll(async () => {
  await db?.close()
})

const as = (user: string, path: string) => app.request(path, { headers: { cookie: cookies[user]! } })

/** The ids of the example session's features in a crisis layer, as a user gets them. */
async function featureIds(user: string, layerId: string): Promise<string[]> {
  const res = await as(user, `/api/layers/${layerId}/features?limit=10000`)
  expect(res.status).toBe(200)
  const { features } = (await res.json()) as {
    features: { id: string; properties: { sessionId?: string } }[]
  }
  return features
    .filter((f) => (layerId === 'crisis-sessions' ? f.id : f.properties.sessionId) === exampleId)
    .map((f) => f.id)
    .sort()
}

describe.each(['crisis-annotations', 'crisis-sessions'])('%s', (layerId) => {
  it('shows the example session to the invited and the crisis managers, not to the uninvited', async () => {
    const crisis = await featureIds('krisledare', layerId)
    expect(crisis.length).toBeGreaterThan(0)
    expect(await featureIds('polis', layerId)).toEqual(crisis)
    expect(await featureIds('planerare', layerId)).toEqual([])
  })
})

it('answers 404 for one annotation of a session the caller may not see', async () => {
  const path = `/api/layers/crisis-annotations/features/${annotation.id}`
  expect((await as('polis', path)).status).toBe(200)
  expect((await as('planerare', path)).status).toBe(404)
})

it('leaves the annotations of sessions the caller may not see out of search and tiles', async () => {
  const hits = async (user: string) => {
    const res = await as(user, `/api/search?q=${encodeURIComponent(annotation.label)}&limit=50`)
    return ((await res.json()) as { results: { layerId: string; id: string }[] }).results.filter(
      (r) => r.layerId === 'crisis-annotations',
    )
  }
  expect((await hits('polis')).map((r) => r.id)).toContain(annotation.id)
  expect((await hits('planerare')).map((r) => r.id)).not.toContain(annotation.id)
  const { x, y } = lonLatToTile(annotation.lon, annotation.lat, 14)
  const tileIds = async (user: string) => {
    const res = await as(user, `/tiles/crisis-annotations/14/${x}/${y}.mvt`)
    expect(res.status).toBe(200)
    return (decodeTile(new Uint8Array(await res.arrayBuffer()))['crisis-annotations'] ?? []).map((f) =>
      String(f.properties.id),
    )
  }
  expect(await tileIds('polis')).toContain(annotation.id)
  expect(await tileIds('planerare')).not.toContain(annotation.id)
})
