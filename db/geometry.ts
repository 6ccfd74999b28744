import { sql } from 'drizzle-orm'
import { customType } from 'drizzle-orm/pg-core'
import type { Geometry } from 'geojson'

/** The PostGIS geometry types the schema uses. */
export type GeometryKind =
  | 'Point'
  | 'LineString'
  | 'Polygon'
  | 'MultiPoint'
  | 'MultiLineString'
  | 'MultiPolygon'
  | 'Geometry'

/**
 * A `geometry(<kind>, 4326)` column holding WGS 84 GeoJSON.
 *
 * Note: drizzle's own `geometry()` handles points only and drops the SRID (0.45), so writes go
 * through `ST_GeomFromGeoJSON` here. Reads should select `ST_AsGeoJSON(col)::json` explicitly;
 * the raw driver value (hex EWKB) is passed through untouched.
 */
export const geometry = (name: string, kind: GeometryKind) =>
  customType<{ data: Geometry; driverData: string }>({
    dataType: () => `geometry(${kind}, 4326)`,
    toDriver: (value) =>
      sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326)` as unknown as string,
  })(name)
