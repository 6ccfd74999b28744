/**
 * `/api/dependencies` as the demo users: the contract's fields, writes with their audit records,
 * the classification a new dependency takes from its assets, and need-to-know: the viewer never
 * learns of a restricted asset's dependencies by the list, the chains, a single id or a write.
 * Runs on PGlite and, with `npm run test:postgres`, on PostgreSQL.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DependencyChains, DependencyView } from '../../common/dependencies.ts'
import type { Database } from '../../db/client.ts'
import { openTestDatabase, TEST_KOMMUN } from '../../db/testing/test-database.ts'
import { createApp } from '../app.ts'
import { signIn } from '../testing/sign-in.ts'

let db: Database
let app: ReturnType<typeof createApp>
const cookies: Record<string, string> = {}
/** Two internal assets with no dependency between them, and a restricted one (Styrel class 1–2). */
let internalA = ''
let internalB = ''
let restricted = ''

beforeAll(async () => {
  db = await openTestDatabase()
  app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  for (const user of ['krisledare', 'analytiker', 'lasare', 'planerare', 'admin'])
    cookies[user] = await signIn(app, user)
  const [pair] = await db.query<{ a: string; b: string }>(
    sql`SELECT a.id::text AS a, b.id::text AS b FROM critical_assets a, critical_assets b
      WHERE a.classification = 'internal' AND b.classification = 'internal' AND a.id <> b.id
        AND NOT EXISTS (SELECT 1 FROM asset_dependencies d
          WHERE d.dependent_asset_id = a.id AND d.provider_asset_id = b.id)
      ORDER BY a.name, b.name LIMIT 1`,
  )
  internalA = pair!.a
  internalB = pair!.b
  const [r] = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM critical_assets WHERE classification = 'restricted' ORDER BY name LIMIT 1`,
  )
  restricted = r!.id
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

const auditOf = (entityId: string) =>
  db.query<{ actor: string; action: string; entity: string; before: unknown; after: unknown }>(
    sql`SELECT actor, action, entity, before, after FROM audit_log WHERE entity_id = ${entityId} ORDER BY id`,
  )

describe('dependencies', () => {
  it('lists every readable dependency with the contract fields and both ends', async () => {
    const { status, body } = await call<{ dependencies: DependencyView[] }>(
      'krisledare',
      'GET',
      '/api/dependencies',
    )
    expect(status).toBe(200)
    const [count] = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM asset_dependencies`)
    // The crisis manager reads every asset, so every stored dependency.
    expect(body.dependencies).toHaveLength(count!.n)
    const first = body.dependencies[0]!
    for (const field of [
      'id',
      'dependentAssetId',
      'providerAssetId',
      'resource',
      'redundancyGroup',
      'timeToImpactHours',
      'backupHours',
    ])
      expect(first).toHaveProperty(field)
    expect(typeof first.timeToImpactHours).toBe('number')
    expect(first.providerPosition).toHaveLength(2)
  })

  it('creates, changes and deletes a dependency, each step audited with before and after', async () => {
    const created = await call<{ dependency: DependencyView }>('analytiker', 'POST', '/api/dependencies', {
      dependentAssetId: internalA,
      providerAssetId: internalB,
      resource: 'water',
      timeToImpactHours: 4,
      backupHours: 2,
    })
    expect(created.status).toBe(201)
    const dep = created.body.dependency
    expect(dep).toMatchObject({
      dependentAssetId: internalA,
      providerAssetId: internalB,
      resource: 'water',
      redundancyGroup: 'water',
      timeToImpactHours: 4,
      backupHours: 2,
      classification: 'internal',
    })
    // Between two internal assets, the viewer may read it.
    const asViewer = await call<{ dependencies: DependencyView[] }>(
      'lasare',
      'GET',
      `/api/dependencies?assetId=${internalA}`,
    )
    expect(asViewer.body.dependencies.map((d) => d.id)).toContain(dep.id)

    const changed = await call<{ dependency: DependencyView }>(
      'krisledare',
      'PATCH',
      `/api/dependencies/${dep.id}`,
      {
        backupHours: 6,
        redundancyGroup: 'water-b',
      },
    )
    expect(changed.status).toBe(200)
    expect(changed.body.dependency).toMatchObject({
      backupHours: 6,
      redundancyGroup: 'water-b',
      timeToImpactHours: 4,
    })

    const removed = await call('analytiker', 'DELETE', `/api/dependencies/${dep.id}`)
    expect(removed.status).toBe(204)
    const after = await call<{ dependencies: DependencyView[] }>(
      'krisledare',
      'GET',
      `/api/dependencies?assetId=${internalA}`,
    )
    expect(after.body.dependencies.map((d) => d.id)).not.toContain(dep.id)

    const audit = await auditOf(dep.id)
    expect(audit.map((a) => [a.actor, a.action, a.entity])).toEqual([
      ['analytiker', 'create', 'dependencies'],
      ['krisledare', 'update', 'dependencies'],
      ['analytiker', 'delete', 'dependencies'],
    ])
    expect(audit[1]!.before).toMatchObject({ backupHours: 2 })
    expect(audit[1]!.after).toMatchObject({ backupHours: 6 })
    expect(audit[2]!.before).toMatchObject({ id: dep.id })
  })

  it('marks a dependency on a restricted asset restricted, and the viewer never learns of it', async () => {
    const created = await call<{ dependency: DependencyView }>('krisledare', 'POST', '/api/dependencies', {
      dependentAssetId: internalA,
      providerAssetId: restricted,
      resource: 'electricity',
    })
    expect(created.status).toBe(201)
    const id = created.body.dependency.id
    expect(created.body.dependency.classification).toBe('restricted')

    // Not in the list of the internal asset's dependencies, nor in its chains.
    const list = await call<{ dependencies: DependencyView[] }>(
      'lasare',
      'GET',
      `/api/dependencies?assetId=${internalA}`,
    )
    expect(list.body.dependencies.map((d) => d.id)).not.toContain(id)
    const all = await call<{ dependencies: DependencyView[] }>('lasare', 'GET', '/api/dependencies')
    expect(all.body.dependencies.some((d) => d.id === id || d.providerAssetId === restricted)).toBe(false)
    expect(JSON.stringify(all.body)).not.toContain(restricted)
    const chains = await call<DependencyChains>(
      'lasare',
      'GET',
      `/api/dependencies/chains?assetId=${internalA}`,
    )
    expect(chains.body.upstream.map((d) => d.id)).not.toContain(id)
    expect(JSON.stringify(chains.body)).not.toContain(restricted)
    // The restricted asset itself answers like one that does not exist.
    const unknown = await call(
      'lasare',
      'GET',
      '/api/dependencies?assetId=00000000-0000-4000-8000-000000000000',
    )
    const hidden = await call('lasare', 'GET', `/api/dependencies?assetId=${restricted}`)
    const withoutId = (r: typeof hidden) => JSON.stringify(r).replace(/[0-9a-f-]{36}/g, '<id>')
    expect(withoutId(hidden)).toBe(withoutId(unknown))
    expect(hidden.status).toBe(404)
    // The planner (internal everywhere, no edit right) learns no more through a write.
    expect((await call('planerare', 'DELETE', `/api/dependencies/${id}`)).status).toBe(403)
    // The crisis manager sees it in the chains of both ends.
    const up = await call<DependencyChains>(
      'krisledare',
      'GET',
      `/api/dependencies/chains?assetId=${internalA}`,
    )
    expect(up.body.upstream.map((d) => d.id)).toContain(id)
    const down = await call<DependencyChains>(
      'krisledare',
      'GET',
      `/api/dependencies/chains?assetId=${restricted}`,
    )
    expect(down.body.downstream.find((d) => d.id === id)?.depth).toBe(1)
    expect((await call('krisledare', 'DELETE', `/api/dependencies/${id}`)).status).toBe(204)
  })

  it('refuses the same edge twice with 409', async () => {
    const body = { dependentAssetId: internalA, providerAssetId: internalB, resource: 'heat' }
    const first = await call<{ dependency: DependencyView }>('krisledare', 'POST', '/api/dependencies', body)
    expect(first.status).toBe(201)
    const again = await call<{ error: { code: string } }>('krisledare', 'POST', '/api/dependencies', body)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('conflict')
    await call('krisledare', 'DELETE', `/api/dependencies/${first.body.dependency.id}`)
  })

  it('follows the demo graph upstream and downstream transitively', async () => {
    // A substation that provides something: its downstream chain reaches beyond its direct dependents.
    const [hub] = await db.query<{ id: string; direct: number }>(
      sql`SELECT provider_asset_id::text AS id, count(*)::int AS direct FROM asset_dependencies
        GROUP BY provider_asset_id ORDER BY count(*) DESC, provider_asset_id LIMIT 1`,
    )
    const chains = await call<DependencyChains>(
      'krisledare',
      'GET',
      `/api/dependencies/chains?assetId=${hub!.id}`,
    )
    expect(chains.status).toBe(200)
    const direct = chains.body.downstream.filter((d) => d.depth === 1)
    expect(direct).toHaveLength(hub!.direct)
    expect(chains.body.downstream.length).toBeGreaterThanOrEqual(direct.length)
    const ids = chains.body.downstream.map((d) => d.id)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
