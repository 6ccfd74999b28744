/**
 * Planar geometry in SWEREF 99 TM (EPSG:3006), where the seed computes every distance, area and
 * buffer, and the conversions to and from the WGS 84 the database stores.
 */
import * as turf from '@turf/turf'
import type { LineString, MultiPolygon, Point, Polygon, Position } from 'geojson'
import proj4 from 'proj4'
import type { Random } from './random.ts'

/** Easting and northing in metres, SWEREF 99 TM. */
export type XY = [number, number]
export type Ring = XY[]
export type PolygonXY = Ring[]
export type MultiPolygonXY = PolygonXY[]

export const SWEREF99TM = '+proj=utm +zone=33 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs'
const toSwerefConverter = proj4('WGS84', SWEREF99TM)

/** About a centimetre: enough for any map, and shorter JSON. */
const round7 = (v: number) => Math.round(v * 1e7) / 1e7

export function toSweref(lonLat: Position): XY {
  const [x, y] = toSwerefConverter.forward([lonLat[0], lonLat[1]])
  return [x, y]
}

export function toWgs(xy: XY): [number, number] {
  const [lon, lat] = toSwerefConverter.inverse([xy[0], xy[1]])
  return [round7(lon), round7(lat)]
}

export function pointGeometry(xy: XY): Point {
  return { type: 'Point', coordinates: toWgs(xy) }
}

export function lineGeometry(line: XY[]): LineString {
  return { type: 'LineString', coordinates: line.map(toWgs) }
}

export function polygonGeometry(polygon: PolygonXY): Polygon {
  return { type: 'Polygon', coordinates: polygon.map(closeRing).map((ring) => ring.map(toWgs)) }
}

export function multiPolygonGeometry(multi: MultiPolygonXY): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: multi.map((polygon) => polygon.map(closeRing).map((ring) => ring.map(toWgs))),
  }
}

function closeRing(ring: Ring): Ring {
  const first = ring[0]
  const last = ring[ring.length - 1]
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first]
}

/**
 * Projects a WGS 84 multipolygon, adding vertices every `stepDeg` along each edge first so that
 * the straight edges PostGIS sees in degrees and the straight edges used here in metres agree to
 * within centimetres.
 */
export function projectMultiPolygon(coordinates: Position[][][], stepDeg = 0.005): MultiPolygonXY {
  return coordinates.map((polygon) =>
    polygon.map((ring) => {
      const out: XY[] = []
      for (let i = 0; i < ring.length - 1; i++) {
        const [x0, y0] = ring[i]
        const [x1, y1] = ring[i + 1]
        const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0)) / stepDeg))
        for (let s = 0; s < steps; s++)
          out.push(toSweref([x0 + ((x1 - x0) * s) / steps, y0 + ((y1 - y0) * s) / steps]))
      }
      out.push(out[0])
      return out
    }),
  )
}

export function distance(a: XY, b: XY): number {
  return Math.hypot(a[0] - b[0], a[1] - b[1])
}

export function ringArea(ring: Ring): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1])
  }
  return Math.abs(sum / 2)
}

export function multiPolygonArea(multi: MultiPolygonXY): number {
  let area = 0
  for (const polygon of multi) {
    area += ringArea(polygon[0])
    for (const hole of polygon.slice(1)) area -= ringArea(hole)
  }
  return area
}

export interface BBox {
  minX: number
  minY: number
  maxX: number
  maxY: number
}

export function bboxOf(multi: MultiPolygonXY): BBox {
  const box = {
    minX: Number.POSITIVE_INFINITY,
    minY: Number.POSITIVE_INFINITY,
    maxX: -Infinity,
    maxY: -Infinity,
  }
  for (const polygon of multi)
    for (const [x, y] of polygon[0]) {
      if (x < box.minX) box.minX = x
      if (y < box.minY) box.minY = y
      if (x > box.maxX) box.maxX = x
      if (y > box.maxY) box.maxY = y
    }
  return box
}

/**
 * Sorts a polygon's edges (holes included) into horizontal bands, so a point-in-polygon test looks
 * only at the few edges that can cross its horizontal ray.
 */
