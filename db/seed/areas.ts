/**
 * Areas: the municipality's real boundary, districts (delområden) that partition it, and police
 * areas (lokalpolisområden) and rescue districts built as unions of districts.
 *
 * Surveys (trygghetsmätning) are reported per district, so no separate `survey_area` rows are made.
 */
import * as turf from '@turf/turf'
import { sql } from 'drizzle-orm'
import { DEMO_MARK } from '../../common/domain.ts'
import { areas } from '../schema.ts'
import { type AreaGroup, type District, type DistrictKind, SEED_USER, type SeedContext } from './context.ts'
import {
  distance,
  intersect,
  multiPolygonGeometry,
  type PolygonXY,
  polar,
  Region,
  union,
  type XY,
} from './geometry.ts'
import type { Random } from './random.ts'
import { insertAll, rows } from './sql.ts'

const URBAN_NAMES = ['Hagaby', 'Ekbacken', 'Björkhagen', 'Lindvreten', 'Solberga', 'Granängen', 'Rosenlund']
const RURAL_NAMES = [
  'Askeberga',
  'Lövsta bruk',
  'Dalkärr',
  'Stenåsa',
  'Norrvreta',
  'Mossebo',
  'Kvarntorp',
  'Ådala',
]
const URBAN_DISTRICTS = 3
const RURAL_DISTRICTS = 4

/** Compass names for a direction from the town centre, for police areas and rescue districts. */
function compass(angle: number): string {
  const names = ['Öst', 'Nordost', 'Norr', 'Nordväst', 'Väst', 'Sydväst', 'Syd', 'Sydost']
  const i = Math.round(((angle + 2 * Math.PI) % (2 * Math.PI)) / (Math.PI / 4)) % 8
  return names[i]
}

/** Places district centres: the town centre, urban districts around it, rural ones spread out. */
function districtSeeds(rng: Random, ctx: SeedContext): { kind: DistrictKind; seed: XY }[] {
  const { region, centre, townRadius } = ctx.kommun
  const seeds: { kind: DistrictKind; seed: XY }[] = [{ kind: 'centre', seed: centre }]
  const turn = rng.range(0, 2 * Math.PI)
  for (let i = 0; i < URBAN_DISTRICTS; i++) {
    let placed: XY | undefined
    for (let attempt = 0; attempt < 60 && !placed; attempt++) {
      const angle = turn + (2 * Math.PI * i) / URBAN_DISTRICTS + attempt * 0.35 * (attempt % 2 ? 1 : -1)
      const p = polar(centre, townRadius * rng.range(0.55, 0.8), angle)
      const clear = seeds.every((s) => distance(s.seed, p) > townRadius * 0.4)
      if (region.contains(p) && region.distanceToEdge(p) > townRadius * 0.1 && clear) placed = p
    }
    seeds.push({ kind: 'urban', seed: placed ?? region.pointNear(rng, centre, townRadius, centre) })
  }
  // Farthest-point sampling spreads the rural districts over the rest of the municipality.
  for (let i = 0; i < RURAL_DISTRICTS; i++) {
    let best: XY = region.randomPoint(rng)
    let bestGap = -1
    for (let c = 0; c < 150; c++) {
      const p = region.randomPoint(rng)
      const gap = Math.min(...seeds.map((s) => distance(s.seed, p)))
      if (gap > bestGap) {
        best = p
        bestGap = gap
      }
    }
    seeds.push({ kind: 'rural', seed: best })
  }
  return seeds
}

/** Splits the districts into `count` groups of neighbouring sectors around the town centre. */
function groupDistricts(districts: District[], centre: XY, count: number, turn: number): District[][] {
  const angleOf = (d: District) =>
    (Math.atan2(d.seed[1] - centre[1], d.seed[0] - centre[0]) - turn + 4 * Math.PI) % (2 * Math.PI)
  const outer = districts.filter((d) => d.kind !== 'centre').sort((a, b) => angleOf(a) - angleOf(b))
  const groups: District[][] = Array.from({ length: count }, () => [])
  outer.forEach((d, i) => {
    groups[Math.floor((i * count) / outer.length)].push(d)
  })
  groups[0].unshift(districts[0])
  return groups
}

