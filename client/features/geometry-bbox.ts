/** The bounding box of a GeoJSON feature's geometry, for "zoom to feature". */
import type { Feature, Geometry, Position } from 'geojson'
import type { BBox } from '../../common/geo.ts'

function positions(geometry: Geometry): Position[] {
  switch (geometry.type) {
    case 'Point':
      return [geometry.coordinates]
    case 'MultiPoint':
    case 'LineString':
      return geometry.coordinates
    case 'MultiLineString':
    case 'Polygon':
      return geometry.coordinates.flat()
    case 'MultiPolygon':
      return geometry.coordinates.flat(2)
    case 'GeometryCollection':
      return geometry.geometries.flatMap(positions)
  }
}

export function featureBBox(feature: Feature<Geometry | null>): BBox | null {
  if (!feature.geometry) return null
  const all = positions(feature.geometry)
  if (!all.length) return null
  let [minLon, minLat, maxLon, maxLat] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const [lon, lat] of all) {
    minLon = Math.min(minLon, lon)
    minLat = Math.min(minLat, lat)
    maxLon = Math.max(maxLon, lon)
    maxLat = Math.max(maxLat, lat)
  }
  return [minLon, minLat, maxLon, maxLat]
}
