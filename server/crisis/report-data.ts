/**
 * What the situation report (*lägesrapport*) shows, gathered from the database: the session, its
 * picture and log at the chosen seq, the municipality's boundary and the major roads within the
 * map's frame for orientation. `report-pdf.ts` draws it; this module only reads.
 */
import { sql } from 'drizzle-orm'
import type { LineString } from 'geojson'
import type { EscalationLevel, Snapshot } from '../../common/crisis.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import type { Access } from '../http/access.ts'
import { reportMapBounds, type SessionReport } from './report-pdf.ts'
import {
  type SessionRights,
  type SessionRow,
  sessionMarking,
  sessionSeenBy,
  sessionView,
} from './session-access.ts'
import { pictureAt } from './session-state.ts'

/** Road classes drawn on the report's map: enough to find one's way, few enough to read. */
const REPORT_ROAD_CLASSES = ['motorway', 'trunk', 'primary', 'secondary'] as const
const MAX_REPORT_ROADS = 2000

export interface ReportRequest {
  access: Access
  session: SessionRow
  rights: SessionRights
  seq: number
  snapshot: Snapshot | null
  escalationLevels: readonly EscalationLevel[]
  kommun: string
}

const parse = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v)

export async function buildSessionReport(handle: Orm, request: ReportRequest): Promise<SessionReport> {
  const { access, session, rights, seq, snapshot } = request
  const { annotations, log } = await pictureAt(handle, session.id, seq, session.seq)
  const [municipality] = await queryRows<{
    code: string
    name: string
    boundary: GeoJSON.Geometry | string | null
  }>(
    handle,
    sql`SELECT code, name, ST_AsGeoJSON(ST_SimplifyPreserveTopology(geom, 0.0002), 6)::json AS boundary
      FROM areas WHERE kind = 'municipality' AND code = ${request.kommun} LIMIT 1`,
  )
  const boundary = municipality?.boundary ? parse(municipality.boundary) : null
  // Note: roads up to the edges of the frame the map will fill, not only around the annotations.
  const extent = reportMapBounds(annotations, boundary)
  const roads = extent
    ? await queryRows<{ geometry: LineString | string }>(
        handle,
        sql`SELECT ST_AsGeoJSON(t.geom, 6)::json AS geometry FROM transport_links t
          WHERE t.mode = 'road' AND t.classification = 'open'
            AND t.road_class IN (${sql.join(
              REPORT_ROAD_CLASSES.map((c) => sql`${c}`),
              sql`, `,
            )})
            AND t.geom && ST_MakeEnvelope(${extent[0]}, ${extent[1]}, ${extent[2]}, ${extent[3]}, 4326)
          LIMIT ${MAX_REPORT_ROADS}`,
      )
    : []
  const view = await sessionView(handle, session)
  return {
    session: { ...sessionSeenBy(access, view), rights },
    annotations,
    log,
    seq,
    snapshot: snapshot ? { name: snapshot.name, seq: snapshot.seq, createdAt: snapshot.createdAt } : null,
    municipality: {
      code: municipality?.code ?? request.kommun,
      name: municipality?.name ?? request.kommun,
      boundary,
    },
    roads: roads.map((r) => parse(r.geometry)).filter((g) => g.type === 'LineString'),
    escalationLevels: [...request.escalationLevels],
    // Note: the participants' organisations are joined rows; the report is marked for them too.
    classification: sessionMarking(access, view),
    generatedBy: access.displayName,
    generatedAt: new Date().toISOString(),
  }
}
