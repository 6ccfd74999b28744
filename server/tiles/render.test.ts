/**
 * Tiles rendered from fixtures on an in-memory PGlite, and on PostgreSQL too when TEST_DATABASE_URL
 * is set, where both backends must also give the same features.
 *
 * The fixtures lie in Serbia, far from any demo municipality, so they can be written into a shared,
 * seeded PostgreSQL test database and counted exactly; they are removed again afterwards.
 */
import { classifyRings } from '@mapbox/vector-tile'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lonLatToTile, type TileAddress, tileToBBox } from '../../common/geo.ts'
import { type Database, openDatabase } from '../../db/client.ts'
import { migrateDatabase } from '../../db/migrate.ts'
import { ensurePgliteBase } from '../../db/pglite-base.ts'
import type { Access } from '../http/access.ts'
import type { LayerFilters } from '../layers/sources.ts'
import { layerSources } from '../layers/sources.ts'
import { type DecodedFeature, decodeTile } from '../testing/mvt.ts'
import { accessFor } from '../testing/sign-in.ts'
import { MAX_POINTS_PER_TILE } from './layer-tile.ts'
import { ringArea2 } from './mvt-encode.ts'
import { BASEMAP_LAYER_ID, renderBasemapTile, renderLayerTile } from './render.ts'
import { CELL_UNITS, lonLatToTileUnits, TILE_BUFFER, TILE_EXTENT } from './tile-space.ts'

const FIXTURE_BY = 'tiles-test'
const full: Access = accessFor('crisis')
/** A viewer reads open and internal objects of the crime theme, never restricted ones. */
const withoutRestricted: Access = accessFor('viewer')

/** The zoom-14 tile the fixtures are built around, and a position in it by fractions of its width and height. */
const home = lonLatToTile(20.05, 45.05, 14)
const [west, south, east, north] = tileToBBox(home)
const at = (fx: number, fy: number): [number, number] => [
  west + fx * (east - west),
  north - fy * (north - south),
]

interface IncidentFixture {
  lonLat: [number, number]
  category: string
  classification: 'internal' | 'restricted'
  occurredAt: string
}

const JANUARY = '2026-01-15T10:00:00Z'
const MARCH = '2026-03-15T10:00:00Z'
const known: IncidentFixture = {
  lonLat: at(0.25, 0.75),
  category: 'burglary',
  classification: 'internal',
  occurredAt: JANUARY,
}

/** The centre of the zoom-10 tile around home, where four zoom-11 tiles meet. */
const parent10 = lonLatToTile(20.05, 45.05, 10)
const [cornerLon, , , cornerLat] = tileToBBox({ z: 11, x: parent10.x * 2 + 1, y: parent10.y * 2 + 1 })
const corner: [number, number] = [cornerLon, cornerLat]

const incidents: IncidentFixture[] = [
  known,
  ...[0.1, 0.3, 0.5, 0.7, 0.9, 0.95].map(
    (f, i): IncidentFixture => ({
      lonLat: at(f, 0.2 + f / 2),
      category: 'burglary',
      classification: i < 2 ? 'restricted' : 'internal',
      occurredAt: i % 2 ? MARCH : JANUARY,
    }),
  ),
  ...[0.15, 0.35, 0.55, 0.6, 0.61].map(
    (f, i): IncidentFixture => ({
      lonLat: at(f, 0.5),
      category: 'assault',
      classification: i === 0 ? 'restricted' : 'internal',
      occurredAt: i % 2 ? JANUARY : MARCH,
    }),
  ),
  // One in each quadrant around a corner of four tiles, to see that no point is counted twice.
  ...[
    [-1, -1],
    [1, -1],
    [-1, 1],
    [1, 1],
  ].map(
    ([dx, dy]): IncidentFixture => ({
      lonLat: [corner[0] + dx * 1e-4, corner[1] + dy * 1e-4],
      category: 'vandalism',
      classification: 'internal',
      occurredAt: MARCH,
    }),
  ),
]

/** A zoom-16 tile crowded with more incidents than a tile carries one by one, far from the others. */
const crowded = lonLatToTile(23.5, 42.5, 16)
const CROWD = MAX_POINTS_PER_TILE + 1

const sameTile = (a: TileAddress, b: TileAddress) => a.z === b.z && a.x === b.x && a.y === b.y
/** How many fixture incidents a tile should count, worked out in JS independently of SQL. */
const expectedCount = (address: TileAddress, keep: (i: IncidentFixture) => boolean = () => true) =>
  incidents.filter((i) => keep(i) && sameTile(lonLatToTile(i.lonLat[0], i.lonLat[1], address.z), address))
    .length

