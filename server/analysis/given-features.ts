/**
 * A caller's own features for the hotspot statistics: ids, values and coordinates checked with
 * answers that name the fault, and the weights built from them. Nothing here reads stored data, so
 * a caller learns only about what it sent.
 */
import proj4 from 'proj4'
import { SWEREF99TM_PROJ4 } from '../../common/geo.ts'
import type { AnalysisCrs, GivenFeaturesRequest, HotspotWeights } from '../../common/hotspots.ts'
import { badRequest } from '../http/errors.ts'
import {
  contiguityWeights,
  distanceBandWeights,
  givenWeights,
  knnWeights,
  type PolygonRings,
  type SpatialWeights,
  type XY,
} from './hotspots/weights.ts'

export interface GivenFeatures {
  /** The ids as strings (the statistics' keys) and as the caller sent them. */
  ids: string[]
  originalIds: (string | number)[]
  values: number[]
  geometries: unknown[]
  kind: 'points' | 'polygons'
  /** Rings as given, for contiguity. */
  rings: PolygonRings[]
  /** A point per feature (a polygon's centroid) in metres (SWEREF 99 TM) or planar units. */
  points: XY[]
  crs: AnalysisCrs
}

/** SWEREF 99 TM's area of use, generously: Sweden with its sea, in metres. */
const SWEREF_RANGE = { minX: 0, maxX: 1_200_000, minY: 6_000_000, maxY: 7_800_000 }

type Position = number[]

