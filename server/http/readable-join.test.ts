/**
 * One rule for joins, generated over every layer source of the catalogue and every answer that
 * joins: a restricted actor and a restricted asset are planted as the joined rows of internal rows
 * (an asset's owner, a dependency's provider, a link's end, an area's responsible actor, a crisis
 * session's invited organisation and the organisation of an invited person). A caller not cleared
 * for the joined rows never finds their names, ids or positions, through features, single objects,
 * search, tiles, exports, the session, its history or its report; a cleared caller does, and the
 * export is marked for them.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lonLatToTile } from '../../common/geo.ts'
import { layerCatalogue } from '../../common/layers.ts'
import { mayReadLayer } from '../../common/permissions.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { pointInMunicipality } from '../testing/municipality-point.ts'
import { decodeTile } from '../testing/mvt.ts'
import { signIn } from '../testing/sign-in.ts'
import { createRateLimits } from './security.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
const tag = `joinprobe${Date.now().toString(36)}`

/** What a caller without clearance for the planted rows must never see. */
const planted = {
  actorName: `Hemlig aktör ${tag}`,
  assetName: `Hemligt ställverk ${tag}`,
  actorId: '',
  assetId: '',
  /** The restricted actor's position, as GeoJSON writes it (7 decimals). */
  actorLon: 0,
  actorLat: 0,
  /** Rows whose geometry is drawn from a restricted row's position: left out altogether. */
  linkId: '',
  dependencyId: '',
  /** Internal rows that join the restricted ones: shown, without them. */
  ownedAssetId: '',
  areaId: '',
  sessionId: '',
}
let publicActorId = ''

const secrets = () => [planted.actorName, planted.assetName, planted.actorId, planted.assetId, coordinate()]
const coordinate = () => planted.actorLon.toFixed(6)

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, limits: createRateLimits(), log: () => {} })
  for (const user of ['krisledare', 'polis', 'lasare']) cookies[user] = await signIn(app, user)
  const [x, y] = await pointInMunicipality(db)
  // Note: six decimals ending in 7, so the position reads the same in every output that carries it.
  planted.actorLon = Number(`${(Math.round(x * 1000) / 1000 + 0.003).toFixed(3)}417`)
  planted.actorLat = Number(`${(Math.round(y * 1000) / 1000 + 0.002).toFixed(3)}237`)
  const one = async (query: ReturnType<typeof sql>) => (await db.query<{ id: string }>(query))[0]!.id
  planted.actorId = await one(sql`INSERT INTO actors (name, actor_type, geom, classification)
    VALUES (${planted.actorName}, 'company', ST_SetSRID(ST_MakePoint(${planted.actorLon}, ${planted.actorLat}), 4326), 'restricted')
    RETURNING id::text AS id`)
  publicActorId = await one(sql`INSERT INTO actors (name, actor_type, geom, classification)
    VALUES (${`Öppen aktör ${tag}`}, 'company', ST_SetSRID(ST_MakePoint(${x - 0.002}, ${y - 0.002}), 4326), 'internal')
    RETURNING id::text AS id`)
  planted.ownedAssetId =
    await one(sql`INSERT INTO critical_assets (name, sector, function, owner_actor_id, geom, classification)
    VALUES (${`Vattenverk ${tag}`}, 'municipal_tech', 'Dricksvatten', ${planted.actorId}::uuid,
      ST_SetSRID(ST_MakePoint(${x + 0.001}, ${y + 0.001}), 4326), 'internal')
    RETURNING id::text AS id`)
  planted.assetId =
    await one(sql`INSERT INTO critical_assets (name, sector, function, owner_actor_id, geom, classification)
    VALUES (${planted.assetName}, 'energy', 'Ställverk', ${publicActorId}::uuid,
      ST_SetSRID(ST_MakePoint(${planted.actorLon}, ${planted.actorLat}), 4326), 'restricted')
    RETURNING id::text AS id`)
  planted.dependencyId = await one(sql`INSERT INTO asset_dependencies
      (dependent_asset_id, provider_asset_id, resource, redundancy_group, classification)
    VALUES (${planted.ownedAssetId}::uuid, ${planted.assetId}::uuid, 'electricity', ${tag}, 'internal')
    RETURNING id::text AS id`)
  planted.linkId =
    await one(sql`INSERT INTO actor_links (from_actor_id, to_actor_id, link_type, classification)
    VALUES (${publicActorId}::uuid, ${planted.actorId}::uuid, 'mutual_aid', 'internal') RETURNING id::text AS id`)
  planted.areaId = await one(sql`INSERT INTO actor_areas (actor_id, responsibility, geom, classification)
    VALUES (${planted.actorId}::uuid, ${`Bevakning ${tag}`},
      ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(${x}, ${y}), 4326), 0.01)), 'internal')
    RETURNING id::text AS id`)
  const [holder] = await db.query<{
    id: string
  }>(sql`INSERT INTO users (username, display_name, role, actor_id, password_hash)
    VALUES (${tag}, ${`Person ${tag}`}, 'crisis', ${planted.actorId}::uuid, 'not a hash') RETURNING id::text AS id`)
  const [viewer] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM users WHERE username = 'lasare'`,
  )
  const [police] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM users WHERE username = 'polis'`,
  )
  const created = await app.request('/api/sessions', {
    method: 'POST',
    headers: { cookie: cookies.krisledare!, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: `Sammanträde ${tag}`,
      participants: [{ userId: holder!.id }, { userId: viewer!.id, role: 'chair' }, { userId: police!.id }],
    }),
  })
  expect(created.status, await created.clone().text()).toBe(201)
  planted.sessionId = ((await created.json()) as { session: { id: string } }).session.id
  // Note: invited after the start, so that the history records the invitation too.
  const invited = await app.request(`/api/sessions/${planted.sessionId}/participants`, {
    method: 'POST',
    headers: { cookie: cookies.krisledare!, 'content-type': 'application/json' },
    body: JSON.stringify({ actorId: planted.actorId }),
  })
  expect(invited.status, await invited.clone().text()).toBe(201)
})