const wkt = {
  point: ([lon, lat]: [number, number]) => `POINT(${lon} ${lat})`,
  line: (points: [number, number][]) => `LINESTRING(${points.map(([x, y]) => `${x} ${y}`).join(', ')})`,
  ring: (points: [number, number][]) => `(${[...points, points[0]].map(([x, y]) => `${x} ${y}`).join(', ')})`,
  box: (a: [number, number], b: [number, number]): [number, number][] => [a, [b[0], a[1]], b, [a[0], b[1]]],
}

async function removeFixtures(db: Database) {
  for (const table of ['incidents', 'hazard_zones', 'transport_links', 'basemap_features']) {
    await db.query(sql`DELETE FROM ${sql.identifier(table)} WHERE created_by = ${FIXTURE_BY}`)
  }
}

async function insertFixtures(db: Database) {
  await removeFixtures(db)
  const geom = (text: string) => sql`ST_GeomFromText(${text}, 4326)`
  for (const i of incidents) {
    await db.query(sql`
      INSERT INTO incidents (occurred_at, category, category_group, severity, source, geom, classification, created_by, updated_by)
      VALUES (${i.occurredAt}::timestamptz, ${i.category}, 'crime', 2, 'police', ${geom(wkt.point(i.lonLat))},
        ${i.classification}, ${FIXTURE_BY}, ${FIXTURE_BY})`)
  }
  // A 64 x 64 lattice over the crowded tile, repeated until there are CROWD points.
  const [cw, cs, ce, cn] = tileToBBox(crowded)
  await db.query(sql`
    INSERT INTO incidents (occurred_at, category, category_group, severity, source, geom, classification, created_by, updated_by)
    SELECT ${JANUARY}::timestamptz, 'fraud', 'crime', 1, 'police',
      ST_SetSRID(ST_MakePoint(${cw}::float8 + ((i % 64) + 0.5) / 64 * ${ce - cw}::float8,
        ${cs}::float8 + (((i / 64) % 64) + 0.5) / 64 * ${cn - cs}::float8), 4326),
      'internal', ${FIXTURE_BY}, ${FIXTURE_BY}
    FROM generate_series(0, ${CROWD - 1}::int) i`)
  // A consultation zone with a hole, reaching well into the tile east of home.
  const zone = `MULTIPOLYGON((${wkt.ring(wkt.box(at(0.6, 0.8), at(1.4, 0.2)))}, ${wkt.ring(wkt.box(at(0.7, 0.6), at(0.8, 0.4)))}))`
  await db.query(sql`
    INSERT INTO hazard_zones (kind, name, geom, classification, created_by, updated_by)
    VALUES ('seveso_consultation', 'Provzon', ${geom(zone)}, 'internal', ${FIXTURE_BY}, ${FIXTURE_BY})`)
  const links: [string, string | null, string, [number, number][]][] = [
    ['road', 'primary', 'Riksväg 0', [at(-0.5, 0.5), at(1.5, 0.5)]],
    ['road', 'local', 'Provgatan', [at(0.2, 0.2), at(0.4, 0.3)]],
    ['railway', null, 'Provbanan', [at(0.5, -0.5), at(0.5, 1.5)]],
  ]
  for (const [mode, roadClass, name, line] of links) {
    await db.query(sql`
      INSERT INTO transport_links (mode, road_class, name, geom, classification, created_by, updated_by)
      VALUES (${mode}, ${roadClass}, ${name}, ${geom(wkt.line(line))}, 'open', ${FIXTURE_BY}, ${FIXTURE_BY})`)
  }
  const basemap: [string, string, string, number, string][] = [
    ['land', 'municipality', 'Provkommun', 0, `POLYGON(${wkt.ring(wkt.box([19.9, 44.9], [20.3, 45.2]))})`],
    ['county', 'county', 'Provlän', 0, `POLYGON(${wkt.ring(wkt.box([19.5, 44.5], [20.6, 45.5]))})`],
    ['water', 'lake', 'Provsjön', 2, `POLYGON(${wkt.ring(wkt.box(at(0.1, 0.9), at(0.3, 0.7)))})`],
    ['waterway', 'river', 'Provån', 1, wkt.line([at(0, 0.95), at(1, 0.95)])],
    ['place', 'town', 'Provby', 1, wkt.point(at(0.5, 0.5))],
    ['place', 'village', 'Småby', 5, wkt.point(at(0.8, 0.1))],
  ]
  for (const [layer, kind, name, rank, text] of basemap) {
    await db.query(sql`
      INSERT INTO basemap_features (layer, kind, name, rank, geom, classification, created_by, updated_by)
      VALUES (${layer}, ${kind}, ${name}, ${rank}, ${geom(text)}, 'open', ${FIXTURE_BY}, ${FIXTURE_BY})`)
  }
}

