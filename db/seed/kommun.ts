/**
 * The municipality (kommun) being seeded: its real boundary and name from the shared boundary
 * files, its county (län), and a few size figures the generators scale by.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { MultiPolygon, Position } from 'geojson'
import { distance, projectMultiPolygon, Region, toSweref, type XY } from './geometry.ts'

export interface Kommun {
  /** Kommunkod, four digits, e.g. 0581. */
  code: string
  name: string
  /** Länskod, the first two digits of the kommunkod. */
  countyCode: string
  countyName: string
  /** The real boundary in WGS 84, exactly as in the boundary file. */
  boundary: MultiPolygon
  /** The same boundary in SWEREF 99 TM, densified, for sampling and clipping. */
  region: Region
  /** The main town's centre (centralort), inside the boundary. */
  centre: XY
  population: number
  /** Radius of the main town's built-up area, metres; everything urban scales with it. */
  townRadius: number
}

interface BoundaryFeature {
  properties: Record<string, string>
  geometry:
    | { type: 'Polygon'; coordinates: Position[][] }
    | { type: 'MultiPolygon'; coordinates: Position[][][] }
}

const dataDir = new URL('../../data/sweden/', import.meta.url)

/**
 * Known town centres and populations (SCB, rounded) for the municipalities the demo is tested with.
 * Others fall back to a point well inside the boundary and a population guessed from the area.
 */
const knownTowns: Record<string, { centre: [number, number]; population: number }> = {
  '0581': { centre: [16.18, 58.59], population: 145_000 },
  '0481': { centre: [17.1, 58.67], population: 12_300 },
}

let boundaryCache: { kommuner: BoundaryFeature[]; lan: BoundaryFeature[] } | undefined

function loadBoundaries() {
  if (!boundaryCache) {
    const read = (file: string) =>
      (
        JSON.parse(readFileSync(fileURLToPath(new URL(file, dataDir)), 'utf8')) as {
          features: BoundaryFeature[]
        }
      ).features
    boundaryCache = { kommuner: read('kommuner.geojson'), lan: read('lan.geojson') }
  }
  return boundaryCache
}

export function loadKommun(code: string): Kommun {
  if (!/^\d{4}$/.test(code)) throw new Error(`Invalid kommunkod "${code}": expected four digits, e.g. 0581`)
  const { kommuner, lan } = loadBoundaries()
  const feature = kommuner.find((f) => f.properties.KnKod === code)
  if (!feature) throw new Error(`Unknown kommunkod "${code}": not in data/sweden/kommuner.geojson`)
  const countyCode = code.slice(0, 2)
  const county = lan.find((f) => f.properties.LnKod === countyCode)
  if (!county)
    throw new Error(`No county (län) ${countyCode} for kommunkod ${code} in data/sweden/lan.geojson`)

  const coordinates =
    feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates
  const region = new Region(projectMultiPolygon(coordinates))
  const areaKm2 = region.area / 1e6
  const known = knownTowns[code]
  // Rough stand-in where the population is not known: a mid-sized Swedish municipality's density.
  const population = known?.population ?? Math.round(Math.min(150_000, Math.max(8_000, areaKm2 * 40)))
  const deepest = deepestPoint(region)
  const townRadius = Math.min(Math.max(1500, Math.sqrt(population) * 14), 0.6 * deepest.depth, 5500)
  const wanted = known ? toSweref(known.centre) : deepest.point
  const centre = interiorPointNear(region, wanted, Math.min(600, deepest.depth / 2))
  return {
    code,
    name: feature.properties.KnNamn,
    countyCode,
    countyName: county.properties.LnNamn,
    boundary: { type: 'MultiPolygon', coordinates },
    region,
    centre,
    population,
    townRadius,
  }
}

/** The sampled interior point farthest from the edge: a cheap pole of inaccessibility. */
function deepestPoint(region: Region): { point: XY; depth: number } {
  const { minX, minY, maxX, maxY } = region.bbox
  const n = 40
  let best = { point: [(minX + maxX) / 2, (minY + maxY) / 2] as XY, depth: 0 }
  for (let i = 0; i <= n; i++)
    for (let j = 0; j <= n; j++) {
      const p: XY = [minX + ((maxX - minX) * i) / n, minY + ((maxY - minY) * j) / n]
      if (!region.contains(p)) continue
      const depth = region.distanceToEdge(p)
      if (depth > best.depth) best = { point: p, depth }
    }
  return best
}

/**
 * The point nearest to `wanted` that lies at least `margin` metres inside the boundary: the
 * generalised boundary may cut a real town centre off, as it does Oxelösund's.
 */
function interiorPointNear(region: Region, wanted: XY, margin: number): XY {
  if (region.contains(wanted) && region.distanceToEdge(wanted) >= margin) return wanted
  const { minX, minY, maxX, maxY } = region.bbox
  const step = Math.max(50, Math.min(maxX - minX, maxY - minY) / 200)
  let best: XY | undefined
  let bestDistance = Number.POSITIVE_INFINITY
  for (let x = minX; x <= maxX; x += step)
    for (let y = minY; y <= maxY; y += step) {
      const p: XY = [x, y]
      const d = distance(p, wanted)
      if (d >= bestDistance || !region.contains(p) || region.distanceToEdge(p) < margin) continue
      best = p
      bestDistance = d
    }
  if (!best) throw new Error('no interior point found in the municipality')
  return best
}
