/** Test helper: a place where geometry checks accept drawings, so tests can draw around it. */
import { sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'

/** A point surely inside the municipality (PostGIS's point on its surface), as `[lon, lat]`. */
export async function pointInMunicipality(db: Database): Promise<[number, number]> {
  const [point] = await db.query<{ x: number; y: number }>(
    sql`SELECT ST_X(p) AS x, ST_Y(p) AS y
      FROM (SELECT ST_PointOnSurface(geom) AS p FROM areas WHERE kind = 'municipality' LIMIT 1) m`,
  )
  return [Number(point!.x), Number(point!.y)]
}
