/**
 * The deterministic demo-data generator: a plausible, clearly labelled (demo) world inside one
 * real Swedish municipality, the same for the same kommunkod and seed, ids included.
 *
 * Everything is written in one transaction and recorded in `app_meta` under `demo_seed`, so a
 * crash leaves nothing half-seeded and a second call does nothing.
 */
import { sql } from 'drizzle-orm'
import { swedishDay } from '../../common/dates.ts'
import type { Database } from '../client.ts'
import { appMeta } from '../schema.ts'
import { seedActionPlan } from './action-plan.ts'
import { seedActors } from './actors.ts'
import { seedAreas } from './areas.ts'
import { seedAssets } from './assets.ts'
import { seedBasemap } from './basemap.ts'
import type { SeedContext, World } from './context.ts'
import { seedHazards } from './hazards.ts'
import { seedIncidents } from './incidents.ts'
import { loadKommun } from './kommun.ts'
import { Random } from './random.ts'
import { seedRisks } from './risks.ts'
import { seedSessions } from './sessions.ts'
import { seedStatistics } from './statistics.ts'
import { seedTransport } from './transport.ts'

/** Bump when the generated content changes, so an installation can tell which demo it holds. */
export const SEED_VERSION = 1
export const DEFAULT_SEED = 1
export const DEMO_SEED_KEY = 'demo_seed'

const THEMES: [string, (ctx: SeedContext) => Promise<void>][] = [
  ['areas', seedAreas],
  ['basemap', seedBasemap],
  ['transport', seedTransport],
  ['hazards', seedHazards],
  ['actors', seedActors],
  ['assets', seedAssets],
  ['risks', seedRisks],
  ['incidents', seedIncidents],
  ['statistics', seedStatistics],
  ['action-plan', seedActionPlan],
  ['sessions', seedSessions],
]

export interface SeedOptions {
  /** Kommunkod of a real municipality, e.g. '0581' (Norrköping). */
  kommun: string
  /** Different seeds give different, equally plausible worlds. */
  seed?: number
  /** Multiplies the number of incidents (default 1); tests use a fraction. */
  incidentScale?: number
  /**
   * The day the example crisis session happens ("2026-11-20", Swedish time); default the day of
   * the first start, so its tasks are due today and not long overdue. The world is the same for
   * the same kommun, seed and day.
   */
  day?: string
}

export interface SeedSummary {
  kommun: string
  kommunName: string
  seed: number
  version: number
  /** True when the database had already been seeded and nothing was written. */
  skipped: boolean
  /** Rows inserted per table. */
  counts: Record<string, number>
  /** Milliseconds per theme, for tuning. */
  timings: Record<string, number>
  ms: number
}

export interface DemoSeedRecord {
  kommun: string
  seed: number
  version: number
  at: string
}

/** Seeds the demo world once; later calls return `skipped: true` and write nothing. */
export async function seedDemo(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const started = performance.now()
  const seed = options.seed ?? DEFAULT_SEED
  const kommun = loadKommun(options.kommun)
  const record: DemoSeedRecord = {
    kommun: kommun.code,
    seed,
    version: SEED_VERSION,
    at: new Date().toISOString(),
  }

  const counts: Record<string, number> = {}
  const timings: Record<string, number> = {}
  const skipped = await db.transaction(async (tx) => {
    // Note: claiming the key first makes a concurrent seeder on PostgreSQL wait here for this
    // transaction and then find the key taken, instead of seeding a second time.
    const claimed = await tx
      .insert(appMeta)
      .values({ key: DEMO_SEED_KEY, value: record })
      .onConflictDoNothing()
      .returning({ key: appMeta.key })
    if (claimed.length === 0) return true

    const ctx: SeedContext = {
      tx,
      rng: new Random(`lagesbild-demo:${kommun.code}:${seed}`),
      kommun,
      world: emptyWorld(),
      incidentScale: options.incidentScale ?? 1,
      day: options.day ?? swedishDay(new Date()),
      counts,
    }
    // Note: the order matters; each theme places its objects where the earlier ones put the town.
    for (const [theme, run] of THEMES) {
      const t0 = performance.now()
      await run(ctx)
      timings[theme] = Math.round(performance.now() - t0)
    }
    return false
  })
  // Note: without statistics the planner takes the freshly filled tables for empty and picks
  // sort-based grouping for tile aggregation, ten times slower at low zooms.
  if (!skipped) await db.query(sql`ANALYZE`)
  return {
    kommun: kommun.code,
    kommunName: kommun.name,
    seed,
    version: SEED_VERSION,
    skipped,
    counts,
    timings,
    ms: Math.round(performance.now() - started),
  }
}

/** What `seedDemo` recorded, or null when the database holds no demo world. */
export async function readDemoSeed(db: Database): Promise<DemoSeedRecord | null> {
  const found = await db.query<{ value: DemoSeedRecord }>(
    sql`SELECT value FROM app_meta WHERE key = ${DEMO_SEED_KEY}`,
  )
  return found[0]?.value ?? null
}

function emptyWorld(): World {
  return {
    municipalityId: '',
    districts: [],
    policeAreas: [],
    rescueDistricts: [],
    river: [],
    riverWidth: 0,
    lake: null,
    villages: [],
    station: [0, 0],
    nightlife: [0, 0],
    mall: [0, 0],
    industrial: [0, 0],
    roads: [],
    railway: [],
    sevesoSites: [],
    actors: new Map(),
    assets: [],
  }
}
