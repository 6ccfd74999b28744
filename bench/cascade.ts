/**
 * The cascade's cost. A synthetic graph of 10,000 assets and 50,000 dependencies (redundancy groups
 * of one to three providers, buffers from none to two days, and back edges that close cycles), with
 * ten assets out for 72 hours: the engine's time per scenario against a plain breadth-first
 * reachability over the same graph from the same outages, in the same run. Then the demo
 * municipality: `POST /api/analysis/cascade` through the app (reading the graph from the database
 * and running the cascade) for each primary substation out 72 hours, against the engine alone and
 * the same breadth-first reachability.
 */
import { sql } from 'drizzle-orm'
import {
  type CascadeDependency,
  type CascadeOutage,
  type CascadeScenario,
  runCascade,
} from '../common/cascade.ts'
import type { Resource } from '../common/domain.ts'
import type { Database } from '../db/client.ts'
import { TEST_KOMMUN } from '../db/testing/test-database.ts'
import { readableGraph } from '../server/analysis/cascade/readable-graph.ts'
import { createApp } from '../server/app.ts'
import { accessFor, signIn } from '../server/testing/sign-in.ts'
import { ratio, summarise } from './support.ts'

function random(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const resources: Resource[] = ['electricity', 'water', 'heat', 'telecom', 'fuel', 'transport', 'staff']

/**
 * Assets in tiers as in a real network (a provider usually comes earlier), with about 5 % of edges
 * pointing back to a later asset, which closes cycles.
 */
function syntheticGraph(assetCount: number, dependencyCount: number, seed = 1) {
  const r = random(seed)
  const assets = Array.from({ length: assetCount }, (_, i) => ({
    id: `a${i}`,
    acceptableOutageHours: r() < 0.2 ? null : Math.round(r() * 48 * 2) / 2,
  }))
  const dependencies: CascadeDependency[] = []
  let dependent = 1
  while (dependencies.length < dependencyCount) {
    const groups = 1 + Math.floor(r() * 2)
    for (let g = 0; g < groups && dependencies.length < dependencyCount; g++) {
      const providers = r() < 0.6 ? 1 : 2 + Math.floor(r() * 2)
      const resource = resources[Math.floor(r() * resources.length)]
      for (let p = 0; p < providers && dependencies.length < dependencyCount; p++) {
        const back = r() < 0.05
        const provider = back
          ? Math.floor(r() * assetCount)
          : Math.max(0, dependent - 1 - Math.floor(r() * Math.min(dependent, 200)))
        dependencies.push({
          id: `d${dependencies.length}`,
          dependentAssetId: `a${dependent}`,
          providerAssetId: `a${provider}`,
          resource,
          redundancyGroup: `${resource}-${g}`,
          timeToImpactHours: r() < 0.5 ? 0 : Math.floor(r() * 8),
          backupHours: r() < 0.5 ? 0 : Math.round(r() * 48 * 4) / 4,
        })
      }
    }
    dependent = dependent + 1 >= assetCount ? 1 : dependent + 1
  }
  return { assets, dependencies }
}

/** Every asset reachable from the outages along provider -> dependent edges: the baseline. */
function reachable(scenario: Pick<CascadeScenario, 'dependencies' | 'outages'>): number {
  const next = new Map<string, string[]>()
  for (const d of scenario.dependencies) {
    const list = next.get(d.providerAssetId)
    if (list) list.push(d.dependentAssetId)
    else next.set(d.providerAssetId, [d.dependentAssetId])
  }
  const seen = new Set(scenario.outages.map((o) => o.assetId))
  const queue = [...seen]
  for (let i = 0; i < queue.length; i++)
    for (const d of next.get(queue[i]) ?? [])
      if (!seen.has(d)) {
        seen.add(d)
        queue.push(d)
      }
  return seen.size
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now()
  const value = f()
  return [value, performance.now() - t0]
}

export async function benchCascade(db: Database, repeats = 20) {
  const graph = syntheticGraph(10_000, 50_000)
  const r = random(7)
  const cascadeMs: number[] = []
  const bfsMs: number[] = []
  let affected = 0
  let reached = 0
  let cycles = 0
  for (let i = 0; i < repeats; i++) {
    const outages: CascadeOutage[] = Array.from({ length: 10 }, () => ({
      assetId: `a${Math.floor(r() * 2000)}`,
      startHours: 0,
      durationHours: 72,
    }))
    const scenario = { ...graph, outages, horizonHours: 72 }
    const [result, ms] = time(() => runCascade(scenario))
    const [count, bfs] = time(() => reachable(scenario))
    cascadeMs.push(ms)
    bfsMs.push(bfs)
    affected += result.affected.length
    reached += count
    cycles += result.cycles.length
  }
  const synthetic = {
    assets: graph.assets.length,
    dependencies: graph.dependencies.length,
    horizonHours: 72,
    meanAffected: Math.round(affected / repeats),
    meanReachable: Math.round(reached / repeats),
    meanCycles: Math.round(cycles / repeats),
    cascadeMs: summarise(cascadeMs),
    breadthFirstMs: summarise(bfsMs),
    ratioP50: ratio(summarise(cascadeMs).p50, summarise(bfsMs).p50),
  }

  // The demo municipality, through the route as krisledare.
  const app = createApp({ db, config: { kommun: TEST_KOMMUN }, log: () => {} })
  const cookie = await signIn(app, 'krisledare')
  const substations = await db.query<{ id: string }>(
    sql`SELECT id::text AS id FROM critical_assets WHERE name LIKE 'Fördelningsstation%' ORDER BY id`,
  )
  const demo = await readableGraph(db, accessFor('crisis'))
  const routeMs: number[] = []
  const engineMs: number[] = []
  const demoBfsMs: number[] = []
  for (let i = 0; i < repeats; i++) {
    const assetId = substations[i % substations.length].id
    const outages = [{ assetId, startHours: 0, durationHours: 72 }]
    const t0 = performance.now()
    const res = await app.request('/api/analysis/cascade', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ outages: [{ assetId, durationHours: 72 }], horizonHours: 72 }),
    })
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`cascade: HTTP ${res.status}`)
    routeMs.push(performance.now() - t0)
    engineMs.push(time(() => runCascade({ ...demo, outages, horizonHours: 72 }))[1])
    demoBfsMs.push(time(() => reachable({ dependencies: demo.dependencies, outages }))[1])
  }
  return {
    backend: db.kind,
    synthetic,
    demo: {
      assets: demo.assets.length,
      dependencies: demo.dependencies.length,
      routeMs: summarise(routeMs),
      engineMs: summarise(engineMs),
      breadthFirstMs: summarise(demoBfsMs),
    },
  }
}
