/**
 * The transport network: a motorway bypass and a national road through the municipality (primary
 * routes for hazardous goods, transportleder för farligt gods), county roads out to the villages,
 * a street grid in the town and its suburbs, and a railway with a station by the centre.
 */
import { DEMO_MARK } from '../../common/domain.ts'
import { transportLinks } from '../schema.ts'
import { type Road, SEED_USER, type SeedContext } from './context.ts'
import { distance, lineGeometry, lineLength, polar, splitLine, windingLine, type XY } from './geometry.ts'
import type { Random } from './random.ts'
import { insertAll } from './sql.ts'

const STREET_NAMES = [
  'Storgatan',
  'Kungsgatan',
  'Drottninggatan',
  'Nygatan',
  'Skolgatan',
  'Kyrkogatan',
  'Trädgårdsgatan',
  'Hamngatan',
  'Järnvägsgatan',
  'Torggatan',
  'Bruksgatan',
  'Vallgatan',
  'Linnégatan',
  'Parkgatan',
  'Tullgatan',
  'Repslagaregatan',
]

/** Nearest point of any of `lines` to `p`. */
function nearestOn(lines: XY[][], p: XY): XY {
  let best = lines[0]?.[0] ?? p
  for (const line of lines) for (const q of line) if (distance(q, p) < distance(best, p)) best = q
  return best
}

/**
 * A rotated, slightly jittered street grid of radius `radius` around `centre`. Every street
 * segment runs between two neighbouring crossings, as road databases store them.
 */
function streetGrid(
  rng: Random,
  ctx: SeedContext,
  centre: XY,
  radius: number,
  spacing: number,
  prefix: string,
): Road[] {
  const { region } = ctx.kommun
  const n = Math.ceil(radius / spacing)
  const angle = rng.range(0, Math.PI / 2)
  const cos = Math.cos(angle)
  const sin = Math.sin(angle)
  const node = new Map<string, XY>()
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++) {
      const u = i * spacing + rng.range(-0.15, 0.15) * spacing
      const v = j * spacing + rng.range(-0.15, 0.15) * spacing
      node.set(`${i},${j}`, [centre[0] + u * cos - v * sin, centre[1] + u * sin + v * cos])
    }
  const ok = (p: XY) => distance(p, centre) <= radius && region.contains(p)
  const names = rng.shuffle(STREET_NAMES)
  const roads: Road[] = []
  for (let i = -n; i <= n; i++)
    for (let j = -n; j <= n; j++) {
      const a = node.get(`${i},${j}`)!
      for (const [di, dj, line] of [
        [1, 0, j],
        [0, 1, i],
      ] as const) {
        const b = node.get(`${i + di},${j + dj}`)
        if (!b || !ok(a) || !ok(b)) continue
        const lineIndex = (di === 1 ? 0 : n * 2 + 1) + line + n
        const base = names[lineIndex % names.length]
        const name = lineIndex < names.length ? base : `${prefix}${base.toLowerCase()}`
        roads.push({
          roadClass: 'local',
          name: `${name} ${DEMO_MARK}`,
          ref: null,
          hazardousGoodsRoute: null,
          line: [a, b],
        })
      }
    }
  return roads
}

