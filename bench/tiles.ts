/**
 * Incident tile latency at zooms 10, 13 and 16 over tiles that hold incidents, against an in-memory
 * geojson-vt index (clustering below zoom 14, as the tiles aggregate) over the same features,
 * encoded with vt-pbf in the same run. Also the largest incident tile at each zoom 8..16, which must
 * stay below 500 KB.
 *
 * Standalone: `npx tsx bench/tiles.ts` on the seeded test snapshot, or on DATABASE_URL (migrated and
 * seeded with the demo when it holds no incidents). Prints JSON only.
 */
import { pathToFileURL } from 'node:url'
import { GeoJSONVT } from '@maplibre/geojson-vt'
import { fromGeojsonVt } from '@maplibre/vt-pbf'
import { sql } from 'drizzle-orm'
import type { Feature, FeatureCollection, Point } from 'geojson'
import type { TileAddress } from '../common/geo.ts'
import { type Database, openDatabase } from '../db/client.ts'
import { migrateDatabase } from '../db/migrate.ts'
import { openTestDatabase, prepareDatabase } from '../db/testing/test-database.ts'
import type { Access } from '../server/http/access.ts'
import { layerSources } from '../server/layers/sources.ts'
import { accessFor } from '../server/testing/sign-in.ts'
import { renderLayerTile } from '../server/tiles/render.ts'
import { MERCATOR_HALF_WORLD, TILE_BUFFER, TILE_EXTENT, tileWidthMetres } from '../server/tiles/tile-space.ts'
import { ratio, summarise } from './support.ts'

const LATENCY_ZOOMS = [10, 13, 16]
const SIZE_ZOOMS = [8, 9, 10, 11, 12, 13, 14, 15, 16]
/** Tiles timed per zoom, spread evenly over the tiles that hold incidents. */
const TILES_PER_ZOOM = 60
/** The densest tiles per zoom whose size is measured, where the largest tile must be. */
const DENSEST_TILES = 5
const MAX_TILE_BYTES = 500 * 1024

const operator: Access = accessFor('crisis', 'bench')

interface TileCount extends TileAddress {
  count: number
}

/** Every tile at zoom `z` holding incidents, with how many, computed the way the tiles compute cells. */
async function occupiedTiles(db: Database, z: number): Promise<TileCount[]> {
  const w = tileWidthMetres(z)
  const rows = await db.query<{ x: number; y: number; count: number }>(sql`
    SELECT floor((ST_X(m) + ${MERCATOR_HALF_WORLD}::float8) / ${w}::float8)::int AS x,
      floor((${MERCATOR_HALF_WORLD}::float8 - ST_Y(m)) / ${w}::float8)::int AS y, count(*)::int AS count
    FROM (SELECT ST_Transform(geom, 3857) AS m FROM incidents) t
    GROUP BY 1, 2 ORDER BY 1, 2`)
  return rows.map((r) => ({ z, x: Number(r.x), y: Number(r.y), count: Number(r.count) }))
}

const spread = <T>(items: T[], n: number): T[] =>
  items.length <= n ? items : Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)])

async function timed<T>(work: () => Promise<T> | T): Promise<[number, T]> {
  const t0 = performance.now()
  const result = await work()
  return [performance.now() - t0, result]
}

/** The incidents as the tiles see them (tile properties, id, classification), fetched once for the baseline. */
async function incidentFeatures(db: Database): Promise<FeatureCollection<Point>> {
  const source = layerSources.get('incidents')!
  const rows = await db.query<{ geometry: string; props: Record<string, unknown> }>(sql`
    SELECT ST_AsGeoJSON(s.geom) AS geometry,
      s.tile_properties || jsonb_build_object('id', s.id, 'classification', s.classification) AS props
    FROM (${source.rows({}, undefined, operator)}) s`)
  const features = rows.map(
    (r): Feature<Point> => ({
      type: 'Feature',
      geometry: JSON.parse(r.geometry) as Point,
      properties: r.props,
    }),
  )
  return { type: 'FeatureCollection', features }
}

export async function benchTiles(db: Database): Promise<object> {
  const source = layerSources.get('incidents')!
  const render = (t: TileAddress) => renderLayerTile(db, source, t, {}, operator)

  const [fetchMs, collection] = await timed(() => incidentFeatures(db))
  const [indexMs, index] = await timed(
    () =>
      new GeoJSONVT(collection, {
        maxZoom: 16,
        indexMaxZoom: 5,
        extent: TILE_EXTENT,
        buffer: TILE_BUFFER,
        cluster: true,
        // Note: clusters up to zoom 13 with a radius of 16 px of 512, the size of the tiles' cells.
        clusterOptions: { maxZoom: (source.info.aggregateBelowZoom ?? 14) - 1, radius: 16, extent: 512 },
      }),
  )
  const baseline = (t: TileAddress) => {
    const tile = index.getTile(t.z, t.x, t.y)
    return tile ? fromGeojsonVt({ incidents: tile }, { version: 2, extent: TILE_EXTENT }) : new Uint8Array(0)
  }

  const latency: Record<string, object> = {}
  for (const z of LATENCY_ZOOMS) {
    const tiles = spread(await occupiedTiles(db, z), TILES_PER_ZOOM)
    // Note: one untimed pass each warms the database's caches and geojson-vt's lazily cut tiles.
    for (const t of tiles) {
      await render(t)
      baseline(t)
    }
    const database: number[] = []
    const inMemory: number[] = []
    let maxBytes = 0
    for (const t of tiles) {
      const [ms, bytes] = await timed(() => render(t))
      database.push(ms)
      maxBytes = Math.max(maxBytes, bytes.length)
      inMemory.push((await timed(() => baseline(t)))[0])
    }
    const db50 = summarise(database)
    const vt50 = summarise(inMemory)
    latency[`z${z}`] = {
      tiles: tiles.length,
      databaseMs: db50,
      geojsonVtMs: vt50,
      ratioP50: ratio(db50.p50, vt50.p50),
      ratioP95: ratio(db50.p95, vt50.p95),
      maxBytes,
    }
  }

  const maxTileBytes: Record<string, number> = {}
  for (const z of SIZE_ZOOMS) {
    const densest = [...(await occupiedTiles(db, z))]
      .sort((a, b) => b.count - a.count)
      .slice(0, DENSEST_TILES)
    let max = 0
    for (const t of densest) max = Math.max(max, (await render(t)).length)
    maxTileBytes[`z${z}`] = max
  }

  return {
    backend: db.kind,
    incidents: collection.features.length,
    baseline: { fetchMs: Math.round(fetchMs), indexMs: Math.round(indexMs) },
    latency,
    maxTileBytes,
    maxTileBytesWithinLimit: Object.values(maxTileBytes).every((b) => b < MAX_TILE_BYTES),
  }
}

async function openBenchDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL
  if (!url) return openTestDatabase()
  const db = await openDatabase({ databaseUrl: url })
  await migrateDatabase(db)
  const [{ n }] = (await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM incidents`)) as [
    { n: number },
  ]
  if (Number(n) === 0) await prepareDatabase(db)
  return db
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const db = await openBenchDatabase()
  try {
    console.log(JSON.stringify(await benchTiles(db), null, 2))
  } finally {
    await db.close()
  }
}
