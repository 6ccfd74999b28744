/**
 * The checks of a plan that zod cannot make, in PostGIS: every ring valid (no self-intersection),
 * the plan inside the municipality, each sub-area inside the plan and no two sub-areas
 * overlapping. A refused plan is a 400 naming the fault and its path; nothing is stored.
 */
import { sql } from 'drizzle-orm'
import type { PlanGeometry } from '../../common/planning-assessment.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { HttpError } from '../http/errors.ts'

/** How far a sub-area's edge may stray outside the plan, and two sub-areas overlap: drawing slack. */
const SLACK_M = 0.5

const refuse = (message: string, path: string) => new HttpError(400, 'validation_failed', message, { path })

interface CheckRow {
  n: number
  reason: string
  inside_municipality: boolean | null
  inside_plan: boolean | null
  overlaps: number | null
  area: number
}

/** Throws a 400 for the first fault of the plan (`n` 1) or of a sub-area (`n` 2 onward). */
export async function requireSoundPlan(
  handle: Orm,
  kommun: string,
  plan: PlanGeometry,
  subAreas: readonly PlanGeometry[],
): Promise<void> {
  let rows: CheckRow[]
  try {
    rows = await queryRows<CheckRow>(
      handle,
      sql`WITH g AS (
          SELECT e.n::int AS n, ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(e.doc::text), 4326)) AS g
          FROM jsonb_array_elements(${JSON.stringify([plan, ...subAreas])}::jsonb) WITH ORDINALITY AS e(doc, n)),
        v AS (SELECT n, g, ST_IsValidReason(g) AS reason FROM g),
        s AS (SELECT n, g, CASE WHEN reason = 'Valid Geometry' THEN ST_Transform(g, 3006) END AS m FROM v),
        m AS (SELECT geom FROM areas WHERE kind = 'municipality' AND code = ${kommun} LIMIT 1),
        p AS (SELECT m AS plan FROM s WHERE n = 1)
      SELECT v.n, v.reason,
        CASE WHEN v.n = 1 AND v.reason = 'Valid Geometry' THEN (SELECT ST_CoveredBy(v.g, m.geom) FROM m) END AS inside_municipality,
        CASE WHEN v.n > 1 AND s.m IS NOT NULL AND p.plan IS NOT NULL
          THEN ST_CoveredBy(s.m, ST_Buffer(p.plan, ${SLACK_M})) END AS inside_plan,
        CASE WHEN v.n > 1 AND s.m IS NOT NULL THEN (
          SELECT max(o.n) FROM s o WHERE o.n > 1 AND o.n < v.n AND o.m IS NOT NULL
            AND ST_Area(ST_Intersection(o.m, s.m)) > ${SLACK_M}) END AS overlaps,
        coalesce(ST_Area(s.m), 0) AS area
      FROM v JOIN s USING (n), p ORDER BY v.n`,
    )
  } catch (err) {
    if (!/geojson|coordinates|geometry/i.test(String(err))) throw err
    throw refuse('The plan could not be read as GeoJSON', 'geometry')
  }
  for (const row of rows) {
    const path = row.n === 1 ? 'geometry' : `subAreas.${row.n - 2}.geometry`
    const what = row.n === 1 ? 'The plan' : `Sub-area ${row.n - 1}`
    if (row.reason !== 'Valid Geometry') throw refuse(`${what} is not a valid polygon: ${row.reason}`, path)
    if (Number(row.area) < 1) throw refuse(`${what} is empty: its area is under one square metre`, path)
    if (row.inside_municipality === false)
      throw refuse(`${what} lies outside the municipality ${kommun}, wholly or in part`, path)
    if (row.inside_plan === false) throw refuse(`${what} lies outside the plan area`, path)
    if (row.overlaps !== null) throw refuse(`${what} overlaps sub-area ${Number(row.overlaps) - 1}`, path)
  }
}