export async function seedTransport(ctx: SeedContext): Promise<void> {
  const rng = ctx.rng.fork('transport')
  const { kommun, world } = ctx
  const { region, centre, townRadius } = kommun
  const { minX, minY, maxX, maxY } = region.bbox
  const span = Math.hypot(maxX - minX, maxY - minY)
  const roads: Road[] = []
  const across = (through: XY, angle: number, amplitude: number) =>
    region.clipLine(
      windingLine(
        rng,
        polar(through, span, angle + Math.PI),
        polar(through, span, angle),
        amplitude,
        200,
        30_000,
      ),
    )

  // The motorway bypasses the town; the national road runs through it at an angle to the motorway.
  const motorwayAngle = rng.range(0, Math.PI)
  const bypass = polar(centre, townRadius * rng.range(0.45, 0.65), motorwayAngle + Math.PI / 2)
  const motorway = across(region.contains(bypass) ? bypass : centre, motorwayAngle, span / 150)
  const nationalAngle = motorwayAngle + rng.range(0.9, 1.9)
  const national = across(
    polar(centre, townRadius * 0.05, nationalAngle + Math.PI / 2),
    nationalAngle,
    span / 60,
  )
  for (const line of motorway)
    for (const piece of splitLine(line, 1500))
      roads.push({
        roadClass: 'motorway',
        name: `E 99 ${DEMO_MARK}`,
        ref: 'E 99',
        hazardousGoodsRoute: 'primary',
        line: piece,
      })
  for (const line of national)
    for (const piece of splitLine(line, 1500))
      roads.push({
        roadClass: 'primary',
        name: `Riksväg 99 ${DEMO_MARK}`,
        ref: 'Rv 99',
        hazardousGoodsRoute: 'primary',
        line: piece,
      })

  // Town life: the railway station, nightlife, the out-of-town mall by the motorway, and industry
  // (often a harbour) on the river downstream.
  const railAngle = motorwayAngle + rng.range(-0.5, 0.5)
  const railThrough = polar(centre, townRadius * rng.range(0.1, 0.2), railAngle + Math.PI / 2)
  world.railway = across(region.contains(railThrough) ? railThrough : centre, railAngle, span / 100)
  world.station = world.railway.length ? nearestOn(world.railway, centre) : centre
  world.nightlife = region.pointNear(rng, centre, townRadius * 0.04)
  const motorwayNearTown = motorway.length ? nearestOn(motorway, centre) : polar(centre, townRadius * 0.6, 0)
  world.mall = region.pointNear(
    rng,
    polar(motorwayNearTown, 250, motorwayAngle + Math.PI / 2),
    80,
    motorwayNearTown,
  )
  const riverSide = world.river.flat().filter((p) => {
    const d = distance(p, centre)
    return d > townRadius * 0.45 && d < townRadius * 0.8 && region.distanceToEdge(p) > 300
  })
  world.industrial = riverSide.length
    ? rng.pick(riverSide)
    : region.pointNear(rng, polar(centre, townRadius * 0.6, rng.range(0, 6.3)), 200)

  // County roads (länsvägar) out to the districts' centres and villages.
  const destinations = [
    ...world.districts.filter((d) => d.kind === 'rural').map((d) => d.seed),
    ...world.villages.map((v) => v.location),
  ]
  destinations.forEach((to, i) => {
    const from = polar(centre, townRadius * 0.4, Math.atan2(to[1] - centre[1], to[0] - centre[0]))
    const ref = `Lv ${910 + i * 7}`
    for (const line of region.clipLine(
      windingLine(rng, region.contains(from) ? from : centre, to, distance(from, to) / 20, 150, 15_000),
    ))
      for (const piece of splitLine(line, 1500))
        roads.push({
          roadClass: 'secondary',
          name: `Länsväg ${ref.slice(3)} ${DEMO_MARK}`,
          ref,
          hazardousGoodsRoute: i < 2 ? 'secondary' : null,
          line: piece,
        })
  })
  // The industrial area's link to the motorway carries its hazardous goods.
  const industryLink = region.clipLine(
    windingLine(
      rng,
      world.industrial,
      nearestOn(motorway.length ? motorway : [[centre]], world.industrial),
      150,
      100,
    ),
  )
  for (const line of industryLink)
    if (lineLength(line) > 50)
      roads.push({
        roadClass: 'secondary',
        name: `Industrivägen ${DEMO_MARK}`,
        ref: null,
        hazardousGoodsRoute: 'secondary',
        line,
      })

  const spacing = Math.min(250, Math.max(90, townRadius / 20))
  roads.push(...streetGrid(rng, ctx, centre, townRadius * 0.32, spacing, 'Centrum'))
  for (const d of world.districts.filter((x) => x.kind === 'urban'))
    roads.push(...streetGrid(rng, ctx, d.seed, townRadius * 0.14, spacing * 0.8, d.name.split(' ')[0]))
  world.roads = roads

  const tracked = { createdBy: SEED_USER, updatedBy: SEED_USER, classification: 'open' as const }
  const values: (typeof transportLinks.$inferInsert)[] = roads.map((r) => ({
    id: rng.uuid(),
    mode: 'road',
    roadClass: r.roadClass,
    name: r.name,
    ref: r.ref,
    hazardousGoodsRoute: r.hazardousGoodsRoute,
    geom: lineGeometry(r.line),
    ...tracked,
  }))
  for (const line of world.railway)
    for (const piece of splitLine(line, 2000))
      values.push({
        id: rng.uuid(),
        mode: 'railway',
        roadClass: null,
        name: `Stambanan ${DEMO_MARK}`,
        ref: null,
        hazardousGoodsRoute: null,
        geom: lineGeometry(piece),
        ...tracked,
      })
  ctx.counts.transport_links = await insertAll(ctx.tx, transportLinks, values)
}