function positionFault(p: unknown, crs: AnalysisCrs): string | null {
  if (
    !Array.isArray(p) ||
    p.length < 2 ||
    p.length > 3 ||
    !p.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    return 'a position is two or three finite numbers'
  const [x, y] = p as number[]
  if (crs === 'EPSG:4326' && (Math.abs(x!) > 180 || Math.abs(y!) > 90))
    return `(${x}, ${y}) is not a longitude and latitude: send "crs": "EPSG:3006" for SWEREF 99 TM metres, or "planar"`
  if (
    crs === 'EPSG:3006' &&
    (x! < SWEREF_RANGE.minX || x! > SWEREF_RANGE.maxX || y! < SWEREF_RANGE.minY || y! > SWEREF_RANGE.maxY)
  )
    return `(${x}, ${y}) lies outside SWEREF 99 TM's area (Sweden): send "crs": "EPSG:4326" for degrees, or "planar"`
  return null
}

/** The first fault in a geometry's coordinates, or null. */
function geometryFault(type: string, coordinates: unknown, crs: AnalysisCrs): string | null {
  const ring = (r: unknown): string | null => {
    if (!Array.isArray(r) || r.length < 4) return 'a ring needs at least four positions'
    for (const p of r) {
      const fault = positionFault(p, crs)
      if (fault) return fault
    }
    const first = r[0] as Position
    const last = r[r.length - 1] as Position
    return first[0] === last[0] && first[1] === last[1] ? null : 'a ring is not closed'
  }
  const polygon = (rings: unknown): string | null => {
    if (!Array.isArray(rings) || rings.length === 0) return 'a polygon needs an exterior ring'
    for (const r of rings) {
      const fault = ring(r)
      if (fault) return fault
    }
    return null
  }
  if (type === 'Point') return positionFault(coordinates, crs)
  if (type === 'Polygon') return polygon(coordinates)
  if (!Array.isArray(coordinates) || coordinates.length === 0) return 'a multipolygon needs a polygon'
  for (const part of coordinates) {
    const fault = polygon(part)
    if (fault) return fault
  }
  return null
}

const toSweref = proj4('EPSG:4326', SWEREF99TM_PROJ4)

/** The area-weighted centroid of the exterior rings. */
function centroid(rings: PolygonRings, exteriors: readonly number[]): XY {
  let area = 0
  let cx = 0
  let cy = 0
  for (const k of exteriors) {
    const r = rings[k]!
    for (let i = 0; i < r.length - 1; i++) {
      const [x1, y1] = r[i]!
      const [x2, y2] = r[i + 1]!
      const cross = x1 * y2 - x2 * y1
      area += cross
      cx += (x1 + x2) * cross
      cy += (y1 + y2) * cross
    }
  }
  if (area === 0) return rings[exteriors[0]!]![0]!
  return [cx / (3 * area), cy / (3 * area)]
}

export function readGivenFeatures(body: GivenFeaturesRequest): GivenFeatures {
  const crs = body.crs ?? 'EPSG:4326'
  const features = body.features.features
  const ids: string[] = []
  const originalIds: (string | number)[] = []
  const seen = new Set<string>()
  const values: number[] = []
  const rings: PolygonRings[] = []
  const points: XY[] = []
  const kinds = new Set<string>()
  features.forEach((f, index) => {
    const raw = f.id ?? (body.idProperty ? f.properties?.[body.idProperty] : undefined)
    if (typeof raw !== 'string' && typeof raw !== 'number')
      throw badRequest(
        `Feature ${index} has no id: give each feature an "id"${body.idProperty ? ` or a "${body.idProperty}" property` : ' or name an "idProperty"'}`,
        { feature: index },
      )
    const id = String(raw)
    if (seen.has(id)) throw badRequest(`Two features have the id ${id}`, { feature: index })
    seen.add(id)
    const value = f.properties?.[body.valueProperty]
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw badRequest(`Feature ${id} has no finite number in "${body.valueProperty}"`, { feature: index })
    const fault = geometryFault(f.geometry.type, f.geometry.coordinates, crs)
    if (fault) throw badRequest(`Feature ${id}: ${fault}`, { feature: index })
    kinds.add(f.geometry.type === 'Point' ? 'points' : 'polygons')
    ids.push(id)
    originalIds.push(raw)
    values.push(value)
    const featureRings: XY[][] =
      f.geometry.type === 'Point'
        ? []
        : f.geometry.type === 'Polygon'
          ? (f.geometry.coordinates as XY[][])
          : (f.geometry.coordinates as XY[][][]).flat()
    const exteriors =
      f.geometry.type === 'MultiPolygon'
        ? (f.geometry.coordinates as XY[][][]).map((_, k, all) =>
            all.slice(0, k).reduce((n, part) => n + part.length, 0),
          )
        : [0]
    rings.push(featureRings)
    const point =
      f.geometry.type === 'Point' ? (f.geometry.coordinates as XY) : centroid(featureRings, exteriors)
    points.push(
      crs === 'EPSG:4326' ? (toSweref.forward([point[0], point[1]]) as unknown as XY) : [point[0], point[1]],
    )
  })
  if (kinds.size > 1) throw badRequest('Send either points or polygons, not both')
  return {
    ids,
    originalIds,
    values,
    geometries: features.map((f) => f.geometry),
    kind: kinds.has('points') ? 'points' : 'polygons',
    rings,
    points,
    crs,
  }
}

/** The band at which every feature has at least one neighbour: the longest nearest-neighbour distance. */
export function bandReachingEveryone(ids: readonly string[], points: readonly XY[]): number {
  const nearest = knnWeights(ids, points, 1)
  let longest = 0
  points.forEach(([x, y], i) => {
    const [u, v] = points[nearest.neighbours[nearest.offsets[i]!]!]!
    longest = Math.max(longest, Math.hypot(x - u, y - v))
  })
  return longest
}

/** The weights a request asks for over the given features. */
export function givenFeatureWeights(given: GivenFeatures, weights: HotspotWeights): SpatialWeights {
  switch (weights.type) {
    case 'queen':
    case 'rook':
      if (given.kind === 'points')
        throw badRequest(
          `${weights.type} contiguity needs polygons: use a distance band or k nearest for points`,
          {
            field: 'weights.type',
          },
        )
      return contiguityWeights(given.ids, given.rings, weights.type)
    case 'distance':
      return distanceBandWeights(given.ids, given.points, weights.band)
    case 'knn':
      if (weights.k >= given.ids.length)
        throw badRequest(`k must be less than the number of features (${given.ids.length})`, {
          field: 'weights.k',
        })
      return knnWeights(given.ids, given.points, weights.k)
    case 'neighbours': {
      const w = givenWeights(given.ids, weights.neighbours)
      if ('unknown' in w)
        throw badRequest(`The neighbours name a feature that was not sent: ${w.unknown}`, {
          field: 'weights.neighbours',
          id: w.unknown,
        })
      return w
    }
  }
}