function indexPolygon(polygon: PolygonXY): { box: BBox; bands: Float64Array[]; bandHeight: number } {
  const box = bboxOf([polygon])
  const edgeCount = polygon.reduce((n, ring) => n + ring.length, 0)
  const bandCount = Math.max(1, Math.min(256, Math.ceil(edgeCount / 4)))
  const bandHeight = (box.maxY - box.minY) / bandCount || 1
  const lists: number[][] = Array.from({ length: bandCount }, () => [])
  for (const ring of polygon)
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]
      const [xj, yj] = ring[j]
      const first = Math.max(0, Math.floor((Math.min(yi, yj) - box.minY) / bandHeight))
      const last = Math.min(bandCount - 1, Math.floor((Math.max(yi, yj) - box.minY) / bandHeight))
      for (let b = first; b <= last; b++) lists[b].push(xi, yi, xj, yj)
    }
  return { box, bands: lists.map((l) => Float64Array.from(l)), bandHeight }
}

/**
 * A region for fast repeated point-in-polygon tests: the multipolygon with a bounding box per part.
 * The incidents ask it about a hundred thousand times.
 */
export class Region {
  readonly bbox: BBox
  private readonly parts: { box: BBox; bands: Float64Array[]; bandHeight: number }[]

  constructor(readonly multi: MultiPolygonXY) {
    this.bbox = bboxOf(multi)
    this.parts = multi.map((polygon) => indexPolygon(polygon))
  }

  /** Even-odd ray casting over the edges in the point's horizontal band only. */
  contains(p: XY): boolean {
    for (const { box, bands, bandHeight } of this.parts) {
      if (p[0] < box.minX || p[0] > box.maxX || p[1] < box.minY || p[1] > box.maxY) continue
      const edges = bands[Math.min(bands.length - 1, Math.floor((p[1] - box.minY) / bandHeight))]
      let inside = false
      for (let e = 0; e < edges.length; e += 4) {
        const xi = edges[e]
        const yi = edges[e + 1]
        const xj = edges[e + 2]
        const yj = edges[e + 3]
        if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
      }
      if (inside) return true
    }
    return false
  }

  get area(): number {
    return multiPolygonArea(this.multi)
  }

  /** A uniformly random point inside, by rejection from the bounding box. */
  randomPoint(rng: Random): XY {
    for (let i = 0; i < 10_000; i++) {
      const p: XY = [rng.range(this.bbox.minX, this.bbox.maxX), rng.range(this.bbox.minY, this.bbox.maxY)]
      if (this.contains(p)) return p
    }
    throw new Error('no point found inside the region')
  }

  /** A point near `centre` (normal spread `sd` metres) that lies inside, or `fallback`. */
  pointNear(rng: Random, centre: XY, sd: number, fallback: XY = centre, tries = 30): XY {
    for (let i = 0; i < tries; i++) {
      const p: XY = [rng.normal(centre[0], sd), rng.normal(centre[1], sd)]
      if (this.contains(p)) return p
    }
    return fallback
  }

  /** The distance from `p` to the region's nearest edge, metres. */
  distanceToEdge(p: XY): number {
    let best = Number.POSITIVE_INFINITY
    for (const polygon of this.multi)
      for (const ring of polygon)
        for (let i = 0; i < ring.length - 1; i++)
          best = Math.min(best, distanceToSegment(p, ring[i], ring[i + 1]))
    return best
  }

