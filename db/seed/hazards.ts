/**
 * Hazard sites and zones for risk assessment in planning: Seveso sites in the industrial area with
 * their consultation zones (samrådszoner), petrol stations along the main roads, and flood extents
 * along the river for the 100-year and 200-year flows and the highest calculated flow (BHF).
 */
import { sql } from 'drizzle-orm'
import { DEMO_MARK } from '../../common/domain.ts'
import { hazardSites, hazardZones } from '../schema.ts'
import { SEED_USER, type SeedContext } from './context.ts'
import {
  along,
  circle,
  distance,
  intersect,
  lineGeometry,
  lineLength,
  multiPolygonGeometry,
  pointGeometry,
  polar,
  type XY,
} from './geometry.ts'
import { insertAll, rows } from './sql.ts'

const SEVESO = [
  {
    kind: 'seveso_upper' as const,
    name: 'Kemifabriken Nord',
    operator: 'Nordkemi Produktion AB',
    substances: ['klor', 'ammoniak'],
    zoneM: 1000,
  },
  {
    kind: 'seveso_lower' as const,
    name: 'Bränsledepå Hamnen',
    operator: 'Hamnens Bränslelager AB',
    substances: ['bensin', 'diesel'],
    zoneM: 500,
  },
  {
    kind: 'seveso_lower' as const,
    name: 'Gasollager Industriområdet',
    operator: 'Gasolhandel Öst AB',
    substances: ['gasol (propan)'],
    zoneM: 500,
  },
]

const PETROL_OPERATORS = [
  'Tanka Lokalt AB',
  'Bränslebolaget Nord AB',
  'Vägkrogen Drivmedel AB',
  'Macken i Bygden AB',
]

/** MSB's flood maps give three extents; the demo models them as nested bands along the river. */
const FLOODS = [
  { kind: 'flood_100', label: '100-årsflöde', levelM: 2.1, widthShare: 0.35 },
  { kind: 'flood_200', label: '200-årsflöde', levelM: 2.4, widthShare: 0.55 },
  { kind: 'flood_bhf', label: 'beräknat högsta flöde (BHF)', levelM: 2.9, widthShare: 1 },
] as const

export async function seedHazards(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('hazards')
  const { kommun, world } = ctx
  const { region, centre, townRadius } = kommun
  const tracked = { createdBy: SEED_USER, updatedBy: SEED_USER }

  // Seveso sites cluster in the industrial area.
  world.sevesoSites = SEVESO.map((s, i) => {
    const location = region.pointNear(
      rng,
      polar(world.industrial, i * 250, rng.range(0, 2 * Math.PI)),
      60,
      world.industrial,
    )
    return { id: rng.uuid(), name: `${s.name} ${DEMO_MARK}`, kind: s.kind, location }
  })
  const sites: (typeof hazardSites.$inferInsert)[] = world.sevesoSites.map((s, i) => ({
    id: s.id,
    kind: s.kind,
    name: s.name,
    operator: `${SEVESO[i].operator} ${DEMO_MARK}`,
    properties: {
      substances: SEVESO[i].substances,
      tier: s.kind === 'seveso_upper' ? 'högre kravnivå' : 'lägre kravnivå',
    },
    geom: pointGeometry(s.location),
    classification: 'internal',
    ...tracked,
  }))

  // Petrol stations sit beside the main and county roads, more of them near town.
  const mainRoads = world.roads.filter((r) => r.roadClass !== 'local')
  const stations: XY[] = []
  const wanted = kommun.population > 50_000 ? 12 : 5
  for (let attempt = 0; attempt < 2000 && stations.length < wanted; attempt++) {
    const road = rng.weighted(
      mainRoads,
      mainRoads.map((r) => lineLength(r.line) / (1 + distance(r.line[0], centre) / townRadius) ** 2),
    )
    const { point, direction } = along(road.line, rng.range(0, lineLength(road.line)))
    const side = rng.chance(0.5) ? 1 : -1
    const at: XY = [point[0] - direction[1] * 35 * side, point[1] + direction[0] * 35 * side]
    if (!region.contains(at) || stations.some((s) => distance(s, at) < 900)) continue
    stations.push(at)
  }
  stations.forEach((at, i) => {
    sites.push({
      id: rng.uuid(),
      kind: 'petrol_station',
      name: `Drivmedelsstation ${i + 1} ${DEMO_MARK}`,
      operator: `${rng.pick(PETROL_OPERATORS)} ${DEMO_MARK}`,
      properties: {
        fuels: rng.chance(0.5) ? ['bensin', 'diesel', 'HVO'] : ['bensin', 'diesel', 'fordonsgas'],
      },
      geom: pointGeometry(at),
      classification: 'internal',
      ...tracked,
    })
  })
  const siteCount = await insertAll(ctx.tx, hazardSites, sites)

  // Consultation zones around the Seveso sites, cut to the municipality.
  const zones: (typeof hazardZones.$inferInsert)[] = []
  world.sevesoSites.forEach((s, i) => {
    const multi = intersect([[circle(s.location, SEVESO[i].zoneM, 48)]], region.multi)
    if (!multi) return
    zones.push({
      id: rng.uuid(),
      kind: 'seveso_consultation',
      name: `Samrådszon ${s.name}`,
      source: 'Demo, samrådsavstånd enligt länsstyrelsens bedömning',
      levelM: null,
      properties: { siteId: s.id, radiusM: SEVESO[i].zoneM },
      geom: multiPolygonGeometry(multi),
      classification: 'internal',
      ...tracked,
    })
  })
  let zoneCount = await insertAll(ctx.tx, hazardZones, zones)

  // Flood extents: nested buffers of the river (and a narrower band round the lake), computed in
  // SWEREF 99 TM and cut to the municipality. The widest band scales with the river.
  if (world.river.length) {
    const bhfWidth = world.riverWidth * 6
    const river = JSON.stringify({
      type: 'MultiLineString',
      coordinates: world.river.map((p) => lineGeometry(p).coordinates),
    })
    const lake = world.lake ? JSON.stringify(lineGeometry(world.lake)) : null
    for (const flood of FLOODS) {
      const d = world.riverWidth / 2 + bhfWidth * flood.widthShare
      await rows(
        ctx.tx,
        sql`INSERT INTO hazard_zones (id, kind, name, source, level_m, properties, geom, classification, created_by, updated_by)
          SELECT ${rng.uuid()}::uuid, ${flood.kind}, ${`Översvämning ${flood.label}, Storån ${DEMO_MARK}`},
            'Demo, modelled after MSB:s översvämningskartering', ${flood.levelM}::real,
            ${JSON.stringify({ returnPeriod: flood.kind, heightSystem: 'RH 2000' })}::jsonb,
            ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Transform(ST_Union(
              ST_Buffer(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${river}), 4326), 3006), ${d}::float8, 'quad_segs=4'),
              COALESCE(ST_Buffer(ST_MakePolygon(ST_Transform(ST_SetSRID(ST_GeomFromGeoJSON(${lake}), 4326), 3006)), ${d / 2}::float8, 'quad_segs=4'),
                ST_SetSRID('POLYGON EMPTY'::geometry, 3006))
            ), 4326), a.geom), 3)),
            'open', ${SEED_USER}, ${SEED_USER}
          FROM areas a WHERE a.id = ${world.municipalityId}::uuid`,
      )
      zoneCount += 1
    }
  }
  ctx.counts.hazard_sites = siteCount
  ctx.counts.hazard_zones = zoneCount
}