async function openPgliteDatabase(): Promise<Database> {
  // Note: from the prepared copy with PostGIS, made once per installation, not created here again.
  await ensurePgliteBase()
  const db = await openDatabase({})
  await migrateDatabase(db)
  return db
}

async function openPostgresDatabase(url: string): Promise<Database> {
  const db = await openDatabase({ databaseUrl: url, maxConnections: 2 })
  await migrateDatabase(db)
  return db
}

const backends: { name: string; open: () => Promise<Database> }[] = [
  { name: 'pglite', open: openPgliteDatabase },
]
const postgresUrl = process.env.TEST_DATABASE_URL
if (postgresUrl) backends.push({ name: 'postgres', open: () => openPostgresDatabase(postgresUrl) })

const databases = new Map<string, Database>()

beforeAll(async () => {
  await Promise.all(
    backends.map(async (b) => {
      const db = await b.open()
      await insertFixtures(db)
      databases.set(b.name, db)
    }),
  )
})

afterAll(async () => {
  for (const db of databases.values()) {
    await removeFixtures(db).catch(() => {})
    await db.close()
  }
})

const source = (id: string) => {
  const s = layerSources.get(id)
  if (!s) throw new Error(`no layer ${id}`)
  return s
}

async function layerTile(
  db: Database,
  layerId: string,
  address: TileAddress,
  filters: LayerFilters = {},
  access = full,
) {
  return decodeTile(await renderLayerTile(db, source(layerId), address, filters, access))
}

const countOf = (features: DecodedFeature[] | undefined) =>
  (features ?? []).reduce((sum, f) => sum + Number(f.properties.count), 0)

const ancestor = (z: number): TileAddress => lonLatToTile(20.05, 45.05, z)