  /**
   * The parts of a polyline inside the region, each as its own polyline. Endpoints cut at the
   * boundary are pulled `inset` metres inwards so that the stored line lies inside, not on, the edge.
   */
  clipLine(line: XY[], inset = 1): XY[][] {
    const pieces: XY[][] = []
    let current: XY[] = []
    const flush = () => {
      if (current.length >= 2) pieces.push(current)
      current = []
    }
    for (let i = 0; i < line.length - 1; i++) {
      const a = line[i]
      const b = line[i + 1]
      const cuts = [0, 1]
      for (const polygon of this.multi)
        for (const ring of polygon)
          for (let k = 0; k < ring.length - 1; k++) {
            const t = segmentIntersection(a, b, ring[k], ring[k + 1])
            if (t !== null) cuts.push(t)
          }
      cuts.sort((x, y) => x - y)
      for (let c = 0; c < cuts.length - 1; c++) {
        const t0 = cuts[c]
        const t1 = cuts[c + 1]
        if (t1 - t0 < 1e-12) continue
        const mid = lerp(a, b, (t0 + t1) / 2)
        if (!this.contains(mid)) {
          flush()
          continue
        }
        const segLength = distance(a, b) * (t1 - t0)
        const pull = Math.min(inset, segLength / 4) / distance(a, b)
        const start = lerp(a, b, t0 === 0 ? 0 : t0 + pull)
        const end = lerp(a, b, t1 === 1 ? 1 : t1 - pull)
        if (current.length === 0) current.push(start)
        current.push(end)
        if (t1 !== 1) flush()
      }
    }
    flush()
    return pieces
  }
}

export function lerp(a: XY, b: XY, t: number): XY {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
}

/** Where segment ab crosses segment cd, as a fraction along ab, or null. */
function segmentIntersection(a: XY, b: XY, c: XY, d: XY): number | null {
  const rx = b[0] - a[0]
  const ry = b[1] - a[1]
  const sx = d[0] - c[0]
  const sy = d[1] - c[1]
  const denom = rx * sy - ry * sx
  if (denom === 0) return null
  const qx = c[0] - a[0]
  const qy = c[1] - a[1]
  const t = (qx * sy - qy * sx) / denom
  const u = (qx * ry - qy * rx) / denom
  return t > 0 && t < 1 && u >= 0 && u <= 1 ? t : null
}

export function distanceToSegment(p: XY, a: XY, b: XY): number {
  const dx = b[0] - a[0]
  const dy = b[1] - a[1]
  const len2 = dx * dx + dy * dy
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2))
  return distance(p, [a[0] + t * dx, a[1] + t * dy])
}

export function distanceToLine(p: XY, line: XY[]): number {
  let best = Number.POSITIVE_INFINITY
  for (let i = 0; i < line.length - 1; i++) best = Math.min(best, distanceToSegment(p, line[i], line[i + 1]))
  return best
}

export function lineLength(line: XY[]): number {
  let sum = 0
  for (let i = 0; i < line.length - 1; i++) sum += distance(line[i], line[i + 1])
  return sum
}

/** The point `at` metres along a polyline and the unit direction of travel there. */
export function along(line: XY[], at: number): { point: XY; direction: XY } {
  let remaining = Math.max(0, at)
  for (let i = 0; i < line.length - 1; i++) {
    const step = distance(line[i], line[i + 1])
    if (remaining <= step || i === line.length - 2) {
      const t = step === 0 ? 0 : Math.min(1, remaining / step)
      const dir: XY =
        step === 0 ? [1, 0] : [(line[i + 1][0] - line[i][0]) / step, (line[i + 1][1] - line[i][1]) / step]
      return { point: lerp(line[i], line[i + 1], t), direction: dir }
    }
    remaining -= step
  }
  return { point: line[0], direction: [1, 0] }
}

/** Cuts a polyline into consecutive pieces of about `pieceLength` metres (road segments). */
export function splitLine(line: XY[], pieceLength: number): XY[][] {
  const total = lineLength(line)
  const count = Math.max(1, Math.round(total / pieceLength))
  if (count === 1) return [line]
  const target = total / count
  const pieces: XY[][] = []
  let current: XY[] = [line[0]]
  let acc = 0
  for (let i = 0; i < line.length - 1; i++) {
    let a = line[i]
    const b = line[i + 1]
    let step = distance(a, b)
    while (acc + step >= target && pieces.length < count - 1) {
      const cut = lerp(a, b, (target - acc) / step)
      current.push(cut)
      pieces.push(current)
      current = [cut]
      step -= target - acc
      a = cut
      acc = 0
    }
    acc += step
    current.push(b)
  }
  if (current.length >= 2 && lineLength(current) > 0) pieces.push(current)
  return pieces
}

/**
 * A gently winding polyline from `start` to `end`: the straight line plus a sum of a few
 * sinusoids across it, so roads and rivers do not look ruled. `wavelength` is the longest wave's
 * length in metres.
 */
