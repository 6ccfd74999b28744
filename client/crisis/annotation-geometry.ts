/**
 * Geometry of annotations: circles as polygons and back (a circle is stored as the polygon everyone
 * can draw, with `radius` in metres and `center` in its properties), and the bridge between
 * annotations and terra-draw's features (its `mode` property says which tool edits a feature).
 */
import type { Geometry, Polygon, Position } from 'geojson'
import type { AnnotationKind, AnnotationProperties, AnnotationRecord } from '../../common/crisis.ts'
import type { AnnotationDraft } from '../../common/session-sync.ts'

/** The mean Earth radius (IUGG), as turf and terra-draw use it. */
const EARTH_RADIUS_M = 6_371_008.8
/** Segments of a drawn circle: smooth at any zoom a staff map is read at, and few vertices. */
export const CIRCLE_STEPS = 64

const rad = (deg: number) => (deg * Math.PI) / 180
const deg = (r: number) => (r * 180) / Math.PI

/** Rounds to about a centimetre, so that stored shapes do not carry float noise. */
const round7 = (n: number) => Math.round(n * 1e7) / 1e7

/** Great-circle distance in metres. */
export function distanceMetres(a: Position, b: Position): number {
  const dLat = rad(b[1] - a[1])
  const dLon = rad(b[0] - a[0])
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[1])) * Math.cos(rad(b[1])) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The point `distance` metres from `origin` in direction `bearing` (degrees from north). */
export function destination(origin: Position, distance: number, bearing: number): [number, number] {
  const angular = distance / EARTH_RADIUS_M
  const theta = rad(bearing)
  const lat1 = rad(origin[1])
  const lon1 = rad(origin[0])
  const lat2 = Math.asin(
    Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(theta),
  )
  const lon2 =
    lon1 +
    Math.atan2(
      Math.sin(theta) * Math.sin(angular) * Math.cos(lat1),
      Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2),
    )
  return [round7(deg(lon2)), round7(deg(lat2))]
}

/** A circle as a closed polygon ring of `steps` vertices, counter-clockwise (RFC 7946). */
export function circlePolygon(center: Position, radius: number, steps = CIRCLE_STEPS): Polygon {
  const ring: [number, number][] = []
  for (let i = 0; i < steps; i++) ring.push(destination(center, radius, -(i * 360) / steps))
  ring.push(ring[0])
  return { type: 'Polygon', coordinates: [ring] }
}

/**
 * The centre and radius of a polygon drawn as a circle: the mean of its vertices and their mean
 * distance from it. A circle that was moved or resized as a polygon comes back as a true circle.
 */
export function circleOf(polygon: Polygon): { center: [number, number]; radius: number } {
  const ring = polygon.coordinates[0] ?? []
  const vertices = ring.length > 1 && samePosition(ring[0], ring[ring.length - 1]) ? ring.slice(0, -1) : ring
  if (vertices.length === 0) return { center: [0, 0], radius: 0 }
  const lon = vertices.reduce((s, p) => s + p[0], 0) / vertices.length
  const lat = vertices.reduce((s, p) => s + p[1], 0) / vertices.length
  const center: [number, number] = [round7(lon), round7(lat)]
  const radius = vertices.reduce((s, p) => s + distanceMetres(center, p), 0) / vertices.length
  return { center, radius: Math.round(radius * 10) / 10 }
}

function samePosition(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1]
}

/** A point to put a label on: the point itself, a line's middle vertex, an area's centre. */
export function labelPosition(
  record: Pick<AnnotationRecord, 'geometry' | 'properties'>,
): [number, number] | null {
  const g = record.geometry
  const center = record.properties.center
  if (center) return [center[0], center[1]]
  switch (g.type) {
    case 'Point':
      return [g.coordinates[0], g.coordinates[1]]
    case 'LineString': {
      const p = g.coordinates[Math.floor(g.coordinates.length / 2)]
      return p ? [p[0], p[1]] : null
    }
    case 'Polygon':
      return g.coordinates[0] ? circleOf(g).center : null
    case 'MultiPolygon': {
      // The largest part by vertex count carries the label; good enough for drawn areas.
      const largest = [...g.coordinates].sort((a, b) => (b[0]?.length ?? 0) - (a[0]?.length ?? 0))[0]
      return largest?.[0] ? circleOf({ type: 'Polygon', coordinates: largest }).center : null
    }
    default:
      return null
  }
}

// ---------------------------------------------------------------------------------------------
// terra-draw

/** The terra-draw modes that draw or edit each kind of annotation. */
export const terraDrawModeOf: Record<AnnotationKind, 'point' | 'linestring' | 'polygon' | 'circle'> = {
  point: 'point',
  text: 'point',
  line: 'linestring',
  polygon: 'polygon',
  circle: 'circle',
}

/** A feature for terra-draw's store, as plain GeoJSON (the store's own type is wider). */
export interface TerraDrawFeature {
  type: 'Feature'
  id: string
  geometry: Geometry
  properties: Record<string, string | number | boolean>
}

/**
 * The annotation as terra-draw edits it, or null when terra-draw cannot (a multipolygon, e.g. an
 * imported area): those are still moved and deleted through the session, not reshaped.
 */
export function toTerraDrawFeature(
  record: Pick<AnnotationRecord, 'id' | 'kind' | 'geometry' | 'properties'>,
): TerraDrawFeature | null {
  const mode = terraDrawModeOf[record.kind]
  const allowed = { point: 'Point', linestring: 'LineString', polygon: 'Polygon', circle: 'Polygon' }[mode]
  if (record.geometry.type !== allowed) return null
  const properties: TerraDrawFeature['properties'] = { mode }
  if (mode === 'circle') {
    const radius = record.properties.radius ?? circleOf(record.geometry as Polygon).radius
    properties.radiusKilometers = radius / 1000
  }
  return { type: 'Feature', id: record.id, geometry: record.geometry, properties }
}

/**
 * The annotation after an edit in terra-draw: the new shape with the annotation's own properties.
 * A circle is made round again around its new centre, and its radius and centre follow.
 */
export function editedDraft(
  record: Pick<AnnotationRecord, 'id' | 'kind' | 'properties'>,
  geometry: Geometry,
): AnnotationDraft {
  const properties: AnnotationProperties = { ...record.properties }
  let shape = geometry
  if (record.kind === 'circle' && geometry.type === 'Polygon') {
    const { center, radius } = circleOf(geometry)
    properties.center = center
    properties.radius = Math.max(radius, 1)
    shape = circlePolygon(center, properties.radius)
  }
  return { id: record.id, kind: record.kind, geometry: shape, properties }
}