describe.each(backends)('tiles on $name', ({ name }) => {
  const db = () => databases.get(name)!

  it('puts a known incident at its pixel with its id, classification and tile properties', async () => {
    const tile = await layerTile(db(), 'incidents', home)
    expect(Object.keys(tile)).toEqual(['incidents'])
    const features = tile.incidents
    expect(features).toHaveLength(expectedCount(home))
    const [px, py] = lonLatToTileUnits(known.lonLat[0], known.lonLat[1], home)
    const found = features.filter(
      (f) => Math.abs(f.geometry[0][0].x - px) <= 1 && Math.abs(f.geometry[0][0].y - py) <= 1,
    )
    expect(found).toHaveLength(1)
    const [feature] = found
    expect(feature.type).toBe(1)
    expect(Object.keys(feature.properties).sort()).toEqual(
      ['category', 'categoryGroup', 'classification', 'id', 'occurredAt', 'severity'].sort(),
    )
    expect(feature.properties).toMatchObject({
      category: 'burglary',
      classification: 'internal',
      severity: 2,
    })
    expect(feature.properties.occurredAt).toMatch(/^2026-01-15 \d\d:00$/)
    const [row] = await db().query<{ id: string }>(sql`
      SELECT id::text FROM incidents WHERE created_by = ${FIXTURE_BY}
      AND ST_Equals(geom, ST_SetSRID(ST_MakePoint(${known.lonLat[0]}::float8, ${known.lonLat[1]}::float8), 4326))`)
    expect(feature.properties.id).toBe(row?.id)
  })

  it('below zoom 14 sends counted cells whose counts add up to the incidents in the tile', async () => {
    for (const z of [13, 10, 8]) {
      const address = ancestor(z)
      const features = (await layerTile(db(), 'incidents', address)).incidents
      expect(countOf(features), `z${z}`).toBe(expectedCount(address))
      for (const f of features) {
        expect(f.type).toBe(1)
        expect(Object.keys(f.properties)).toEqual(['count'])
        // Cells stand at their centres, never at an incident's own position.
        expect(f.geometry[0][0].x % CELL_UNITS).toBe(CELL_UNITS / 2)
        expect(f.geometry[0][0].y % CELL_UNITS).toBe(CELL_UNITS / 2)
      }
    }
  })

  it('counts the points of a tile above zoom 14 too when there are more than it carries one by one', async () => {
    const cells = (await layerTile(db(), 'incidents', crowded)).incidents
    expect(cells.length).toBeLessThan(CROWD)
    expect(countOf(cells)).toBe(CROWD)
    const quarter = { z: 17, x: crowded.x * 2, y: crowded.y * 2 }
    const points = (await layerTile(db(), 'incidents', quarter)).incidents
    expect(points.length).toBeGreaterThan(0)
    expect(points.every((f) => typeof f.properties.id === 'string' && !('count' in f.properties))).toBe(true)
  })

  it('counts each incident in one tile only, where four tiles meet', async () => {
    const parent = countOf((await layerTile(db(), 'incidents', parent10)).incidents)
    let children = 0
    for (const [dx, dy] of [
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]) {
      const child = { z: 11, x: parent10.x * 2 + dx, y: parent10.y * 2 + dy }
      const count = countOf((await layerTile(db(), 'incidents', child)).incidents)
      expect(count, `${child.x}/${child.y}`).toBe(expectedCount(child))
      expect(count).toBeGreaterThan(0)
      children += count
    }
    expect(children).toBe(parent)
    expect(parent).toBe(incidents.length)
  })

  it('counts only what passes the category and time filters', async () => {
    const burglaries = await layerTile(db(), 'incidents', parent10, { categories: ['burglary'] })
    expect(countOf(burglaries.incidents)).toBe(expectedCount(parent10, (i) => i.category === 'burglary'))
    const fromFebruary = await layerTile(db(), 'incidents', parent10, { from: '2026-02-01' })
    expect(countOf(fromFebruary.incidents)).toBe(expectedCount(parent10, (i) => i.occurredAt === MARCH))
    const points = await layerTile(db(), 'incidents', home, { categories: ['assault'] })
    expect(points.incidents).toHaveLength(expectedCount(home, (i) => i.category === 'assault'))
  })

  it('hides restricted incidents, and their counts, from a caller without that clearance', async () => {
    const open = (i: IncidentFixture) => i.classification !== 'restricted'
    const points = (await layerTile(db(), 'incidents', home, {}, withoutRestricted)).incidents
    expect(points).toHaveLength(expectedCount(home, open))
    expect(points.every((f) => f.properties.classification !== 'restricted')).toBe(true)
    const cells = (await layerTile(db(), 'incidents', parent10, {}, withoutRestricted)).incidents
    expect(countOf(cells)).toBe(expectedCount(parent10, open))
    expect(countOf(cells)).toBeLessThan(incidents.length)
  })

  it('clips a polygon crossing the tile edge to the buffer and keeps its hole', async () => {
    const zones = (await layerTile(db(), 'hazard-zones', home))['hazard-zones']
    expect(zones).toHaveLength(1)
    const [zone] = zones
    expect(zone.type).toBe(3)
    expect(zone.properties).toMatchObject({
      name: 'Provzon',
      kind: 'seveso_consultation',
      classification: 'internal',
    })
    const xs = zone.geometry.flat().map((p) => p.x)
    expect(Math.max(...xs)).toBe(TILE_EXTENT + TILE_BUFFER)
    expect(Math.min(...xs)).toBeGreaterThan(0)
    const polygons = classifyRings(zone.geometry.map((ring) => ring.map((p) => ({ ...p }))) as never)
    expect(polygons).toHaveLength(1)
    expect(polygons[0]).toHaveLength(2)
    expect(ringArea2(zone.geometry[0].map((p) => [p.x, p.y]))).toBeGreaterThan(0)
    expect(ringArea2(zone.geometry[1].map((p) => [p.x, p.y]))).toBeLessThan(0)
    // The zone lies beyond the buffer of the tile two to the west.
    expect(
      await renderLayerTile(db(), source('hazard-zones'), { ...home, x: home.x - 2 }, {}, full),
    ).toHaveLength(0)
  })

  it('clips lines to the buffered tile', async () => {
    const roads = (await layerTile(db(), 'roads', home)).roads
    const primary = roads.find((f) => f.properties.name === 'Riksväg 0')
    expect(primary?.type).toBe(2)
    const xs = primary!.geometry.flat().map((p) => p.x)
    expect(Math.min(...xs)).toBe(-TILE_BUFFER)
    expect(Math.max(...xs)).toBe(TILE_EXTENT + TILE_BUFFER)
  })

  it('builds the basemap with its layers, thinned by zoom', async () => {
    const close = decodeTile(await renderBasemapTile(db(), home))
    expect(Object.keys(close).sort()).toEqual([
      'county',
      'land',
      'places',
      'railway',
      'roads',
      'water',
      'waterway',
    ])
    expect(close.land[0].properties).toEqual({ name: 'Provkommun' })
    expect(close.roads.map((f) => f.properties.roadClass).sort()).toEqual(['local', 'primary'])
    expect(close.roads.find((f) => f.properties.roadClass === 'primary')?.properties).toEqual({
      roadClass: 'primary',
      name: 'Riksväg 0',
    })
    expect(close.places.map((f) => f.properties.name).sort()).toEqual(['Provby', 'Småby'])

    const far = decodeTile(await renderBasemapTile(db(), ancestor(10)))
    expect(far.roads.map((f) => f.properties.roadClass)).toEqual(['primary'])
    const places = far.places.map((f) => f.properties)
    expect(places).toContainEqual({ name: 'Provby', kind: 'town', rank: 1 })
    expect(places).toContainEqual({ name: 'Provkommun', kind: 'municipality', rank: 2 })
    expect(places.map((p) => p.name)).not.toContain('Småby')
    expect(BASEMAP_LAYER_ID).toBe('basemap')
  })

  it('answers a tile without features with zero bytes', async () => {
    const pacific = lonLatToTile(-150, -40, 14)
    expect(await renderLayerTile(db(), source('incidents'), pacific, {}, full)).toHaveLength(0)
    expect(
      await renderLayerTile(db(), source('incidents'), lonLatToTile(-150, -40, 9), {}, full),
    ).toHaveLength(0)
    expect(await renderBasemapTile(db(), pacific)).toHaveLength(0)
  })
})

