/**
 * What the planning report's map needs besides the assessment: the municipality's boundary, its
 * name, and the roads and railways around the plan for orientation (all of them open data).
 */
import { sql } from 'drizzle-orm'
import type { Geometry, LineString } from 'geojson'
import type { PlanningAssessment } from '../../common/planning-assessment.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { WIDTH } from '../reports/document.ts'
import { fromSweref } from '../reports/map.ts'
import { MAP_HEIGHT, planMapExtent } from './report-map.ts'

export interface PlanningReportBase {
  municipality: { code: string; name: string; boundary: Geometry | null }
  roads: LineString[]
  railways: LineString[]
}

const MAX_ROADS = 4000
const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

export async function planningReportBase(
  handle: Orm,
  kommun: string,
  assessment: PlanningAssessment,
): Promise<PlanningReportBase> {
  const [municipality] = await queryRows<{ code: string; name: string; boundary: Geometry | string | null }>(
    handle,
    sql`SELECT code, name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0002), 6)::json AS boundary
      FROM areas WHERE kind = 'municipality' AND code = ${kommun} LIMIT 1`,
  )
  const extent = planMapExtent(assessment, WIDTH / MAP_HEIGHT)
  const corners = extent
    ? [fromSweref([extent.minX, extent.minY]), fromSweref([extent.maxX, extent.maxY])]
    : null
  const lines = corners
    ? await queryRows<{ geometry: LineString | string; railway: boolean }>(
        handle,
        sql`SELECT ST_AsGeoJSON((ST_Dump(t.geom)).geom, 7)::json AS geometry, t.mode = 'railway' AS railway
          FROM transport_links t
          WHERE t.classification = 'open'
            AND t.geom && ST_MakeEnvelope(${corners[0]![0] - 0.01}, ${corners[0]![1] - 0.01},
              ${corners[1]![0] + 0.01}, ${corners[1]![1] + 0.01}, 4326)
          LIMIT ${MAX_ROADS}`,
      )
    : []
  const all = lines.map((l) => ({ geometry: parse(l.geometry), railway: l.railway }))
  return {
    municipality: {
      code: municipality?.code ?? kommun,
      name: municipality?.name ?? kommun,
      boundary: municipality?.boundary ? parse(municipality.boundary) : null,
    },
    roads: all.filter((l) => !l.railway && l.geometry.type === 'LineString').map((l) => l.geometry),
    railways: all.filter((l) => l.railway && l.geometry.type === 'LineString').map((l) => l.geometry),
  }
}