export function windingLine(
  rng: Random,
  start: XY,
  end: XY,
  amplitude: number,
  step = 150,
  wavelength = 12_000,
): XY[] {
  const length = distance(start, end)
  const n = Math.max(2, Math.ceil(length / step))
  const normal: XY = [-(end[1] - start[1]) / length, (end[0] - start[0]) / length]
  const waves = [1, 2, 3].map((k) => ({
    cycles: k * rng.range(0.6, 1.4) * Math.max(0.5, length / wavelength),
    phase: rng.range(0, 2 * Math.PI),
    weight: amplitude / k,
  }))
  const out: XY[] = []
  for (let i = 0; i <= n; i++) {
    const t = i / n
    // Note: the taper keeps both ends where they were asked to be.
    const taper = Math.sin(Math.PI * t)
    let offset = 0
    for (const w of waves) offset += w.weight * Math.sin(2 * Math.PI * w.cycles * t + w.phase)
    const base = lerp(start, end, t)
    out.push([base[0] + normal[0] * offset * taper, base[1] + normal[1] * offset * taper])
  }
  return out
}

/** A regular polygon approximating a circle, counter-clockwise and closed. */
export function circle(centre: XY, radius: number, segments = 32): Ring {
  const ring: Ring = []
  for (let i = 0; i < segments; i++) {
    const a = (2 * Math.PI * i) / segments
    ring.push([centre[0] + radius * Math.cos(a), centre[1] + radius * Math.sin(a)])
  }
  ring.push(ring[0])
  return ring
}

/** A lake-like blob: a circle whose radius wobbles smoothly. */
export function blob(rng: Random, centre: XY, radius: number, segments = 40): Ring {
  const waves = [2, 3, 5].map((k) => ({
    k,
    phase: rng.range(0, 2 * Math.PI),
    amp: rng.range(0.05, 0.22) / Math.sqrt(k),
  }))
  const stretch = rng.range(1, 1.8)
  const angle = rng.range(0, Math.PI)
  const ring: Ring = []
  for (let i = 0; i < segments; i++) {
    const a = (2 * Math.PI * i) / segments
    let r = radius
    for (const w of waves) r *= 1 + w.amp * Math.sin(w.k * a + w.phase)
    const x = r * Math.cos(a) * stretch
    const y = r * Math.sin(a)
    ring.push([
      centre[0] + x * Math.cos(angle) - y * Math.sin(angle),
      centre[1] + x * Math.sin(angle) + y * Math.cos(angle),
    ])
  }
  ring.push(ring[0])
  return ring
}

/** A point `d` metres from `p` in the direction `angle` (radians, counter-clockwise from east). */
export function polar(p: XY, d: number, angle: number): XY {
  return [p[0] + d * Math.cos(angle), p[1] + d * Math.sin(angle)]
}

/** The items sorted by distance to `p`, nearest first. */
export function byDistance<T>(items: readonly T[], p: XY, where: (item: T) => XY): T[] {
  return items
    .map((item) => ({ item, d: distance(where(item), p) }))
    .sort((a, b) => a.d - b.d)
    .map((x) => x.item)
}

/** The intersection of two multipolygons (planar, so fine in metres), or null when they do not meet. */
export function intersect(a: MultiPolygonXY, b: MultiPolygonXY): MultiPolygonXY | null {
  const clipped = turf.intersect(
    turf.featureCollection<Polygon | MultiPolygon>([turf.multiPolygon(a), turf.multiPolygon(b)]),
  )
  if (!clipped) return null
  const g = clipped.geometry
  return g.type === 'Polygon' ? [g.coordinates as PolygonXY] : (g.coordinates as MultiPolygonXY)
}

/** The union of multipolygons, e.g. districts into a police area. */
export function union(parts: MultiPolygonXY[]): MultiPolygonXY {
  if (parts.length === 1) return parts[0]
  const merged = turf.union(turf.featureCollection(parts.map((p) => turf.multiPolygon(p))))
  if (!merged) throw new Error('union is empty')
  const g = merged.geometry
  return g.type === 'Polygon' ? [g.coordinates as PolygonXY] : (g.coordinates as MultiPolygonXY)
}