/**
 * A feature reduced to what both backends must agree on: type, properties and where it lies. Ids
 * are random per database, so only their presence is compared.
 */
function comparable(f: DecodedFeature) {
  const points = f.geometry.flat()
  const xs = points.map((p) => p.x)
  const ys = points.map((p) => p.y)
  return {
    type: f.type,
    properties: 'id' in f.properties ? { ...f.properties, id: typeof f.properties.id } : f.properties,
    box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)],
    parts:
      f.type === 3
        ? classifyRings(f.geometry.map((r) => r.map((p) => ({ ...p }))) as never).length
        : f.geometry.length,
  }
}

const sortKey = (f: ReturnType<typeof comparable>) =>
  JSON.stringify([f.properties, f.box[0] >> 4, f.box[1] >> 4])
const sortedComparable = (features: DecodedFeature[]) =>
  features.map(comparable).sort((a, b) => sortKey(a).localeCompare(sortKey(b)))

describe.runIf(backends.length === 2)('parity of PGlite and PostgreSQL tiles', () => {
  const cases: [string, TileAddress, LayerFilters, Access][] = [
    ['incidents', home, {}, full],
    ['incidents', home, {}, withoutRestricted],
    ['incidents', ancestor(13), {}, full],
    ['incidents', parent10, { categories: ['burglary', 'vandalism'] }, withoutRestricted],
    ['hazard-zones', home, {}, full],
    ['roads', home, {}, full],
    ['incidents', crowded, {}, full],
    [BASEMAP_LAYER_ID, home, {}, full],
    [BASEMAP_LAYER_ID, ancestor(10), {}, full],
  ]

  it.each(cases)('%s at %o gives the same features on both', async (layerId, address, filters, access) => {
    const render = (db: Database) =>
      layerId === BASEMAP_LAYER_ID
        ? renderBasemapTile(db, address)
        : renderLayerTile(db, source(layerId), address, filters, access)
    const [a, b] = await Promise.all([render(databases.get('pglite')!), render(databases.get('postgres')!)])
    const pglite = decodeTile(a)
    const postgres = decodeTile(b)
    expect(Object.keys(pglite).sort()).toEqual(Object.keys(postgres).sort())
    for (const layer of Object.keys(pglite)) {
      const left = sortedComparable(pglite[layer])
      const right = sortedComparable(postgres[layer])
      expect(
        left.map(({ box: _, ...rest }) => rest),
        layer,
      ).toEqual(right.map(({ box: _, ...rest }) => rest))
      left.forEach((f, i) => {
        f.box.forEach((v, k) => {
          expect(Math.abs(v - right[i].box[k]), `${layer} box`).toBeLessThanOrEqual(1)
        })
      })
    }
  })
})
