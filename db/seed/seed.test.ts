/**
 * Seeds real PGlite databases: Oxelösund twice (determinism) and Norrköping once, with fewer
 * incidents than the full seed so the file stays quick. The first database starts from the prepared
 * copy with PostGIS (creating PostGIS would take most of the time) and the other two from a snapshot
 * of it once migrated.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { swedishDay } from '../../common/dates.ts'
import { DEMO_MARK, sectorTerms } from '../../common/domain.ts'
import { type Database, openDatabase } from '../client.ts'
import { migrateDatabase } from '../migrate.ts'
import { ensurePgliteBase } from '../pglite-base.ts'
import { readDemoSeed, type SeedSummary, seedDemo } from './index.ts'

/** The seed day of the determinism pair; Norrköping is seeded on the day the test runs. */
const DAY = '2026-11-20'

const SEEDED_TABLES = [
  'areas',
  'basemap_features',
  'transport_links',
  'hazard_sites',
  'hazard_zones',
  'actors',
  'actor_links',
  'actor_areas',
  'critical_assets',
  'asset_dependencies',
  'rsa_risks',
  'incidents',
  'crime_statistics',
  'survey_results',
  'crisis_sessions',
  'annotations',
  'session_log',
  'session_participants',
  'session_snapshots',
]

/** One checksum per table over every column but the wall-clock created/updated times. */
async function checksums(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const table of SEEDED_TABLES) {
    const [row] = await db.query<{ sum: string }>(
      sql.raw(`SELECT md5(coalesce(string_agg(x, '|' ORDER BY x), '')) AS sum
        FROM (SELECT (to_jsonb(t) - 'created_at' - 'updated_at' - 'invited_at')::text AS x FROM ${table} t) s`),
    )
    out[table] = row.sum
  }
  return out
}

let first: Database
let second: Database
let norrkoping: Database
let summaryA: SeedSummary
let summaryB: SeedSummary
let summaryN: SeedSummary

beforeAll(async () => {
  await ensurePgliteBase()
  first = await openDatabase({})
  await migrateDatabase(first)
  const snapshot = await first.dumpSnapshot!()
  second = await openDatabase({ snapshot })
  norrkoping = await openDatabase({ snapshot })
  summaryA = await seedDemo(first, { kommun: '0481', seed: 7, incidentScale: 0.2, day: DAY })
  summaryB = await seedDemo(second, { kommun: '0481', seed: 7, incidentScale: 0.2, day: DAY })
  summaryN = await seedDemo(norrkoping, { kommun: '0581', incidentScale: 0.1 })
  // Note: three seeds of whole municipalities; on a shared, busy machine that outlasts the default.
}, 600_000)

afterAll(async () => {
  await Promise.all([first?.close(), second?.close(), norrkoping?.close()])
})

