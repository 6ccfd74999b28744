/**
 * Basemap features that no other layer holds: a river through the town with its water surface, a
 * lake, a few streams, and place labels (the municipality's real name at the centre, districts and
 * villages marked demo).
 */
import { sql } from 'drizzle-orm'
import { DEMO_MARK } from '../../common/domain.ts'
import { basemapFeatures } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import {
  blob,
  distance,
  distanceToLine,
  lineGeometry,
  pointGeometry,
  polar,
  polygonGeometry,
  windingLine,
  type XY,
} from './geometry.ts'
import { insertAll, rows } from './sql.ts'

const VILLAGE_NAMES = [
  'Bergby',
  'Ekvik',
  'Fallsäter',
  'Gränsta',
  'Hulta',
  'Ingelstorp',
  'Järnboda',
  'Kullen',
  'Lerdala',
  'Myrby',
]
const STREAM_NAMES = ['Kvarnbäcken', 'Lillån', 'Sågbäcken', 'Mossån']

export async function seedBasemap(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('basemap')
  const { kommun, world } = ctx
  const { region, centre, townRadius } = kommun
  const { minX, minY, maxX, maxY } = region.bbox
  const span = Math.hypot(maxX - minX, maxY - minY)
  const tracked = { createdBy: SEED_USER, updatedBy: SEED_USER, classification: 'open' as const }
  const features: (typeof basemapFeatures.$inferInsert)[] = []

  // The river runs through the town, just beside the very centre, across the whole municipality.
  const riverAngle = rng.range(-0.5, 0.5) + (rng.chance(0.5) ? 0 : Math.PI / 2)
  const through = polar(centre, rng.range(150, 350), rng.range(0, 2 * Math.PI))
  const riverLine = windingLine(
    rng,
    polar(through, span, riverAngle + Math.PI),
    polar(through, span, riverAngle),
    span / 70,
    120,
    20_000,
  )
  world.river = region.clipLine(riverLine).filter((piece) => piece.length >= 3)
  world.riverWidth = kommun.population > 50_000 ? 60 : 25
  const riverName = `Storån ${DEMO_MARK}`
  for (const piece of world.river)
    features.push({
      id: rng.uuid(),
      layer: 'waterway',
      kind: 'river',
      name: riverName,
      rank: 1,
      geom: lineGeometry(piece),
      ...tracked,
    })

  // A lake out in the countryside, wholly inside the municipality and clear of the river.
  const lakeRadius = Math.min(1500, Math.max(250, Math.sqrt(region.area) / 40))
  world.lake = null
  for (let attempt = 0; attempt < 200 && !world.lake; attempt++) {
    const at = region.randomPoint(rng)
    if (distance(at, centre) < townRadius + lakeRadius * 2) continue
    if (world.river.some((piece) => distanceToLine(at, piece) < lakeRadius * 2.5)) continue
    const ring = blob(rng, at, lakeRadius)
    if (ring.every((p) => region.contains(p)) && region.distanceToEdge(at) > lakeRadius * 2.2)
      world.lake = ring
  }
  if (world.lake)
    features.push({
      id: rng.uuid(),
      layer: 'water',
      kind: 'lake',
      name: `Långsjön ${DEMO_MARK}`,
      rank: 2,
      geom: polygonGeometry([world.lake]),
      ...tracked,
    })

  // Streams from the countryside down to the river.
  const riverPoints = world.river.flat()
  for (const name of STREAM_NAMES.slice(0, riverPoints.length ? 3 : 0)) {
    const source = region.randomPoint(rng)
    const mouth = riverPoints.reduce((best, p) => (distance(p, source) < distance(best, source) ? p : best))
    if (distance(source, mouth) < 1000) continue
    for (const piece of region.clipLine(windingLine(rng, source, mouth, distance(source, mouth) / 12, 100)))
      features.push({
        id: rng.uuid(),
        layer: 'waterway',
        kind: 'stream',
        name: `${name} ${DEMO_MARK}`,
        rank: 3,
        geom: lineGeometry(piece),
        ...tracked,
      })
  }

  // Villages: farthest-point sampling keeps them apart from the districts' centres and each other.
  const taken: XY[] = world.districts.map((d) => d.seed)
  const villageCount = kommun.population > 50_000 ? 8 : 3
  for (const name of rng.shuffle(VILLAGE_NAMES).slice(0, villageCount)) {
    let best = region.randomPoint(rng)
    let bestGap = -1
    for (let c = 0; c < 80; c++) {
      const p = region.randomPoint(rng)
      const gap = Math.min(...taken.map((t) => distance(t, p)))
      if (gap > bestGap) {
        best = p
        bestGap = gap
      }
    }
    taken.push(best)
    world.villages.push({ name: `${name} ${DEMO_MARK}`, location: best })
  }

  features.push({
    id: rng.uuid(),
    layer: 'place',
    kind: 'town',
    name: kommun.name,
    rank: 1,
    geom: pointGeometry(centre),
    ...tracked,
  })
  for (const d of world.districts) {
    const kind = d.kind === 'rural' ? 'village' : 'suburb'
    // Note: the centre district's label sits a little off the town's own label so both can be read.
    const at = d.kind === 'centre' ? polar(d.seed, townRadius * 0.12, Math.PI / 4) : d.seed
    const safe = region.contains(at) ? at : d.seed
    features.push({
      id: rng.uuid(),
      layer: 'place',
      kind,
      name: d.name,
      rank: d.kind === 'rural' ? 4 : 3,
      geom: pointGeometry(safe),
      ...tracked,
    })
  }
  for (const v of world.villages)
    features.push({
      id: rng.uuid(),
      layer: 'place',
      kind: 'village',
      name: v.name,
      rank: 5,
      geom: pointGeometry(v.location),
      ...tracked,
    })

  let count = await insertAll(ctx.tx, basemapFeatures, features)

  // The river's water surface: a buffer of its centre line, computed in SWEREF 99 TM, cut to the
  // municipality.
  if (world.river.length) {
    const line = JSON.stringify({
      type: 'MultiLineString',
      coordinates: world.river.map((p) => lineGeometry(p).coordinates),
    })
    await rows(
      ctx.tx,
      sql`INSERT INTO basemap_features (id, layer, kind, name, rank, geom, classification, created_by, updated_by)
        SELECT ${rng.uuid()}::uuid, 'water', 'river', ${riverName}, 1,
          ST_Multi(ST_CollectionExtract(ST_Intersection(
            ST_Transform(ST_Buffer(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${line}), 4326), 3006), ${world.riverWidth / 2}::float8, 'quad_segs=4'), 4326),
            a.geom), 3)),
          'open', ${SEED_USER}, ${SEED_USER}
        FROM areas a WHERE a.id = ${world.municipalityId}::uuid`,
    )
    count += 1
  }
  ctx.counts.basemap_features = count
}
