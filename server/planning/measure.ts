/**
 * What the planner's report measures, in PostGIS and in SWEREF 99 TM (EPSG:3006): for each
 * sub-area of a plan, the nearest object of every kind a planning rule is about (hazardous-goods
 * routes, railways, petrol stations, Seveso sites and their consultation zones, the flood extents),
 * with the shortest line to it; the bands along them at the rules' distances; and the critical
 * assets around the plan. Only rows the caller may read are measured, so a distance never reveals
 * an object the caller could not see on the map.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Position } from 'geojson'
import type { LayerGroup } from '../../common/layers.ts'
import type { LandUse } from '../../common/planning.ts'
import {
  type HazardTarget,
  hazardTargets,
  type NearbyAsset,
  type Nearest,
  type PlanGeometry,
  type SubAreaMeasure,
} from '../../common/planning-assessment.ts'
import { type Orm, queryRows } from '../../db/client.ts'
import { type Access, clearanceOf } from '../http/access.ts'

/** Whether the caller may read the row `t` in the theme `group`. */
export const readable = (access: Access, group: LayerGroup): SQL =>
  sql`t.classification IN (${sql.join(
    clearanceOf(access, group).map((c) => sql`${c}`),
    sql`, `,
  )})`

/**
 * Every object a rule measures to, as `(target, name, classification, g)` with `g` in SWEREF 99 TM,
 * limited to what the caller may read in the object's own theme.
 */
export function hazardObjects(access: Access): SQL {
  const routes = readable(access, 'hazards')
  const sites = readable(access, 'hazards')
  return sql`
    SELECT CASE WHEN t.mode = 'railway' THEN 'railway' ELSE 'hazardous_goods_' || t.hazardous_goods_route END AS target,
      coalesce(t.name, t.ref, CASE WHEN t.mode = 'railway' THEN 'Järnväg' ELSE 'Väg' END) AS name,
      t.classification, ST_Transform(t.geom, 3006) AS g
    FROM transport_links t
    WHERE (t.mode = 'railway' OR t.hazardous_goods_route IN ('primary', 'secondary')) AND ${routes}
    UNION ALL
    SELECT CASE WHEN t.kind = 'petrol_station' THEN 'petrol_station' ELSE 'seveso' END, t.name, t.classification,
      ST_Transform(t.geom, 3006)
    FROM hazard_sites t WHERE t.kind IN ('petrol_station', 'seveso_upper', 'seveso_lower') AND ${sites}
    UNION ALL
    SELECT t.kind, t.name, t.classification, ST_Transform(t.geom, 3006)
    FROM hazard_zones t
    WHERE t.kind IN ('seveso_consultation', 'flood_100', 'flood_200', 'flood_bhf') AND ${sites}`
}

/** The areas as SWEREF 99 TM geometries `(n, g)`, numbered from 1 in the given order. */
const areasSql = (geometries: readonly PlanGeometry[]): SQL => sql`
  SELECT e.n::int AS n, ST_Transform(ST_Force2D(ST_SetSRID(ST_GeomFromGeoJSON(e.doc::text), 4326)), 3006) AS g
  FROM jsonb_array_elements(${JSON.stringify(geometries)}::jsonb) WITH ORDINALITY AS e(doc, n)`

interface NearestRow {
  n: number
  target: HazardTarget
  name: string
  classification: string
  distance: number
  line: { coordinates: Position[] }
}

/**
 * The nearest readable object of every kind to each area. One statement: the hazard objects are
 * transformed once and each area looks up its nearest per kind.
 */
export async function nearestHazards(
  handle: Orm,
  access: Access,
  areas: readonly { name: string; landUses: LandUse[]; geometry: PlanGeometry }[],
): Promise<{ measures: SubAreaMeasure[]; classifications: string[] }> {
  const rows = await queryRows<NearestRow>(
    handle,
    sql`WITH a AS (${areasSql(areas.map((a) => a.geometry))}),
      h AS MATERIALIZED (${hazardObjects(access)})
    SELECT a.n, k.target, k.name, k.classification, k.distance,
      ST_AsGeoJSON(ST_Transform(k.line, 4326), 9)::json AS line
    FROM a CROSS JOIN LATERAL (
      SELECT DISTINCT ON (h.target) h.target, h.name, h.classification,
        ST_Distance(a.g, h.g) AS distance, ST_ShortestLine(a.g, h.g) AS line
      FROM h ORDER BY h.target, ST_Distance(a.g, h.g), h.name
    ) k ORDER BY a.n`,
  )
  const measures: SubAreaMeasure[] = areas.map((a) => ({
    name: a.name,
    landUses: a.landUses,
    nearest: Object.fromEntries(hazardTargets.map((t) => [t, null])) as Record<HazardTarget, Nearest | null>,
  }))
  for (const row of rows) {
    const measure = measures[row.n - 1]
    if (!measure || !(hazardTargets as readonly string[]).includes(row.target)) continue
    const [from, to] = row.line.coordinates
    measure.nearest[row.target] = {
      distanceM: Number(row.distance),
      name: row.name,
      line: [from!, to ?? from!],
    }
  }
  return { measures, classifications: [...new Set(rows.map((r) => r.classification))] }
}