afterAll(async () => {
  if (db) {
    await db.query(sql`DELETE FROM session_participants WHERE session_id::text = ${planted.sessionId}`)
    await db.query(sql`DELETE FROM users WHERE username = ${tag}`)
    await db.query(sql`DELETE FROM actors WHERE id::text IN (${planted.actorId}, ${publicActorId})`)
    await db.query(
      sql`DELETE FROM critical_assets WHERE id::text IN (${planted.assetId}, ${planted.ownedAssetId})`,
    )
    await db.close()
  }
})

const get = (user: string, path: string) => app.request(path, { headers: { cookie: cookies[user]! } })

async function text(user: string, path: string, ok: number[] = [200]): Promise<string> {
  const res = await get(user, path)
  const body = await res.text()
  expect(ok, `${user} ${path}: ${res.status} ${body.slice(0, 200)}`).toContain(res.status)
  return res.status === 200 ? body : ''
}

/** Everything a caller can take out of one layer about the planted rows, as text. */
async function layerOutputs(user: string, layerId: string): Promise<{ text: string; tileIds: string[] }> {
  const d = 0.03
  const box = [planted.actorLon - d, planted.actorLat - d, planted.actorLon + d, planted.actorLat + d]
  const parts = [await text(user, `/api/layers/${layerId}/features?bbox=${box.join(',')}&limit=10000`)]
  const ids = [planted.linkId, planted.dependencyId, planted.ownedAssetId, planted.areaId, planted.assetId]
  for (const id of ids) parts.push(await text(user, `/api/layers/${layerId}/features/${id}`, [200, 404]))
  for (const q of [planted.actorName, planted.assetName, tag])
    parts.push(await text(user, `/api/search?q=${encodeURIComponent(q)}&limit=50`))
  for (const format of ['geojson', 'csv'])
    parts.push(
      await text(user, `/api/layers/${layerId}/export?format=${format}&bbox=${box.join(',')}`, [200, 403]),
    )
  const tileIds: string[] = []
  for (const z of [12, 15]) {
    const t = lonLatToTile(planted.actorLon, planted.actorLat, z)
    const res = await get(user, `/tiles/${layerId}/${z}/${t.x}/${t.y}.mvt`)
    expect([200, 204]).toContain(res.status)
    const bytes = new Uint8Array(await res.arrayBuffer())
    for (const features of Object.values(bytes.length ? decodeTile(bytes) : {}))
      for (const f of features) {
        parts.push(JSON.stringify(f.properties))
        if (typeof f.properties.id === 'string') tileIds.push(f.properties.id)
      }
  }
  return { text: parts.join('\n'), tileIds }
}

const readableLayers = (role: 'viewer' | 'police') => layerCatalogue.filter((l) => mayReadLayer(role, l))

