/**
 * The twin's cache: one computation per question while no incident is written, and a fresh one as
 * soon as any writer (this app, plain SQL, on PostgreSQL another process) writes an incident.
 */
import { type SQL, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { twinCache } from '../layers/incident-hexagons.ts'
import { signIn } from '../testing/sign-in.ts'
import { DataVersion, DerivedCache } from './derived-cache.ts'
import { layerAnswerCache } from './layer-answers.ts'

/** A database whose version reads wait until the test lets them finish. */
function heldVersions() {
  const waiting: ((rows: unknown[]) => void)[] = []
  let version = 0
  const db = {
    query: <Row>(_: SQL) =>
      new Promise<Row[]>((resolve) => waiting.push(resolve as (rows: unknown[]) => void)),
  }
  const finishOne = async () => {
    waiting.shift()!([{ version: String(version) }])
    await new Promise((r) => setTimeout(r, 0))
  }
  return { db, finishOne, waiting, bump: () => version++ }
}

describe('the write counter', () => {
  it('lets readers that come while a read runs share the next one, which starts after they came', async () => {
    const held = heldVersions()
    const versions = new DataVersion(held.db, 'incidents')
    const first = versions.current()
    // A write lands while the read is on its way; readers arriving now must see it.
    held.bump()
    const later = [versions.current(), versions.current(), versions.current()]
    expect(held.waiting).toHaveLength(1)
    await held.finishOne()
    expect(await first).toBe(1)
    expect(held.waiting).toHaveLength(1)
    held.bump()
    await held.finishOne()
    expect(await Promise.all(later)).toEqual([2, 2, 2])
    expect(held.waiting).toHaveLength(0)
  })

  it('computes a key once per counter value and again when the counter moves', async () => {
    const held = heldVersions()
    const cache = new DerivedCache<number>(new DataVersion(held.db, 't'))
    let runs = 0
    const compute = async () => ++runs
    const a = cache.get('k', compute)
    await held.finishOne()
    const b = cache.get('k', compute)
    await held.finishOne()
    expect([await a, await b]).toEqual([1, 1])
    held.bump()
    const c = cache.get('k', compute)
    await held.finishOne()
    expect(await c).toBe(2)
  })
})

describe('the twin cache over a database', () => {
  let db: Database
  let app: ReturnType<typeof createApp>
  let cookie: string
  let other: Database | undefined
  const path = '/api/layers/incident-hexagons/features?limit=10000&from=2025-02-01&to=2025-03-01'

  beforeAll(async () => {
    db = await openTestDatabase()
    app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
    cookie = await signIn(app, 'lasare')
    // Note: on PostgreSQL a second pool stands in for another app process on the same database.
    if (db.url) other = await openDatabase({ databaseUrl: db.url, maxConnections: 1 })
  })
  afterAll(async () => {
    await other?.close()
    await db?.close()
  })

  const read = async () => {
    const res = await app.request(path, { headers: { cookie } })
    expect(res.status).toBe(200)
    return res.text()
  }

  /** Moves one incident of February 2025 by a day within the month and back, as `writer`. */
  const touch = (writer: Database, days: number): Promise<unknown> =>
    writer.query(sql`
      UPDATE incidents SET occurred_at = occurred_at + make_interval(days => ${days}::int)
      WHERE id = (SELECT id FROM incidents WHERE occurred_at >= '2025-02-10' AND occurred_at < '2025-02-11' ORDER BY id LIMIT 1)`)

  it('serves repeated questions from the cache', async () => {
    const cache = twinCache(db)
    await read()
    const before = cache.computed
    const answers = await Promise.all(Array.from({ length: 20 }, read))
    expect(new Set(answers).size).toBe(1)
    expect(cache.computed).toBe(before)
  })

  it('computes again after a write by plain SQL, and after a write by another process', async () => {
    const cache = twinCache(db)
    await read()
    let before = cache.computed
    await touch(db, 1)
    await read()
    expect(cache.computed).toBe(before + 1)
    await touch(db, -1)
    if (other) {
      await read()
      before = cache.computed
      await touch(other, 1)
      await read()
      expect(cache.computed).toBe(before + 1)
      await touch(other, -1)
    }
  })
})

describe("the layers' answers over a database", () => {
  let db: Database
  let app: ReturnType<typeof createApp>
  const cookies: Record<string, string> = {}

  beforeAll(async () => {
    db = await openTestDatabase()
    app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
    for (const user of ['lasare', 'krisledare', 'analytiker']) cookies[user] = await signIn(app, user)
  })
  afterAll(async () => {
    await db?.close()
  })

  const call = async <T>(user: string, path: string, init: RequestInit = {}) => {
    const res = await app.request(path, {
      ...init,
      headers: { cookie: cookies[user]!, 'Content-Type': 'application/json', ...init.headers },
    })
    return { status: res.status, body: (await res.json()) as T }
  }
  type Collection = { features: { id: string; properties: Record<string, unknown> }[] }
  const path = '/api/layers/hazard-sites/features?limit=1000'

  it('keeps one answer per caller: the viewer never gets what the crisis manager was given', async () => {
    const assets = '/api/layers/critical-assets/features?limit=5000'
    const asCrisis = await call<Collection>('krisledare', assets)
    expect(asCrisis.body.features.some((f) => f.properties.classification === 'restricted')).toBe(true)
    const asViewer = await call<Collection>('lasare', assets)
    expect(asViewer.body.features.length).toBeGreaterThan(0)
    expect(asViewer.body.features.some((f) => f.properties.classification === 'restricted')).toBe(false)
  })

  it('shows a write at once, to the writer and to everyone else', async () => {
    const cache = layerAnswerCache(db)
    const before = await call<Collection>('lasare', path)
    const computed = cache.computed
    expect((await call<Collection>('lasare', path)).body).toEqual(before.body)
    expect(cache.computed).toBe(computed)
    const site = before.body.features[0]!
    const renamed = `${site.properties.name} (ändrad)`
    const changed = await call('analytiker', `/api/layers/hazard-sites/features/${site.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: renamed } }),
    })
    expect(changed.status).toBe(200)
    const after = await call<Collection>('lasare', path)
    expect(after.body.features.find((f) => f.id === site.id)?.properties.name).toBe(renamed)
    await call('analytiker', `/api/layers/hazard-sites/features/${site.id}`, {
      method: 'PATCH',
      body: JSON.stringify({ properties: { name: site.properties.name } }),
    })
    expect((await call<Collection>('lasare', path)).body).toEqual(before.body)
  })
})