/** The bands the map draws: along each kind of object, at a rule's distance, near the plan. */
export interface BufferRequest {
  key: string
  limitM: number
  targets: readonly HazardTarget[]
}

/**
 * Each band clipped to the plan's surroundings (the band's width plus `marginM` around the plan),
 * simplified to a tenth of a metre; null where no object of those kinds lies that near.
 */
export async function hazardBuffers(
  handle: Orm,
  access: Access,
  plan: PlanGeometry,
  requests: readonly BufferRequest[],
  marginM: number,
): Promise<Map<string, PlanGeometry>> {
  if (requests.length === 0) return new Map()
  const rows = await queryRows<{ key: string; geometry: PlanGeometry | null }>(
    handle,
    sql`WITH p AS (SELECT g FROM (${areasSql([plan])}) a),
      h AS MATERIALIZED (${hazardObjects(access)}),
      r AS (SELECT e.doc->>'key' AS key, (e.doc->>'limitM')::float8 AS limit_m,
              ARRAY(SELECT jsonb_array_elements_text(e.doc->'targets')) AS targets
            FROM jsonb_array_elements(${JSON.stringify(requests)}::jsonb) AS e(doc))
    SELECT r.key, ST_AsGeoJSON(ST_Transform(ST_Multi(ST_CollectionExtract(ST_Intersection(
        ST_Buffer(ST_Union(h.g), r.limit_m, 16), ST_Buffer(p.g, r.limit_m + ${marginM}, 8)), 3)), 4326), 7)::json AS geometry
    FROM r, p, h
    WHERE h.target = ANY(r.targets) AND ST_DWithin(h.g, p.g, r.limit_m + ${marginM})
    GROUP BY r.key, r.limit_m, p.g`,
  )
  const out = new Map<string, PlanGeometry>()
  for (const row of rows) if (row.geometry?.coordinates.length) out.set(row.key, row.geometry)
  return out
}

/**
 * The critical assets within `radiusM` of the plan that the caller may read, nearest first. The
 * box test on the stored WGS 84 geometry lets the index skip the rest before any transform.
 */
export async function nearbyCriticalAssets(
  handle: Orm,
  access: Access,
  plan: PlanGeometry,
  radiusM: number,
): Promise<{ assets: NearbyAsset[]; classifications: string[] }> {
  const rows = await queryRows<NearbyAsset & { classification: string }>(
    handle,
    sql`WITH p AS (SELECT g FROM (${areasSql([plan])}) a)
    SELECT t.id::text AS id, t.name, t.sector, t.classification,
      ST_Distance(ST_Transform(t.geom, 3006), p.g) AS "distanceM"
    FROM critical_assets t, p
    WHERE t.geom && ST_Transform(ST_Expand(p.g, ${radiusM * 1.1}), 4326)
      AND ST_DWithin(ST_Transform(t.geom, 3006), p.g, ${radiusM})
      AND ${readable(access, 'infrastructure')}
    ORDER BY 5, t.name LIMIT 50`,
  )
  return {
    assets: rows.map(({ classification: _, ...a }) => ({ ...a, distanceM: Number(a.distanceM) })),
    classifications: [...new Set(rows.map((r) => r.classification))],
  }
}

/** The plan's area and its sub-areas' in square metres (SWEREF 99 TM). */
export async function groundAreas(handle: Orm, geometries: readonly PlanGeometry[]): Promise<number[]> {
  const rows = await queryRows<{ n: number; area: number }>(
    handle,
    sql`SELECT n, ST_Area(g) AS area FROM (${areasSql(geometries)}) a ORDER BY n`,
  )
  return rows.map((r) => Number(r.area))
}