describe('a joined row follows its own classification, in every layer source', () => {
  it.each(readableLayers('viewer').map((l) => [l.id]))(
    '%s: the viewer finds no name, id or position of a restricted joined row',
    async (layerId) => {
      const { text: all, tileIds } = await layerOutputs('lasare', layerId)
      for (const secret of secrets()) expect(all, `${layerId} shows ${secret}`).not.toContain(secret)
      for (const gone of [planted.linkId, planted.dependencyId]) {
        expect(all).not.toContain(`"${gone}"`)
        expect(tileIds).not.toContain(gone)
      }
    },
  )

  it.each(readableLayers('police').map((l) => [l.id]))(
    '%s: the police (internal outside crime) export and read no restricted joined row',
    async (layerId) => {
      const { text: all } = await layerOutputs('polis', layerId)
      for (const secret of secrets()) expect(all, `${layerId} shows ${secret}`).not.toContain(secret)
    },
  )

  it('shows the joined rows to a caller cleared for them, so the probes above can fail', async () => {
    const seen = new Set<string>()
    for (const layer of layerCatalogue) {
      const { text: all } = await layerOutputs('krisledare', layer.id)
      if (all.includes(planted.actorName) || all.includes(planted.assetName)) seen.add(layer.id)
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining(['actor-links', 'critical-assets', 'dependencies', 'responsibility-areas']),
    )
  })

  it('keeps the joining row itself for the viewer, without the joined attributes', async () => {
    const asset = JSON.parse(
      await text('lasare', `/api/layers/critical-assets/features/${planted.ownedAssetId}`),
    )
    expect(asset.properties.name).toBe(`Vattenverk ${tag}`)
    expect(asset.properties.owner ?? null).toBeNull()
    expect(asset.properties.ownerActorId ?? null).toBeNull()
    expect(asset.properties.classification).toBe('internal')
    const area = JSON.parse(
      await text('lasare', `/api/layers/responsibility-areas/features/${planted.areaId}`),
    )
    expect(area.properties.responsibility).toBe(`Bevakning ${tag}`)
    expect(area.properties.actor ?? null).toBeNull()
    const cleared = JSON.parse(
      await text('krisledare', `/api/layers/critical-assets/features/${planted.ownedAssetId}`),
    )
    expect(cleared.properties.owner).toBe(planted.actorName)
    expect(cleared.properties.classification).toBe('restricted')
  })

  it('marks an export for the joined rows it carries', async () => {
    const box = `${planted.actorLon - 0.01},${planted.actorLat - 0.01},${planted.actorLon + 0.01},${planted.actorLat + 0.01}`
    const cleared = await get('krisledare', `/api/layers/critical-assets/export?format=csv&bbox=${box}`)
    expect(cleared.headers.get('x-classification')).toBe('restricted')
    expect(await cleared.text()).toContain(planted.actorName)
    const police = await get('polis', `/api/layers/critical-assets/export?format=csv&bbox=${box}`)
    expect(police.headers.get('x-classification')).toBe('internal')
    expect(await police.text()).not.toContain(planted.actorName)
  })
})

describe('a crisis session shows an organisation only to those who may read it', () => {
  const sessionPath = () => `/api/sessions/${planted.sessionId}`

  it('withholds the invited organisation and an invited person’s organisation from the viewer', async () => {
    const body = await text('lasare', sessionPath())
    for (const secret of secrets()) expect(body).not.toContain(secret)
    const { session } = JSON.parse(body) as {
      session: { participants: { name: string; organisation: string | null; withheld?: boolean }[] }
    }
    expect(session.participants.filter((p) => p.withheld)).toHaveLength(1)
    expect(session.participants.find((p) => p.name === `Person ${tag}`)?.organisation).toBeNull()
    const cleared = await text('krisledare', sessionPath())
    expect(cleared).toContain(planted.actorName)
  })

  it('withholds it in the history', async () => {
    const history = await text('lasare', `${sessionPath()}/history`)
    expect(history).toContain('withheld')
    for (const secret of secrets()) expect(history).not.toContain(secret)
    expect(await text('krisledare', `${sessionPath()}/history`)).toContain(planted.actorName)
  })

  it('withholds it in the report, which is marked for what it shows', async () => {
    const pdfText = async (user: string) => {
      const res = await get(user, `${sessionPath()}/report.pdf`)
      expect(res.status).toBe(200)
      const file = join(mkdtempSync(join(tmpdir(), 'report-')), 'r.pdf')
      writeFileSync(file, new Uint8Array(await res.arrayBuffer()))
      return {
        marking: res.headers.get('x-classification'),
        text: execFileSync('pdftotext', [file, '-']).toString(),
      }
    }
    const police = await pdfText('polis')
    expect(police.text).toContain('Begränsad aktör')
    expect(police.text).not.toContain(planted.actorName)
    expect(police.marking).toBe('internal')
    const cleared = await pdfText('krisledare')
    expect(cleared.text.replace(/\s+/g, ' ')).toContain(planted.actorName)
    expect(cleared.marking).toBe('restricted')
  })

  it('answers an invitation of a hidden organisation or its person exactly like a missing id', async () => {
    const invite = async (body: Record<string, string>) => {
      const res = await app.request(`${sessionPath()}/participants`, {
        method: 'POST',
        headers: { cookie: cookies.lasare!, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      const answer = (await res.json()) as { error: { code: string; message: string; details: unknown } }
      return {
        status: res.status,
        ...answer.error,
        message: answer.error.message.replace(/[0-9a-f-]{36}/, 'ID'),
      }
    }
    const missing = '00000000-0000-4000-8000-00000000abcd'
    const [holder] = await db.query<{ id: string }>(
      sql`SELECT id::text AS id FROM users WHERE username = ${tag}`,
    )
    expect(await invite({ actorId: planted.actorId })).toEqual(await invite({ actorId: missing }))
    expect(await invite({ actorId: missing })).toMatchObject({ status: 404, code: 'not_found' })
    expect(await invite({ userId: holder!.id })).toEqual(await invite({ userId: missing }))
    const organisations = await text('lasare', '/api/organisations')
    expect(organisations).not.toContain(planted.actorId)
    expect(await text('krisledare', '/api/organisations')).toContain(planted.actorId)
  })
})
