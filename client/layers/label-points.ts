/**
 * One label point per area: the centroid of the area's largest part when it lies inside that part,
 * else a point guaranteed to be on it (a crescent-shaped district's centroid can fall outside).
 */
import { area, booleanPointInPolygon, centroid, pointOnFeature } from '@turf/turf'
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Point, Polygon } from 'geojson'

function largestPart(geometry: Polygon | MultiPolygon): Polygon {
  if (geometry.type === 'Polygon') return geometry
  let best: Polygon = { type: 'Polygon', coordinates: geometry.coordinates[0] ?? [] }
  let bestArea = -1
  for (const coordinates of geometry.coordinates) {
    const part: Polygon = { type: 'Polygon', coordinates }
    const size = area(part)
    if (size > bestArea) {
      best = part
      bestArea = size
    }
  }
  return best
}

export function labelPoint(geometry: Geometry): [number, number] | null {
  if (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon') return null
  const part = largestPart(geometry)
  if (!part.coordinates.length) return null
  const centre = centroid(part)
  if (booleanPointInPolygon(centre, part)) return centre.geometry.coordinates as [number, number]
  return pointOnFeature(part).geometry.coordinates as [number, number]
}

/** Label points carrying the areas' properties, for a GeoJSON label source. */
export function labelPoints(
  collection: FeatureCollection<Geometry | null, Record<string, unknown> | null>,
): FeatureCollection<Point, Record<string, unknown>> {
  const features: Feature<Point, Record<string, unknown>>[] = []
  for (const feature of collection.features) {
    if (!feature.geometry) continue
    const point = labelPoint(feature.geometry)
    if (point)
      features.push({
        type: 'Feature',
        properties: feature.properties ?? {},
        geometry: { type: 'Point', coordinates: point },
      })
  }
  return { type: 'FeatureCollection', features }
}
