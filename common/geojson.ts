/**
 * RFC 7946 GeoJSON as zod schemas: coordinate ranges, closed rings, minimum positions, and a cap on
 * vertices, with messages that point at the fault (`coordinates.0.3: ring is not closed`).
 */
import type { Geometry } from 'geojson'
import { z } from 'zod'

export const GEOJSON_LIMITS = { maxVertices: 100_000, maxFeatures: 10_000 } as const

const longitude = z.number().finite().min(-180, 'longitude below -180').max(180, 'longitude above 180')
const latitude = z.number().finite().min(-90, 'latitude below -90').max(90, 'latitude above 90')

/** [lon, lat] or [lon, lat, elevation], WGS 84. */
export const Position = z.union([
  z.tuple([longitude, latitude]),
  z.tuple([longitude, latitude, z.number().finite()]),
])

const samePosition = (a: number[], b: number[]) => a[0] === b[0] && a[1] === b[1]

const LinearRing = z
  .array(Position)
  .min(4, 'a linear ring needs at least four positions')
  .refine(
    (ring) => samePosition(ring[0]!, ring[ring.length - 1]!),
    'ring is not closed: first and last positions differ',
  )

export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position })
export const MultiPointGeometry = z.object({ type: z.literal('MultiPoint'), coordinates: z.array(Position) })
export const LineStringGeometry = z.object({
  type: z.literal('LineString'),
  coordinates: z.array(Position).min(2, 'a line needs at least two positions'),
})
export const MultiLineStringGeometry = z.object({
  type: z.literal('MultiLineString'),
  coordinates: z.array(z.array(Position).min(2, 'a line needs at least two positions')),
})
export const PolygonGeometry = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(LinearRing).min(1, 'a polygon needs an exterior ring'),
})
export const MultiPolygonGeometry = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(LinearRing).min(1, 'a polygon needs an exterior ring')),
})

const SimpleGeometry = z.discriminatedUnion('type', [
  PointGeometry,
  MultiPointGeometry,
  LineStringGeometry,
  MultiLineStringGeometry,
  PolygonGeometry,
  MultiPolygonGeometry,
])

export const GeometryCollectionGeometry = z.object({
  type: z.literal('GeometryCollection'),
  geometries: z.array(SimpleGeometry),
})

/** Counts positions, so one huge geometry cannot slip past the vertex cap. */
export function countVertices(value: unknown): number {
  if (!Array.isArray(value)) return 0
  if (typeof value[0] === 'number') return 1
  let n = 0
  for (const item of value) n += countVertices(item)
  return n
}

export const GeoJsonGeometry = z.union([SimpleGeometry, GeometryCollectionGeometry]).superRefine((g, ctx) => {
  const n =
    g.type === 'GeometryCollection'
      ? g.geometries.reduce((s, x) => s + countVertices(x.coordinates), 0)
      : countVertices(g.coordinates)
  if (n > GEOJSON_LIMITS.maxVertices)
    ctx.addIssue({
      code: 'custom',
      message: `geometry has ${n} vertices; at most ${GEOJSON_LIMITS.maxVertices} allowed`,
    })
}) as unknown as z.ZodType<Geometry>

export const GeoJsonFeature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: GeoJsonGeometry.nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
})

export const GeoJsonFeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z
    .array(GeoJsonFeature)
    .max(GEOJSON_LIMITS.maxFeatures, `at most ${GEOJSON_LIMITS.maxFeatures} features`),
})
