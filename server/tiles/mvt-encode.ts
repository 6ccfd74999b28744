/**
 * Encodes features already in tile units into a Mapbox Vector Tile with `@maplibre/vt-pbf`. This is
 * the half of `ST_AsMVT` that PGlite lacks: ring winding, degenerate parts after snapping to whole
 * units, and property values MVT can carry.
 */
import { fromVectorTileJs, GeoJSONWrapper, type Feature as VtFeature } from '@maplibre/vt-pbf'
import type { Geometry, Position } from 'geojson'
import { TILE_EXTENT } from './tile-space.ts'

/** A value an MVT feature property can hold. */
export type TileValue = string | number | boolean

/** A feature whose geometry is GeoJSON in tile units (y growing downward), already clipped and snapped. */
export interface TileFeature {
  geometry: Geometry
  properties: Record<string, unknown>
}

export interface TileLayer {
  name: string
  features: TileFeature[]
}

/** MVT 2.1, the version ST_AsMVT writes. */
const MVT_VERSION = 2

/**
 * Keeps the properties MVT can carry: strings, finite numbers and booleans. Nulls, objects and
 * arrays are dropped, as `ST_AsMVT` drops them from a jsonb column, so both backends give the same
 * keys.
 */
export function flattenProperties(properties: Record<string, unknown>): Record<string, TileValue> {
  const flat: Record<string, TileValue> = {}
  for (const [key, value] of Object.entries(properties)) {
    if (typeof value === 'string' || typeof value === 'boolean') flat[key] = value
    else if (typeof value === 'number' && Number.isFinite(value)) flat[key] = value
  }
  return flat
}

type Point = [number, number]

/**
 * Twice the ring's area by the surveyor's formula in tile units. The MVT specification (4.3.4.4)
 * defines an exterior ring as one whose area is positive by this formula with y growing downward,
 * that is clockwise on screen; decoders tell holes from exteriors by the opposite sign.
 */
export function ringArea2(ring: readonly Point[]): number {
  let sum = 0
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1]
  }
  return sum
}

/** The positions as whole tile units without consecutive repeats; snapping often makes repeats. */
function cleanPath(positions: readonly Position[]): Point[] {
  const path: Point[] = []
  for (const p of positions) {
    const x = Math.round(p[0])
    const y = Math.round(p[1])
    const last = path[path.length - 1]
    if (!last || last[0] !== x || last[1] !== y) path.push([x, y])
  }
  return path
}

/** A ring without its closing position, oriented as asked; undefined when it has collapsed. */
function cleanRing(positions: readonly Position[], exterior: boolean): Point[] | undefined {
  const ring = cleanPath(positions)
  const first = ring[0]
  const last = ring[ring.length - 1]
  if (ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop()
  if (ring.length < 3) return undefined
  const area = ringArea2(ring)
  if (area === 0) return undefined
  if (area > 0 !== exterior) ring.reverse()
  return ring
}

function polygonRings(rings: readonly Position[][]): Point[][] {
  const [outer, ...holes] = rings
  const exterior = outer && cleanRing(outer, true)
  // Note: a polygon whose exterior collapsed is dropped with its holes; a lone hole would otherwise
  // be read as an exterior of the polygon before it.
  if (!exterior) return []
  const out = [exterior]
  for (const hole of holes) {
    const interior = cleanRing(hole, false)
    if (interior) out.push(interior)
  }
  return out
}

const dimensionOf = (g: Geometry): number => {
  switch (g.type) {
    case 'Point':
    case 'MultiPoint':
      return 0
    case 'LineString':
    case 'MultiLineString':
      return 1
    case 'Polygon':
    case 'MultiPolygon':
      return 2
    case 'GeometryCollection':
      return Math.max(-1, ...g.geometries.map(dimensionOf))
    default: {
      const unknown: never = g
      throw new Error(`Unknown geometry ${JSON.stringify(unknown)}`)
    }
  }
}

/** Simple geometries of a collection, nested collections included. */
const partsOf = (g: Geometry): Geometry[] =>
  g.type === 'GeometryCollection' ? g.geometries.flatMap(partsOf) : [g]

/**
 * One vt-pbf feature for a geometry, or undefined when nothing drawable is left. A collection (rare:
 * clipping can make one) keeps its parts of the highest dimension, as an MVT feature has one type.
 */
export function toVtFeature(geometry: Geometry, tags: Record<string, TileValue>): VtFeature | undefined {
  const dimension = dimensionOf(geometry)
  const parts = partsOf(geometry).filter((g) => dimensionOf(g) === dimension)
  if (dimension === 0) {
    const points = parts.flatMap((g) =>
      g.type === 'Point'
        ? cleanPath([g.coordinates])
        : g.type === 'MultiPoint'
          ? cleanPath(g.coordinates)
          : [],
    )
    return points.length > 0 ? { type: 1, geometry: points, tags } : undefined
  }
  if (dimension === 1) {
    const lines = parts
      .flatMap((g) =>
        g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [],
      )
      .map(cleanPath)
      .filter((line) => line.length >= 2)
    return lines.length > 0 ? { type: 2, geometry: lines, tags } : undefined
  }
  if (dimension === 2) {
    const rings = parts
      .flatMap((g) =>
        g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : [],
      )
      .flatMap(polygonRings)
    return rings.length > 0 ? { type: 3, geometry: rings, tags } : undefined
  }
  return undefined
}

/**
 * Encodes layers into one tile. Layers left without features are not written, so a tile with
 * nothing in it is zero bytes, as the PostGIS backend gives.
 */
export function encodeTile(layers: readonly TileLayer[]): Uint8Array {
  const written: Record<string, GeoJSONWrapper> = {}
  for (const layer of layers) {
    const features: VtFeature[] = []
    for (const f of layer.features) {
      const feature = toVtFeature(f.geometry, flattenProperties(f.properties))
      if (feature) features.push(feature)
    }
    if (features.length === 0) continue
    // Note: no feature ids. Ours are UUIDs, which MVT's integer ids cannot hold (vt-pbf would
    // parseInt them into nonsense); the id travels as the `id` property instead.
    const wrapper = new GeoJSONWrapper(features, { version: MVT_VERSION, extent: TILE_EXTENT })
    wrapper.name = layer.name
    written[layer.name] = wrapper
  }
  if (Object.keys(written).length === 0) return new Uint8Array(0)
  return fromVectorTileJs({ layers: written })
}