export async function seedAreas(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('areas')
  const { kommun, world } = ctx
  const seeds = districtSeeds(rng, ctx)

  const { minX, minY, maxX, maxY } = kommun.region.bbox
  const pad = 1000
  const cells = turf.voronoi(turf.featureCollection(seeds.map((s) => turf.point(s.seed))), {
    bbox: [minX - pad, minY - pad, maxX + pad, maxY + pad],
  })

  const urbanNames = rng.shuffle(URBAN_NAMES)
  const ruralNames = rng.shuffle(RURAL_NAMES)
  const shares = seeds.map((s) =>
    s.kind === 'centre' ? 0.2 : s.kind === 'urban' ? rng.range(0.14, 0.2) : rng.range(0.04, 0.1),
  )
  const shareTotal = shares.reduce((a, b) => a + b, 0)

  world.districts = seeds.map((s, i) => {
    const cell = cells.features[i]
    const polygon = cell ? intersect([cell.geometry.coordinates as PolygonXY], kommun.region.multi) : null
    if (!polygon) throw new Error(`district ${i + 1} does not overlap the municipality`)
    const name =
      s.kind === 'centre'
        ? 'Centrum'
        : s.kind === 'urban'
          ? urbanNames[i - 1]
          : ruralNames[i - 1 - URBAN_DISTRICTS]
    return {
      id: rng.uuid(),
      code: `D${String(i + 1).padStart(2, '0')}`,
      name: `${name} ${DEMO_MARK}`,
      kind: s.kind,
      seed: s.seed,
      population: Math.round((kommun.population * shares[i]) / shareTotal / 10) * 10,
      polygon,
      region: new Region(polygon),
      spread:
        s.kind === 'centre'
          ? kommun.townRadius * 0.3
          : s.kind === 'urban'
            ? kommun.townRadius * 0.25
            : Math.min(1500, kommun.townRadius * 0.4),
    }
  })

  const makeGroups = (count: number, prefix: string, label: string, turn: number): AreaGroup[] =>
    groupDistricts(world.districts, kommun.centre, count, turn).map((members, i) => {
      const outer = members.filter((d) => d.kind !== 'centre')
      const mx = outer.reduce((s, d) => s + d.seed[0], 0) / Math.max(1, outer.length)
      const my = outer.reduce((s, d) => s + d.seed[1], 0) / Math.max(1, outer.length)
      const direction = compass(Math.atan2(my - kommun.centre[1], mx - kommun.centre[0]))
      return {
        id: rng.uuid(),
        code: `${prefix}${i + 1}`,
        name: `${label} ${i === 0 ? `Centrum-${direction}` : direction} ${DEMO_MARK}`,
        districtCodes: members.map((d) => d.code),
        polygon: union(members.map((d) => d.polygon)),
      }
    })
  world.policeAreas = makeGroups(3, 'LPO', 'Lokalpolisområde', rng.range(0, 2 * Math.PI))
  world.rescueDistricts = makeGroups(2, 'RD', 'Räddningsdistrikt', rng.range(0, 2 * Math.PI))
  world.municipalityId = rng.uuid()

  const tracked = { createdBy: SEED_USER, updatedBy: SEED_USER, classification: 'open' as const }
  // The real boundary goes in as it is in the boundary file, made valid by PostGIS where a
  // generalised ring touches itself.
  await rows(
    ctx.tx,
    sql`INSERT INTO areas (id, kind, code, name, population, properties, geom, classification, created_by, updated_by)
      VALUES (${world.municipalityId}::uuid, 'municipality', ${kommun.code}, ${kommun.name}, ${kommun.population},
        ${JSON.stringify({ county: kommun.countyCode, countyName: kommun.countyName })}::jsonb,
        ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(kommun.boundary)}), 4326)), 3)),
        'open', ${SEED_USER}, ${SEED_USER})`,
  )
  const rowsToInsert: (typeof areas.$inferInsert)[] = [
    ...world.districts.map((d) => ({
      id: d.id,
      kind: 'district',
      code: d.code,
      name: d.name,
      population: d.population,
      properties: { districtType: d.kind },
      geom: multiPolygonGeometry(d.polygon),
      ...tracked,
    })),
    ...[
      ...world.policeAreas.map((g) => ({ g, kind: 'police_area' })),
      ...world.rescueDistricts.map((g) => ({ g, kind: 'rescue_district' })),
    ].map(({ g, kind }) => ({
      id: g.id,
      kind,
      code: g.code,
      name: g.name,
      population: world.districts
        .filter((d) => g.districtCodes.includes(d.code))
        .reduce((s, d) => s + d.population, 0),
      properties: { districts: g.districtCodes },
      geom: multiPolygonGeometry(g.polygon),
      ...tracked,
    })),
  ]
  ctx.counts.areas = 1 + (await insertAll(ctx.tx, areas, rowsToInsert))
}