describe('seedDemo', () => {
  it('writes the same content, ids included, for the same kommun and seed', async () => {
    expect(summaryA.skipped).toBe(false)
    expect(summaryB.counts).toEqual(summaryA.counts)
    expect(await checksums(second)).toEqual(await checksums(first))
  })

  it('sets the example session on the seed day, its tasks due that day', async () => {
    const timesOf = async (db: Database) => {
      const [session] = await db.query<{ created: string }>(
        sql`SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI') AS created FROM crisis_sessions`,
      )
      const dues = await db.query<{ due: string }>(
        sql`SELECT entry->>'due' AS due FROM session_log WHERE kind = 'task' ORDER BY entry->>'due'`,
      )
      return { created: session.created, dues: dues.map((d) => d.due) }
    }
    const fixed = await timesOf(first)
    expect(fixed.created).toBe('2026-11-20T05:40')
    expect(fixed.dues).toEqual([
      '2026-11-20T07:40:00.000Z',
      '2026-11-20T08:40:00.000Z',
      '2026-11-20T09:40:00.000Z',
    ])
    // Seeded without a day, the session happens on the day of the first start.
    const today = await timesOf(norrkoping)
    expect(swedishDay(new Date(`${today.created}Z`))).toBe(swedishDay(new Date()))
    for (const due of today.dues) expect(swedishDay(new Date(due))).toBe(swedishDay(new Date()))
  })

  it('seeds once: a second call is skipped and writes nothing', async () => {
    const before = await checksums(first)
    const again = await seedDemo(first, { kommun: '0481', seed: 7, incidentScale: 0.2, day: DAY })
    expect(again.skipped).toBe(true)
    expect(again.counts).toEqual({})
    expect(await checksums(first)).toEqual(before)
    expect(await readDemoSeed(first)).toMatchObject({ kommun: '0481', seed: 7, version: 1 })
  })

  it('refuses an unknown kommunkod', async () => {
    await expect(seedDemo(first, { kommun: '0000' })).rejects.toThrow(/Unknown kommunkod/)
  })

  for (const [label, db, kommun] of [
    ['Oxelösund', () => first, '0481'],
    ['Norrköping', () => norrkoping, '0581'],
  ] as const) {
    describe(label, () => {
      it('partitions the municipality into districts without gaps or overlaps', async () => {
        const [row] = await db().query<{
          municipality: number
          sum: number
          union: number
          overlaps: number
        }>(sql`
          SELECT
            (SELECT ST_Area(ST_Transform(geom, 3006)) FROM areas WHERE kind = 'municipality') AS municipality,
            (SELECT sum(ST_Area(ST_Transform(geom, 3006))) FROM areas WHERE kind = 'district') AS sum,
            (SELECT ST_Area(ST_Transform(ST_Union(geom), 3006)) FROM areas WHERE kind = 'district') AS union,
            (SELECT count(*)::int FROM areas a JOIN areas b ON a.kind = 'district' AND b.kind = 'district' AND a.id < b.id
              AND ST_Area(ST_Transform(ST_Intersection(a.geom, b.geom), 3006)) > 1) AS overlaps`)
        expect(Math.abs(row.union - row.municipality) / row.municipality).toBeLessThan(0.005)
        expect(Math.abs(row.sum - row.union) / row.union).toBeLessThan(0.0001)
        expect(row.overlaps).toBe(0)
        const [code] = await db().query<{ code: string; districts: number }>(
          sql`SELECT (SELECT code FROM areas WHERE kind = 'municipality') AS code,
            (SELECT count(*)::int FROM areas WHERE kind = 'district') AS districts`,
        )
        expect(code).toEqual({ code: kommun, districts: 8 })
      })

      it('writes only valid geometries of the right type, inside the municipality', async () => {
        // Note: compared in WGS 84 with a tolerance of about a metre, since the stored coordinates
        // are rounded to a centimetre and polygons cut along the boundary share its edges.
        const found = await db().query<{ t: string; n: number; invalid: number; outside: number }>(sql`
          WITH m AS (SELECT ST_Buffer(geom, 0.00001) AS geom FROM areas WHERE kind = 'municipality'),
          g AS (
            SELECT 'areas' AS t, geom FROM areas
            UNION ALL SELECT 'basemap_features', geom FROM basemap_features WHERE created_by = 'seed'
            UNION ALL SELECT 'transport_links', geom FROM transport_links
            UNION ALL SELECT 'hazard_zones', geom FROM hazard_zones
            UNION ALL SELECT 'hazard_sites', geom FROM hazard_sites
            UNION ALL SELECT 'actors', geom FROM actors
            UNION ALL SELECT 'actor_areas', geom FROM actor_areas
            UNION ALL SELECT 'critical_assets', geom FROM critical_assets
            UNION ALL SELECT 'rsa_risks', geom FROM rsa_risks WHERE geom IS NOT NULL
            UNION ALL SELECT 'incidents', geom FROM incidents
            UNION ALL SELECT 'annotations', geom FROM annotations
            UNION ALL SELECT 'crisis_sessions', affected_area FROM crisis_sessions
            UNION ALL SELECT 'action_measures', geom FROM action_measures)
          SELECT t, count(*)::int AS n,
            count(*) FILTER (WHERE NOT ST_IsValid(g.geom))::int AS invalid,
            count(*) FILTER (WHERE NOT ST_Covers(m.geom, g.geom))::int AS outside
          FROM g, m GROUP BY t ORDER BY t`)
        expect(found.length).toBe(13)
        for (const row of found)
          expect({ t: row.t, invalid: row.invalid, outside: row.outside }).toEqual({
            t: row.t,
            invalid: 0,
            outside: 0,
          })
        const types = await db().query<{ t: string; type: string }>(sql`
          SELECT DISTINCT 'transport_links' AS t, GeometryType(geom) AS type FROM transport_links
          UNION SELECT DISTINCT 'hazard_zones', GeometryType(geom) FROM hazard_zones
          UNION SELECT DISTINCT 'areas', GeometryType(geom) FROM areas
          UNION SELECT DISTINCT 'incidents', GeometryType(geom) FROM incidents`)
        expect(types.map((r) => `${r.t}:${r.type}`).sort()).toEqual([
          'areas:MULTIPOLYGON',
          'hazard_zones:MULTIPOLYGON',
          'incidents:POINT',
          'transport_links:LINESTRING',
        ])
      })

      it('nests the flood zones: 100-year inside 200-year inside BHF', async () => {
        const [row] = await db().query<{ a: boolean; b: boolean; levels: number[] }>(sql`
          SELECT
            ST_Area(ST_Difference(f100.geom, ST_Buffer(f200.geom, 0.00001))) = 0 AS a,
            ST_Area(ST_Difference(f200.geom, ST_Buffer(bhf.geom, 0.00001))) = 0 AS b,
            ARRAY[f100.level_m, f200.level_m, bhf.level_m] AS levels
          FROM hazard_zones f100, hazard_zones f200, hazard_zones bhf
          WHERE f100.kind = 'flood_100' AND f200.kind = 'flood_200' AND bhf.kind = 'flood_bhf'`)
        expect(row.a).toBe(true)
        expect(row.b).toBe(true)
        expect(row.levels.map(Number)[0]).toBeLessThan(row.levels.map(Number)[2])
      })

      it('writes plausible amounts of everything', () => {
        const counts = (kommun === '0481' ? summaryA : summaryN).counts
        const within = (table: string, min: number, max: number) => {
          expect(counts[table], table).toBeGreaterThanOrEqual(min)
          expect(counts[table], table).toBeLessThanOrEqual(max)
        }
        within('areas', 13, 15)
        within('actors', 35, 45)
        within('actor_links', 50, 80)
        within('actor_areas', 25, 45)
        within('critical_assets', kommun === '0581' ? 250 : 80, 350)
        within('asset_dependencies', kommun === '0581' ? 500 : 180, 900)
        within('rsa_risks', 55, 70)
        within('transport_links', 200, 1200)
        within('hazard_sites', 6, 20)
        within('crime_statistics', 8 * 36 * 11, 8 * 36 * 11)
        within('survey_results', 8 * 3 * 8, 8 * 3 * 8)
        within('annotations', 8, 12)
        within('session_log', 6, 12)
        within('action_measures', 4, 4)
        within('incidents', kommun === '0581' ? 5500 : 2800, kommun === '0581' ? 6500 : 3200)
      })

      it('marks every synthetic name as demo', async () => {
        const unmarked = await db().query<{ t: string; name: string }>(sql`
          SELECT 'areas' AS t, name FROM areas WHERE kind <> 'municipality' AND name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'basemap_features', name FROM basemap_features
            WHERE created_by = 'seed' AND kind <> 'town' AND name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'transport_links', name FROM transport_links WHERE name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'hazard_sites', name FROM hazard_sites WHERE name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'hazard_zones', name FROM hazard_zones WHERE name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'actors', name FROM actors WHERE name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'actor contacts', c->>'name' FROM actors, jsonb_array_elements(contacts) c
            WHERE c->>'name' NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'critical_assets', name FROM critical_assets WHERE name NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'rsa_risks', title FROM rsa_risks WHERE title NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'crisis_sessions', title FROM crisis_sessions WHERE title NOT LIKE ${`%${DEMO_MARK}%`}
          UNION ALL SELECT 'action_measures', title FROM action_measures WHERE title NOT LIKE ${`%${DEMO_MARK}%`}`)
        expect(unmarked).toEqual([])
      })

      it('classifies by need to know', async () => {
        const rows = await db().query<{ t: string; classification: string; n: number }>(sql`
          SELECT 'incidents:' || source AS t, classification, count(*)::int AS n FROM incidents GROUP BY 1, 2
          UNION ALL SELECT 'assets:' || (styrel_class <= 2)::text, classification, count(*)::int FROM critical_assets GROUP BY 1, 2
          UNION ALL SELECT 'areas', classification, count(*)::int FROM areas GROUP BY 1, 2
          UNION ALL SELECT 'crime_statistics', classification, count(*)::int FROM crime_statistics GROUP BY 1, 2`)
        const by = Object.fromEntries(rows.map((r) => [`${r.t}/${r.classification}`, r.n]))
        expect(by['incidents:police/restricted']).toBeGreaterThan(0)
        expect(by['incidents:police/internal']).toBeUndefined()
        expect(by['incidents:municipality/internal']).toBeGreaterThan(0)
        expect(by['assets:true/restricted']).toBeGreaterThan(0)
        expect(by['assets:true/internal']).toBeUndefined()
        expect(by['assets:false/internal']).toBeGreaterThan(by['assets:true/restricted'])
        expect(Object.keys(by).filter((k) => k.startsWith('areas/'))).toEqual(['areas/open'])
        expect(Object.keys(by).filter((k) => k.startsWith('crime_statistics/'))).toEqual([
          'crime_statistics/open',
        ])
      })

      it('covers every MSB sector and has a dependency cycle', async () => {
        const sectors = await db().query<{ sector: string }>(
          sql`SELECT DISTINCT sector FROM critical_assets ORDER BY 1`,
        )
        expect(sectors.map((s) => s.sector)).toEqual(Object.keys(sectorTerms).sort())
        // A cycle: some provider depends, directly or through others, on its own dependent.
        const [cycle] = await db().query<{ found: boolean }>(sql`
          WITH RECURSIVE reach(start, node, depth) AS (
            SELECT dependent_asset_id, provider_asset_id, 1 FROM asset_dependencies
            UNION
            SELECT r.start, d.provider_asset_id, r.depth + 1 FROM reach r
              JOIN asset_dependencies d ON d.dependent_asset_id = r.node WHERE r.depth < 6)
          SELECT EXISTS (SELECT 1 FROM reach WHERE start = node) AS found`)
        expect(cycle.found).toBe(true)
      })

      it('keeps the crisis session consistent with its annotations', async () => {
        const [row] = await db().query<{
          seq: number
          n: number
          logs: number
          changes: number
          sessionChanges: number
          last: number
          circle: number
        }>(sql`
          SELECT s.seq::int AS seq, count(a.*)::int AS n,
            count(*) FILTER (WHERE a.kind = 'circle' AND (a.properties ? 'radius') AND GeometryType(a.geom) = 'POLYGON')::int AS circle,
            (SELECT count(*)::int FROM session_log l WHERE l.session_id = s.id AND l.version <= s.seq) AS logs,
            (SELECT count(*)::int FROM session_changes c WHERE c.session_id = s.id) AS changes,
            (SELECT count(*)::int FROM session_changes c WHERE c.session_id = s.id AND c.change->>'type' = 'session') AS "sessionChanges",
            (SELECT max(c.seq)::int FROM session_changes c WHERE c.session_id = s.id) AS last
          FROM crisis_sessions s JOIN annotations a ON a.session_id = s.id GROUP BY s.id, s.seq`)
        // Every annotation, log entry and move of the agenda or level is one change: the history
        // replays the whole meeting, the header included.
        expect(row.seq).toBe(row.n + row.logs + row.sessionChanges)
        expect(row.sessionChanges).toBeGreaterThanOrEqual(5)
        expect(row.changes).toBe(row.seq)
        expect(row.last).toBe(row.seq)
        expect(row.circle).toBe(1)
        expect(row.logs).toBeGreaterThanOrEqual(6)
      })
    })
  }
})
