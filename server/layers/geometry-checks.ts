/**
 * The geometry checks zod cannot make, in PostGIS: validity in the OGC sense (no self-intersection,
 * no spikes) and a place near the municipality. Layer edits and crisis annotations both pass them,
 * so a geometry the map would draw wrongly or far away is refused the same way everywhere.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Geometry } from 'geojson'
import { type Orm, queryRows } from '../../db/client.ts'
import { HttpError } from '../http/errors.ts'

/** How far outside the municipality an object may lie: its actors and hazards reach a little beyond. */
export const MAX_DISTANCE_OUTSIDE_METRES = 25_000

/** A WGS 84 GeoJSON geometry as PostGIS, flattened to two dimensions like every stored geometry. */
export const geometryValue = (geometry: Geometry): SQL =>
  sql`ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))`

interface Verdict {
  reason: string | null
  near: boolean | null
}

function faultOf(verdict: Verdict | undefined, path: string): HttpError | undefined {
  if (verdict && verdict.reason !== 'Valid Geometry')
    return new HttpError(400, 'validation_failed', `Invalid geometry: ${verdict.reason}`, {
      path,
    })
  if (verdict?.near === false)
    return new HttpError(
      400,
      'validation_failed',
      `The geometry lies more than ${MAX_DISTANCE_OUTSIDE_METRES / 1000} km outside the municipality; check the coordinates (longitude first, WGS 84)`,
      { path },
    )
  return undefined
}

/** Throws a 400 naming `path` unless the geometry (as SQL) is valid and near the municipality. */
export async function requireValidGeometry(handle: Orm, value: SQL, path = 'geometry'): Promise<void> {
  const [verdict] = await queryRows<Verdict>(
    handle,
    sql`SELECT ST_IsValidReason(g) AS reason,
        (SELECT ST_DWithin(g::geography, m.geom::geography, ${MAX_DISTANCE_OUTSIDE_METRES})
         FROM areas m WHERE m.kind = 'municipality' LIMIT 1) AS near
      FROM (SELECT ${value} AS g) v`,
  )
  const fault = faultOf(verdict, path)
  if (fault) throw fault
}

/**
 * The same checks for many geometries in one query (a change may carry hundreds); throws for the
 * first that fails, naming its path. A geometry PostGIS cannot even parse is a 400 too.
 */
export async function requireValidGeometries(
  handle: Orm,
  geometries: readonly { geometry: Geometry; path: string }[],
): Promise<void> {
  if (geometries.length === 0) return
  let verdicts: (Verdict & { n: number })[]
  try {
    verdicts = await queryRows<Verdict & { n: number }>(
      handle,
      sql`WITH m AS (SELECT geom::geography AS area FROM areas WHERE kind = 'municipality' LIMIT 1)
        SELECT v.n::int AS n, ST_IsValidReason(v.g) AS reason,
          (SELECT ST_DWithin(v.g::geography, m.area, ${MAX_DISTANCE_OUTSIDE_METRES}) FROM m) AS near
        FROM (
          SELECT e.n, ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(e.doc::text), 4326)) AS g
          FROM jsonb_array_elements(${JSON.stringify(geometries.map((g) => g.geometry))}::jsonb)
            WITH ORDINALITY AS e(doc, n)
        ) v ORDER BY v.n`,
    )
  } catch (err) {
    // Note: zod has checked the shape, so PostGIS refusing to parse is rare (nesting it does not
    // take); anything else (the database gone) is not the caller's fault and goes on as it is.
    if (!/geojson|coordinates|geometry/i.test(String(err))) throw err
    throw new HttpError(400, 'validation_failed', 'A geometry could not be read as GeoJSON', {
      path: geometries[0]?.path,
    })
  }
  for (const verdict of verdicts) {
    const fault = faultOf(verdict, geometries[verdict.n - 1]?.path ?? 'geometry')
    if (fault) throw fault
  }
}
