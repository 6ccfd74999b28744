/**
 * The actor register through the HTTP API as the demo users: the list with search and filters, the
 * card (links, areas, owned assets only as far as the caller may read them), "who is responsible
 * here" at a point and in a drawn area, and links and areas created, changed and deleted with their
 * audit records. Runs on PGlite and, with `npm run test:postgres`, on PostgreSQL.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ActorCard, ActorSummary, ResponsibleGroup } from '../../common/actor-register.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['krisledare', 'analytiker', 'lasare', 'admin', 'planerare'])
    cookies[user] = await signIn(app, user)
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
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T }
}

type List = { actors: ActorSummary[]; total: number }

describe('the actor register', () => {
  it('lists every readable actor by name, and filters by search, type, sector and on-call', async () => {
    const all = await call<List>('lasare', 'GET', '/api/actors')
    expect(all.status).toBe(200)
    const [count] = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM actors`)
    expect(all.body.total).toBe(count!.n)
    const names = all.body.actors.map((a) => a.name)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))

    const police = await call<List>('lasare', 'GET', '/api/actors?type=police&type=rescue')
    expect(police.body.actors.length).toBeGreaterThan(0)
    expect(new Set(police.body.actors.map((a) => a.actorType))).toEqual(new Set(['police', 'rescue']))

    const onCall = await call<List>('lasare', 'GET', '/api/actors?onCall=true')
    const [withOnCall] = await db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM actors WHERE on_call IS NOT NULL`,
    )
    expect(onCall.body.total).toBe(withOnCall!.n)
    expect(onCall.body.actors.every((a) => a.onCall !== null)).toBe(true)

    const energy = await call<List>('lasare', 'GET', '/api/actors?sector=energy')
    expect(energy.body.actors.every((a) => a.sector === 'energy')).toBe(true)

    const search = await call<List>('lasare', 'GET', `/api/actors?q=${encodeURIComponent('kommunledning')}`)
    expect(search.body.actors.map((a) => a.name).some((n) => /Kommunledning/i.test(n))).toBe(true)
    const none = await call<List>('lasare', 'GET', `/api/actors?q=${encodeURIComponent('100%_nothing')}`)
    expect(none.body).toEqual({ actors: [], total: 0 })
  })

  it('filters by the district an actor is responsible in', async () => {
    const [district] = await db.query<{ id: string }>(
      sql`SELECT r.id::text AS id FROM areas r WHERE r.kind = 'district'
        AND EXISTS (SELECT 1 FROM actor_areas t WHERE ST_Intersects(t.geom, r.geom) AND NOT ST_Touches(t.geom, r.geom))
        ORDER BY r.name LIMIT 1`,
    )
    const inDistrict = await call<List>('lasare', 'GET', `/api/actors?areaId=${district!.id}`)
    const [expected] = await db.query<{ n: number }>(
      sql`SELECT count(DISTINCT t.actor_id)::int AS n FROM actor_areas t JOIN areas r ON r.id = ${district!.id}::uuid
        WHERE ST_Intersects(t.geom, r.geom) AND NOT ST_Touches(t.geom, r.geom)`,
    )
    expect(inDistrict.body.total).toBe(expected!.n)
    expect(inDistrict.body.total).toBeGreaterThan(0)
  })

  it("opens an actor's card with contacts, on-call, areas, links and the assets it owns", async () => {
    const [owner] = await db.query<{ id: string; internal: number; restricted: number }>(
      sql`SELECT owner_actor_id::text AS id,
          count(*) FILTER (WHERE classification = 'internal')::int AS internal,
          count(*) FILTER (WHERE classification = 'restricted')::int AS restricted
        FROM critical_assets WHERE owner_actor_id IS NOT NULL
        GROUP BY owner_actor_id HAVING count(*) FILTER (WHERE classification = 'restricted') > 0
        ORDER BY count(*) DESC LIMIT 1`,
    )
    const asCrisis = await call<ActorCard>('krisledare', 'GET', `/api/actors/${owner!.id}`)
    expect(asCrisis.status).toBe(200)
    expect(asCrisis.body.assets).toHaveLength(owner!.internal + owner!.restricted)
    // The viewer sees the actor but only the assets it may read: none of the restricted ones.
    const asViewer = await call<ActorCard>('lasare', 'GET', `/api/actors/${owner!.id}`)
    expect(asViewer.body.assets).toHaveLength(owner!.internal)
    const restrictedIds = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM critical_assets WHERE owner_actor_id = ${owner!.id}::uuid AND classification = 'restricted'`,
    )
    const text = JSON.stringify(asViewer.body)
    for (const { id } of restrictedIds) expect(text).not.toContain(id)

    const [linked] = await db.query<{ id: string; n: number }>(
      sql`SELECT a.id::text AS id, (SELECT count(*)::int FROM actor_links l WHERE l.from_actor_id = a.id OR l.to_actor_id = a.id) AS n
        FROM actors a WHERE a.on_call IS NOT NULL ORDER BY 2 DESC, a.name LIMIT 1`,
    )
    const card = await call<ActorCard>('lasare', 'GET', `/api/actors/${linked!.id}`)
    expect(card.body.links).toHaveLength(linked!.n)
    expect(card.body.actor.onCall?.function).toBeTruthy()
    expect(card.body.actor.contacts.length).toBeGreaterThan(0)
    for (const link of card.body.links) expect(['in', 'out']).toContain(link.direction)
  })

  it('answers who is responsible at a point, grouped by function, and in a drawn area', async () => {
    const [area] = await db.query<{ id: string; x: number; y: number }>(
      sql`SELECT t.id::text AS id, ST_X(ST_PointOnSurface(t.geom)) AS x, ST_Y(ST_PointOnSurface(t.geom)) AS y
        FROM actor_areas t ORDER BY t.responsibility LIMIT 1`,
    )
    const { x, y } = area!
    const here = await call<{ groups: ResponsibleGroup[] }>(
      'lasare',
      'GET',
      `/api/actors/responsible?lon=${x}&lat=${y}`,
    )
    expect(here.status).toBe(200)
    const [expected] = await db.query<{ n: number }>(
      sql`SELECT count(DISTINCT t.actor_id)::int AS n FROM actor_areas t
        WHERE ST_Intersects(t.geom, ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326))`,
    )
    const actors = here.body.groups.flatMap((g) => g.actors)
    expect(actors).toHaveLength(expected!.n)
    expect(actors.flatMap((a) => a.responsibilities.map((r) => r.areaId))).toContain(area!.id)
    const sectors = here.body.groups.map((g) => g.sector)
    expect(new Set(sectors).size).toBe(sectors.length)

    const d = 0.002
    const ring = [
      [x - d, y - d],
      [x + d, y - d],
      [x + d, y + d],
      [x - d, y + d],
      [x - d, y - d],
    ]
    const within = await call<{ groups: ResponsibleGroup[] }>('lasare', 'POST', '/api/actors/responsible', {
      geometry: { type: 'Polygon', coordinates: [ring] },
    })
    expect(within.status).toBe(200)
    expect(within.body.groups.flatMap((g) => g.actors).length).toBeGreaterThanOrEqual(actors.length)
  })

  it('creates, changes and deletes a link, each step audited', async () => {
    const [a, b] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM actors ORDER BY name LIMIT 2`,
    )
    const created = await call<{ link: { id: string; linkType: string; classification: string } }>(
      'admin',
      'POST',
      '/api/actor-links',
      { fromActorId: a!.id, toActorId: b!.id, linkType: 'mutual_aid', description: 'Testavtal' },
    )
    expect(created.status).toBe(201)
    const id = created.body.link.id
    expect(created.body.link).toMatchObject({ linkType: 'mutual_aid', classification: 'internal' })
    const card = await call<ActorCard>('lasare', 'GET', `/api/actors/${a!.id}`)
    expect(card.body.links.find((l) => l.id === id)).toMatchObject({ direction: 'out', otherActorId: b!.id })

    const changed = await call<{ link: { linkType: string } }>(
      'krisledare',
      'PATCH',
      `/api/actor-links/${id}`,
      {
        linkType: 'supply',
      },
    )
    expect(changed.body.link.linkType).toBe('supply')
    // Raising it to restricted takes it from the viewer.
    await call('krisledare', 'PATCH', `/api/actor-links/${id}`, { classification: 'restricted' })
    const hidden = await call<ActorCard>('lasare', 'GET', `/api/actors/${a!.id}`)
    expect(hidden.body.links.some((l) => l.id === id)).toBe(false)
    const lowered = await call('krisledare', 'PATCH', `/api/actor-links/${id}`, { classification: 'open' })
    expect(lowered.status).toBe(400)
    expect((await call('analytiker', 'DELETE', `/api/actor-links/${id}`)).status).toBe(204)
    const audit = await db.query<{ actor: string; action: string; entity: string }>(
      sql`SELECT actor, action, entity FROM audit_log WHERE entity_id = ${id} ORDER BY id`,
    )
    expect(audit.map((r) => `${r.actor} ${r.action} ${r.entity}`)).toEqual([
      'admin create actor-links',
      'krisledare update actor-links',
      'krisledare update actor-links',
      'analytiker delete actor-links',
    ])
  })

  it('creates an area from a district or drawn, changes and deletes it, each step audited', async () => {
    const [actor] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM actors ORDER BY name LIMIT 1`,
    )
    const [district] = await db.query<{ id: string; x: number; y: number }>(
      sql`SELECT id::text AS id, ST_X(ST_PointOnSurface(geom)) AS x, ST_Y(ST_PointOnSurface(geom)) AS y
        FROM areas WHERE kind = 'district' ORDER BY name LIMIT 1`,
    )
    const created = await call<{ area: { id: string; areaId: string; geometry: { type: string } } }>(
      'krisledare',
      'POST',
      '/api/actor-areas',
      { actorId: actor!.id, responsibility: 'Testansvar', areaId: district!.id },
    )
    expect(created.status).toBe(201)
    const id = created.body.area.id
    expect(created.body.area.areaId).toBe(district!.id)
    expect(created.body.area.geometry.type).toBe('MultiPolygon')
    const here = await call<{ groups: ResponsibleGroup[] }>(
      'lasare',
      'GET',
      `/api/actors/responsible?lon=${district!.x}&lat=${district!.y}`,
    )
    expect(
      here.body.groups.flatMap((g) => g.actors).find((a) => a.id === actor!.id)?.responsibilities,
    ).toContainEqual({
      areaId: id,
      responsibility: 'Testansvar',
    })

    const { x, y } = district!
    const d = 0.001
    const drawn = await call<{ area: { areaId: string | null; responsibility: string } }>(
      'analytiker',
      'PATCH',
      `/api/actor-areas/${id}`,
      {
        responsibility: 'Ritat ansvar',
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [x, y],
              [x + d, y],
              [x + d, y + d],
              [x, y + d],
              [x, y],
            ],
          ],
        },
      },
    )
    expect(drawn.status).toBe(200)
    expect(drawn.body.area).toMatchObject({ areaId: null, responsibility: 'Ritat ansvar' })
    expect((await call('admin', 'DELETE', `/api/actor-areas/${id}`)).status).toBe(204)
    const audit = await db.query<{ action: string; entity: string }>(
      sql`SELECT action, entity FROM audit_log WHERE entity_id = ${id} ORDER BY id`,
    )
    expect(audit.map((r) => `${r.action} ${r.entity}`)).toEqual([
      'create responsibility-areas',
      'update responsibility-areas',
      'delete responsibility-areas',
    ])
  })
})
